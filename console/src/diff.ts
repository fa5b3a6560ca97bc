// A structural diff of two site configs by id: which segments, offers, experiments and models were added,
// removed or changed, and for a changed one which fields, with before and after values a marketer can read.

/** One changed leaf: `content.title`, `arms[control].weight`, `upliftPrior.vip`. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface EntityDiff {
  id: string;
  status: 'added' | 'removed' | 'changed';
  changes: FieldChange[];
}

export interface ConfigDiff {
  /** Lists keyed by id, in this order; a section with no difference is left out. */
  sections: { name: string; items: EntityDiff[] }[];
  /** Every other setting (constraints, privacy, holdout, ...). */
  settings: FieldChange[];
  /** True when nothing differs. */
  same: boolean;
}

const LISTS = ['segments', 'offers', 'experiments', 'models'] as const;

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);
const hasIds = (v: Json): v is { id: string }[] => Array.isArray(v) && v.length > 0 && v.every((x) => isObject(x) && typeof x.id === 'string');

/** Leaf differences between two values; arrays of objects with ids are matched by id, other arrays compared whole. */
function leaves(before: Json, after: Json, field: string, out: FieldChange[]): void {
  if (isObject(before) && isObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)]))
      leaves(before[key], after[key], field ? `${field}.${key}` : key, out);
    return;
  }
  if ((hasIds(before) || hasIds(after)) && Array.isArray(before ?? []) && Array.isArray(after ?? [])) {
    const b = new Map(((before ?? []) as { id: string }[]).map((x) => [x.id, x]));
    const a = new Map(((after ?? []) as { id: string }[]).map((x) => [x.id, x]));
    for (const id of new Set([...b.keys(), ...a.keys()])) leaves(b.get(id), a.get(id), `${field}[${id}]`, out);
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ field, before, after });
}

/**
 * Compares two configs by id.
 * @example diffConfigs(v3, v4).sections // [{ name: 'offers', items: [{ id: 'women-15', status: 'changed', changes: [{ field: 'cost', before: 0.9, after: 1.2 }] }] }]
 */
export function diffConfigs(before: Record<string, Json>, after: Record<string, Json>): ConfigDiff {
  const sections: ConfigDiff['sections'] = [];
  for (const name of LISTS) {
    const b = new Map(((before[name] ?? []) as { id: string }[]).map((x) => [x.id, x]));
    const a = new Map(((after[name] ?? []) as { id: string }[]).map((x) => [x.id, x]));
    const items: EntityDiff[] = [];
    for (const id of new Set([...b.keys(), ...a.keys()])) {
      if (!b.has(id)) items.push({ id, status: 'added', changes: [] });
      else if (!a.has(id)) items.push({ id, status: 'removed', changes: [] });
      else {
        const changes: FieldChange[] = [];
        leaves(b.get(id), a.get(id), '', changes);
        if (changes.length) items.push({ id, status: 'changed', changes });
      }
    }
    if (items.length) sections.push({ name, items });
  }
  const settings: FieldChange[] = [];
  const rest = (c: Record<string, Json>) => Object.fromEntries(Object.entries(c).filter(([k]) => !(LISTS as readonly string[]).includes(k)));
  leaves(rest(before), rest(after), '', settings);
  return { sections, settings, same: sections.length === 0 && settings.length === 0 };
}

/** A value as one short line: strings quoted, objects as compact JSON, absent as "(none)". */
export function showValue(value: Json): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
