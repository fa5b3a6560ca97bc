// Regular expressions that cannot backtrack catastrophically. JavaScript's engine backtracks, so `^(a+)+$` on
// 30 "a"s and a "!" takes seconds in a shopper's tab. Patterns in conditions are checked here, conservatively:
// no quantifier inside a repeated group, no repeated alternation whose branches can start alike, no long chains
// of unbounded repetitions that can match the same characters, no backreferences. Pure TypeScript (no zod), so
// the edge and the device share it.

/** Longest pattern accepted: conditions are short rules, and the checks below are linear in it. */
export const MAX_PATTERN_LENGTH = 500;
/**
 * Unbounded repetitions that may compete for the same characters, one after another (an unanchored pattern
 * counts one more, for the engine's retry at every start position). Work grows as n^chain: 3 is at most a few
 * million steps on a 200-character attribute, 4 is already a hundred times more.
 */
const MAX_CHAIN = 3;
/** A repetition bounded above this many is treated as unbounded. */
const UNBOUNDED = 20;

/** A set of characters: ASCII codes (letters folded to lower case, conservatively) and "anything else". */
interface Chars {
  ascii: Set<number>;
  other: boolean;
}

type Node =
  | { t: 'chars'; c: Chars }
  | { t: 'empty' } // an assertion or a lookaround: matches no character
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; branches: Node[] }
  | { t: 'rep'; min: number; max: number; body: Node };

const fold = (code: number) => (code >= 65 && code <= 90 ? code + 32 : code);
const none = (): Chars => ({ ascii: new Set(), other: false });
const any = (): Chars => {
  const c = none();
  for (let i = 0; i < 128; i++) c.ascii.add(i);
  c.other = true;
  return c;
};
function add(into: Chars, from: Chars): Chars {
  for (const code of from.ascii) into.ascii.add(code);
  into.other ||= from.other;
  return into;
}
function overlap(a: Chars, b: Chars): boolean {
  if (a.other && b.other) return true;
  for (const code of a.ascii) if (b.ascii.has(code)) return true;
  return false;
}
function range(from: number, to: number, into = none()): Chars {
  if (to > 127 || from > 127) into.other = true;
  for (let i = from; i <= Math.min(to, 127); i++) into.ascii.add(fold(i));
  return into;
}
/** \d \w \s and their complements, as sets. */
function classEscape(letter: string): Chars | null {
  const lower = letter.toLowerCase();
  let c: Chars;
  if (lower === 'd') c = range(48, 57);
  else if (lower === 'w') c = range(95, 95, range(97, 122, range(48, 57)));
  else if (lower === 's') {
    c = range(9, 13, range(32, 32));
    c.other = true; // non-breaking and Unicode spaces
  } else return null;
  // A complement (\D \W \S) may be nearly anything: treated as everything, which only ever refuses more.
  return letter === lower ? c : any();
}

class Parser {
  i = 0;
  groups = 0;
  constructor(readonly s: string) {}

  fail(message: string): never {
    throw new Error(message);
  }

  alternation(): Node {
    const branches = [this.sequence()];
    while (this.s[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0]! : { t: 'alt', branches };
  }

  sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return { t: 'seq', items };
  }

