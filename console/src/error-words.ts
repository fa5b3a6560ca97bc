// The edge's validation errors in words a marketer reads: where ("Offer "15% off womenswear" › Margin") instead of
// offers[12].margin, and what ("must be a number") instead of zod's phrasing.
import type { Path } from './fields.ts';
import { labelOf } from './schema-fields.ts';

type Obj = Record<string, unknown>;
const LISTS = { offers: 'Offer', segments: 'Segment', experiments: 'Experiment', models: 'Model' } as const;

/**
 * Where an error is, in words.
 * @example pathInWords(['offers', 0, 'upliftPrior', 'vip'], draft) // 'Offer "15% off womenswear" (women-15) › Expected uplift per segment › vip'
 */
export function pathInWords(path: Path, draft: Obj): string {
  const [head, index, ...rest] = path;
  const parts: string[] = [];
  let form = 'settings' as 'offers' | 'segments' | 'experiments' | 'settings';
  let keys = path;
  if (typeof head === 'string' && head in LISTS && typeof index === 'number') {
    const item = ((draft[head] as Obj[] | undefined) ?? [])[index] as { id?: string; name?: string } | undefined;
    const name = item?.name ? `"${item.name}" (${item.id})` : item?.id ? `"${item.id}"` : `number ${index + 1}`;
    parts.push(`${LISTS[head as keyof typeof LISTS]} ${name}`);
    if (head !== 'models') form = head as typeof form;
    keys = rest;
  }
  // The longest dotted key a form has a label for, then the rest as it is (a segment id, an arm number).
  for (let n = keys.length; n > 0; n--) {
    const key = keys.slice(0, n).join('.');
    const label = form === 'experiments' && keys[0] === 'arms' ? undefined : labelOf(form, key);
    if (label) {
      parts.push(label, ...keys.slice(n).map(String));
      return parts.join(' › ');
    }
  }
  if (keys[0] === 'arms' && typeof keys[1] === 'number') parts.push(`arm ${keys[1] + 1}`, ...keys.slice(2).map(String));
  else parts.push(...keys.map(String));
  return parts.join(' › ') || 'the config';
}

const REWRITES: [RegExp, (...m: string[]) => string][] = [
  [/^Invalid input: expected (\w+), received undefined$/, () => 'is required'],
  [/^Invalid input: expected (number|integer|string|boolean|array|object), received (\w+)$/, (_, want, got) => `must be ${want === 'array' ? 'a list' : want === 'object' ? 'a group of settings' : want === 'string' ? 'text' : `a ${want === 'boolean' ? 'yes or no' : want === 'integer' ? 'whole number' : 'number'}`} (it is ${got === 'string' ? 'text' : got === 'null' ? 'empty' : `a ${got}`} now)`],
  [/^Too small: expected number to be >=(.+)$/, (_, n) => `must be at least ${n}`],
  [/^Too small: expected number to be >(.+)$/, (_, n) => `must be more than ${n}`],
  [/^Too big: expected number to be <=(.+)$/, (_, n) => `must be at most ${n}`],
  [/^Too big: expected number to be <(.+)$/, (_, n) => `must be less than ${n}`],
  [/^Too small: expected string to have >=1 characters?$/, () => 'must not be empty'],
  [/^Too small: expected string to have >=(\d+) characters$/, (_, n) => `needs at least ${n} characters`],
  [/^Too big: expected string to have <=(\d+) characters$/, (_, n) => `may have at most ${n} characters`],
  [/^Too small: expected array to have >=(\d+) items?$/, (_, n) => `needs at least ${n} ${n === '1' ? 'entry' : 'entries'}`],
  [/^Too big: expected array to have <=(\d+) items$/, (_, n) => `may have at most ${n} entries`],
  [/^Invalid option: expected one of (.+)$/, (_, list) => `must be one of ${list.replace(/"/g, '').split('|').join(', ')}`],
  [/^Unrecognized keys?: (.+)$/, (_, keys) => `${keys} ${keys.includes(',') ? 'are' : 'is'} not a setting here (a typo?)`],
  [/^Invalid string: must match pattern \/\^\[A-Za-z0-9\]\[A-Za-z0-9_-\]\{0,63\}\$\/$/, () => 'may use letters, digits, "_" and "-" only (up to 64, starting with a letter or digit)'],
  [/^Invalid (ISO )?date(time)?.*$/i, () => 'must be a date as YYYY-MM-DD, or a date and time'],
];

/**
 * An error message in words: zod's phrasing rewritten, the edge's own messages (already in words) kept.
 * @example messageInWords('Too big: expected number to be <=0.5') // 'must be at most 0.5'
 */
export function messageInWords(message: string): string {
  for (const [pattern, words] of REWRITES) {
    const m = pattern.exec(message);
    if (m) return words(...m);
  }
  return message;
}
