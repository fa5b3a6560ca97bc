// Form fields for the site config: which fields each rule has, how an input's text becomes a config value, and
// where an API error's `path` lands (the input whose own path is the longest prefix of it).
import { h, uid } from './dom.ts';
import { fieldsOf } from './schema-fields.ts';

export type Path = (string | number)[];
export type FieldKind =
  | 'text' | 'textarea' | 'number' | 'int' | 'nullable-int' | 'select' | 'checkbox' | 'list' | 'number-list' | 'json' | 'date'
  /** Drawn by their own editors (editor.ts): the condition builder, the uplift table, the saved groups. */
  | 'condition' | 'prior' | 'groups';

export interface Field {
  key: string[];
  label: string;
  kind: FieldKind;
  options?: string[];
  help?: string;
  /** Empty input removes the key (instead of storing ""). */
  optional?: boolean;
  /** A line under the input, computed from its value and the draft (what an ε means, an amount with currency). */
  note?: (value: unknown, draft: Record<string, unknown>) => string;
}

const f = (key: string, label: string, kind: FieldKind, extra: Partial<Field> = {}): Field => ({ key: key.split('.'), label, kind, ...extra });

/** The settings form's fields, from the site config's schema (schema-fields.ts): what locates an error's path there. */
export const SETTINGS_FIELDS: Field[] = fieldsOf('settings');

export const ARM_FIELDS: Field[] = [
  f('id', 'Arm id', 'text'),
  f('weight', 'Weight', 'number'),
  f('policy', 'Policy', 'select', { options: ['personalised', 'control', 'offer'] }),
  f('offerId', 'Fixed offer', 'select', { optional: true }),
];

type Obj = Record<string, unknown>;

export function getIn(obj: unknown, key: readonly (string | number)[]): unknown {
  let v = obj;
  for (const k of key) v = (v as Obj | null | undefined)?.[k as string];
  return v;
}

/** Sets (or, for undefined, deletes) a nested value, creating parents; an emptied optional parent is removed. */
export function setIn(obj: Obj, key: readonly string[], value: unknown): void {
  const parents: Obj[] = [obj];
  let cur = obj;
  for (const k of key.slice(0, -1)) {
    if (cur[k] === null || typeof cur[k] !== 'object') cur[k] = {};
    cur = cur[k] as Obj;
    parents.push(cur);
  }
  const last = key[key.length - 1]!;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  // frequencyCap with both fields cleared means "no cap", not an invalid half-filled one.
  for (let i = key.length - 1; i > 0; i--) if (Object.keys(parents[i]!).length === 0 && key[i - 1] === 'frequencyCap') delete parents[i - 1]![key[i - 1]!];
}

/** The text an input shows for a config value. */
export function toText(field: Field, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (field.kind === 'list' || field.kind === 'number-list') return Array.isArray(value) ? value.join(', ') : String(value);
  if (field.kind === 'json') return JSON.stringify(value, null, 2);
  return String(value);
}

/**
 * The config value for an input's text; `{ error }` when it cannot be one (only JSON can fail here: number
 * checks are the edge's, so a marketer reads one wording for every mistake).
 * @example fromText(f('cost', 'Cost', 'number'), '1.5') // { value: 1.5 }
 */
export function fromText(field: Field, text: string | boolean): { value: unknown } | { error: string } {
  if (typeof text === 'boolean') return { value: text };
  const t = text.trim();
  switch (field.kind) {
    case 'number':
    case 'int':
      return { value: t === '' ? undefined : Number.isFinite(Number(t)) ? Number(t) : t };
    case 'nullable-int':
      return { value: t === '' ? null : Number.isFinite(Number(t)) ? Number(t) : t };
    case 'list':
      return { value: t.split(',').map((s) => s.trim()).filter(Boolean) };
    case 'number-list':
      return { value: t === '' && field.optional ? undefined : t.split(',').map((s) => s.trim()).filter(Boolean).map((s) => (Number.isFinite(Number(s)) ? Number(s) : s)) };
    case 'json':
      try {
        return { value: t === '' ? undefined : JSON.parse(t) };
      } catch (error) {
        return { error: `not valid JSON: ${(error as Error).message}` };
      }
    default:
      return { value: t === '' && field.optional ? undefined : text };
  }
}