  quantified(atom: Node): Node {
    const ch = this.s[this.i];
    let min: number;
    let max: number;
    if (ch === '*' || ch === '+' || ch === '?') {
      this.i++;
      [min, max] = ch === '*' ? [0, Infinity] : ch === '+' ? [1, Infinity] : [0, 1];
    } else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i));
      if (!m) return atom; // a literal "{" (Annex B)
      this.i += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
    } else return atom;
    if (this.s[this.i] === '?') this.i++; // lazy: the same backtracking, in another order
    if (atom.t === 'empty') return atom;
    return { t: 'rep', min, max, body: atom };
  }

  atom(): Node {
    const s = this.s;
    const ch = s[this.i++]!;
    if (ch === '^' || ch === '$') return { t: 'empty' };
    if (ch === '.') return { t: 'chars', c: any() };
    if (ch === '[') return { t: 'chars', c: this.charClass() };
    if (ch === '(') {
      let look = false;
      if (s.startsWith('?:', this.i)) this.i += 2;
      else if (/^\?<?[=!]/.test(s.slice(this.i, this.i + 3))) {
        this.i += s[this.i + 1] === '<' ? 3 : 2;
        look = true;
      } else {
        if (s.startsWith('?<', this.i)) this.i = s.indexOf('>', this.i) + 1;
        this.groups++;
      }
      const body = this.alternation();
      if (s[this.i++] !== ')') this.fail('unbalanced parenthesis');
      // A lookaround matches no character; its own body is still checked, as its own pattern.
      if (look) {
        check(anywhere(body), false);
        return { t: 'empty' };
      }
      return body;
    }
    if (ch === '\\') return this.escape();
    return { t: 'chars', c: range(ch.charCodeAt(0), ch.charCodeAt(0)) };
  }

  escape(): Node {
    const s = this.s;
    const ch = s[this.i++] ?? '\\';
    if (ch === 'b' || ch === 'B') return { t: 'empty' };
    if (/[1-9]/.test(ch) || (ch === 'k' && s[this.i] === '<'))
      this.fail('backreferences (\\1, \\k<name>) are not allowed: they can take exponential time');
    return { t: 'chars', c: this.escapedChars(ch) };
  }

  escapedChars(ch: string): Chars {
    const c = classEscape(ch);
    if (c) return c;
    // \n \t \xHH \uHHHH \cX and escaped punctuation: one character, conservatively any for the numeric forms.
    if (ch === 'x' || ch === 'u' || ch === 'c') {
      const m = ch === 'x' ? /^[0-9a-fA-F]{2}/.exec(this.s.slice(this.i)) : ch === 'u' ? /^[0-9a-fA-F]{4}/.exec(this.s.slice(this.i)) : null;
      if (m) {
        this.i += m[0].length;
        const code = parseInt(m[0], 16);
        return range(code, code);
      }
      if (ch === 'c' && /[A-Za-z]/.test(this.s[this.i] ?? '')) this.i++;
      return any();
    }
    const codes: Record<string, number> = { n: 10, r: 13, t: 9, v: 11, f: 12, '0': 0 };
    const code = codes[ch] ?? ch.charCodeAt(0);
    return range(code, code);
  }

  charClass(): Chars {
    const s = this.s;
    const negated = s[this.i] === '^';
    if (negated) this.i++;
    const c = none();
    while (this.i < s.length && s[this.i] !== ']') {
      let from: Chars;
      let fromCode = -1;
      const ch = s[this.i++]!;
      if (ch === '\\') {
        const e = s[this.i++] ?? '\\';
        from = e === 'b' ? range(8, 8) : this.escapedChars(e);
        if (from.ascii.size === 1 && !from.other) fromCode = [...from.ascii][0]!;
      } else {
        fromCode = ch.charCodeAt(0);
        from = range(fromCode, fromCode);
      }
      if (s[this.i] === '-' && s[this.i + 1] !== ']' && this.i + 1 < s.length && fromCode >= 0) {
        this.i++;
        let to = s[this.i++]!;
        if (to === '\\') to = String.fromCharCode([...this.escapedChars(s[this.i++] ?? '\\').ascii][0] ?? 127);
        range(fromCode, to.charCodeAt(0), c);
      } else add(c, from);
    }
    this.i++; // the closing "]"
    // A negated class matches nearly anything: treated as everything.
    return negated ? any() : c;
  }
}

/** Whether a node can match strings of different lengths (a fixed-length repetition inside a loop is harmless). */
function variable(node: Node): boolean {
  if (node.t === 'rep') return node.min !== node.max || variable(node.body);
  if (node.t === 'seq') return node.items.some(variable);
  if (node.t === 'alt') return node.branches.some(variable) || new Set(node.branches.map(width)).size > 1;
  return false;
}
function width(node: Node): number {
  if (node.t === 'chars') return 1;
  if (node.t === 'seq') return node.items.reduce((n, item) => n + width(item), 0);
  if (node.t === 'alt') return width(node.branches[0]!);
  if (node.t === 'rep') return node.min * width(node.body);
  return 0;
}
function nullable(node: Node): boolean {
  if (node.t === 'chars') return false;
  if (node.t === 'seq') return node.items.every(nullable);
  if (node.t === 'alt') return node.branches.some(nullable);
  if (node.t === 'rep') return node.min === 0 || nullable(node.body);
  return true;
}
/** Characters a match can start with. */
function first(node: Node): Chars {
  if (node.t === 'chars') return node.c;
  if (node.t === 'rep') return first(node.body);
  if (node.t === 'alt') return node.branches.reduce((c, b) => add(c, first(b)), none());
  if (node.t === 'seq') {
    const c = none();
    for (const item of node.items) {
      add(c, first(item));
      if (!nullable(item)) break;
    }
    return c;
  }
  return none();
}
/** Every character a node can match. */
function chars(node: Node): Chars {
  if (node.t === 'chars') return node.c;
  if (node.t === 'rep') return chars(node.body);
  if (node.t === 'seq') return node.items.reduce((c, item) => add(c, chars(item)), none());
  if (node.t === 'alt') return node.branches.reduce((c, b) => add(c, chars(b)), none());
  return none();
}
const repeats = (node: Node) => node.t === 'rep' && node.max > 1;
const unbounded = (node: Node) => node.t === 'rep' && node.max > UNBOUNDED;

/** Throws the first reason `node` can backtrack catastrophically. `inLoop`: inside a repeated group. */
function check(node: Node, inLoop: boolean): void {
  if (node.t === 'rep') {
    if (inLoop && variable(node)) throw new Error('nested quantifier: a repeated group contains a quantifier, as in (a+)+');
    check(node.body, inLoop || (repeats(node) && variable(node.body)) || (repeats(node) && node.body.t === 'alt'));
    return;
  }
  if (node.t === 'alt') {
    if (inLoop)
      node.branches.forEach((branch, i) => {
        const starts = first(branch);
        if (nullable(branch)) throw new Error('ambiguous alternation: a repeated alternative can match nothing, as in (a|)+');
        for (const other of node.branches.slice(i + 1))
          if (overlap(starts, first(other)))
            throw new Error('ambiguous alternation: repeated alternatives can start with the same character, as in (a|ab)+');
      });
    for (const branch of node.branches) check(branch, inLoop);
    return;
  }
  if (node.t === 'seq') {
    if (!inLoop) chain(node);
    for (const item of node.items) check(item, inLoop);
  }
}

/** A sequence flattened into what the chain rule reads: unbounded repetitions and the characters between them. */
function flatten(node: Node, out: { unbounded: boolean; c: Chars }[]): void {
  if (node.t === 'seq') for (const item of node.items) flatten(item, out);
  else if (node.t === 'alt') {
    const inner: { unbounded: boolean; c: Chars }[] = [];
    for (const branch of node.branches) flatten(branch, inner);
    out.push({ unbounded: inner.some((x) => x.unbounded), c: chars(node) });
  } else if (node.t !== 'empty') out.push({ unbounded: unbounded(node), c: chars(node) });
}

function chain(node: Node): void {
  const tokens: { unbounded: boolean; c: Chars }[] = [];
  flatten(node, tokens);
  let length = 0;
  let set: Chars = none();
  for (const token of tokens) {
    if (token.unbounded) {
      length = overlap(set, token.c) ? length + 1 : 1;
      set = add(none(), token.c);
      if (length > MAX_CHAIN)
        throw new Error(`more than ${MAX_CHAIN} unbounded repetitions that can match the same characters, as in .*a.*a.*a.*a`);
    } else if (!overlap(set, token.c)) {
      length = 0;
      set = none();
    }
  }
}

/** Unanchored, the engine retries a pattern at every start position: one more link in any chain. */
function anywhere(node: Node): Node {
  return { t: 'seq', items: [{ t: 'rep', min: 0, max: Infinity, body: { t: 'chars', c: any() } }, node] };
}

/**
 * Why `pattern` may backtrack catastrophically (or is not a valid pattern), or null when it is safe.
 * @example unsafePattern('^(a+)+$') // 'nested quantifier: a repeated group contains a quantifier, as in (a+)+'
 * @example unsafePattern('^/products/') // null
 */
export function unsafePattern(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return `longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(pattern);
  } catch (error) {
    return `not a valid regular expression (${(error as Error).message})`;
  }
  try {
    const parser = new Parser(pattern);
    const tree = parser.alternation();
    check(pattern.startsWith('^') ? tree : anywhere(tree), false);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