/** Creates one labelled input bound to `obj` at `field.key`, tagged with its full config path for errors. */
export function control(field: Field, obj: Obj, base: Path, onChange: () => void, opts: { bareLabel?: boolean; options?: string[]; draft?: Obj } = {}): HTMLElement {
  const id = uid('f');
  const errorId = `${id}-err`;
  const helpId = field.help ? `${id}-help` : undefined;
  const noteId = field.note ? `${id}-note` : undefined;
  const value = getIn(obj, field.key);
  const common = {
    id,
    'data-path': JSON.stringify([...base, ...field.key]),
    'aria-describedby': [noteId, helpId, errorId].filter(Boolean).join(' '),
    ...(opts.bareLabel ? { 'aria-label': field.label } : {}),
  };
  let input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  const options = opts.options ?? field.options;
  if (field.kind === 'select') {
    input = h('select', common, field.optional ? h('option', { value: '' }, '(none)') : null, (options ?? []).map((o) => h('option', { value: o }, o)));
    input.value = toText(field, value);
  } else if (field.kind === 'textarea' || field.kind === 'json') {
    input = h('textarea', { ...common, rows: field.kind === 'json' ? 4 : 2, spellcheck: field.kind === 'json' ? 'false' : undefined, class: field.kind === 'json' ? 'code' : undefined });
    input.value = toText(field, value);
  } else if (field.kind === 'checkbox') {
    input = h('input', { ...common, type: 'checkbox', checked: value === true });
  } else {
    const numeric = ['number', 'int', 'nullable-int'].includes(field.kind);
    input = h('input', { ...common, type: numeric ? 'number' : 'text', step: numeric ? 'any' : undefined, value: toText(field, value), autocomplete: 'off' });
  }
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const note = noteId ? h('p', { id: noteId, class: 'note', 'aria-live': 'polite' }) : null;
  const showNote = () => note && (note.textContent = field.note!(getIn(obj, field.key), opts.draft ?? obj));
  const update = () => {
    const parsed = fromText(field, input instanceof HTMLInputElement && input.type === 'checkbox' ? input.checked : input.value);
    if ('error' in parsed) return markField(input, parsed.error, 'local');
    clearField(input);
    setIn(obj, field.key, parsed.value);
    showNote();
    onChange();
  };
  showNote();
  input.addEventListener(field.kind === 'select' || field.kind === 'checkbox' ? 'change' : 'input', update);
  if (opts.bareLabel) return h('div', { class: 'cell' }, input, error);
  return h(
    'div',
    { class: `field ${field.kind}` },
    h('label', { for: id }, field.label),
    input,
    note,
    field.help ? h('p', { id: helpId, class: 'help' }, field.help) : null,
    error,
  );
}

/** Shows `message` at an input (aria-invalid, text under it). `local` marks errors the console found itself. */
export function markField(input: Element, message: string, source: 'api' | 'local' = 'api'): void {
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('data-error', source);
  const error = document.getElementById(`${input.id}-err`);
  if (error) {
    error.textContent = message;
    error.hidden = false;
  }
}

export function clearField(input: Element): void {
  input.removeAttribute('aria-invalid');
  input.removeAttribute('data-error');
  const error = document.getElementById(`${input.id}-err`);
  if (error) error.hidden = true;
}

/** The length of the common prefix when `prefix` is a prefix of `path`, else -1. */
export function prefixLength(prefix: Path, path: Path): number {
  if (prefix.length > path.length) return -1;
  for (let i = 0; i < prefix.length; i++) if (String(prefix[i]) !== String(path[i])) return -1;
  return prefix.length;
}

/** The rendered input that an error path names (longest prefix match), or null. */
export function inputForPath(root: ParentNode, path: Path): HTMLElement | null {
  let best: HTMLElement | null = null;
  let bestLength = 0;
  for (const el of root.querySelectorAll<HTMLElement>('[data-path]')) {
    const n = prefixLength(JSON.parse(el.dataset.path!) as Path, path);
    if (n > bestLength) [best, bestLength] = [el, n];
  }
  return best;
}
