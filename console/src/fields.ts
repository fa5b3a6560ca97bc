// Form fields for the site config: which fields each rule has, how an input's text becomes a config value, and
// where an API error's `path` lands (the input whose own path is the longest prefix of it).
import { h, uid } from './dom.ts';

export type Path = (string | number)[];
export type FieldKind = 'text' | 'textarea' | 'number' | 'int' | 'nullable-int' | 'select' | 'checkbox' | 'list' | 'json' | 'date';

export interface Field {
  key: string[];
  label: string;
  kind: FieldKind;
  options?: string[];
  help?: string;
  /** Empty input removes the key (instead of storing ""). */
  optional?: boolean;
}

const f = (key: string, label: string, kind: FieldKind, extra: Partial<Field> = {}): Field => ({ key: key.split('.'), label, kind, ...extra });

export const SEGMENT_FIELDS: Field[] = [
  f('id', 'Id', 'text', { help: 'Letters, digits, "_" or "-"; used in reports.' }),
  f('name', 'Name', 'text'),
  f('description', 'Description', 'textarea', { optional: true }),
  f('priority', 'Priority', 'int', { help: 'A shopper in several segments belongs to the one with the highest priority.' }),
  f('size', 'Expected shoppers in the period', 'number'),
  f('maxOffers', 'Offers per shopper in the period', 'int'),
  f('baseline', 'Purchase probability without an offer', 'number', { help: '0 to 1: the cold-start prior.' }),
  f('condition', 'Condition (JSON)', 'json', { help: 'Mongo-style condition over the profile, e.g. {"frequency": {"$gte": 5}}; {} is everyone.' }),
];

export const OFFER_FIELDS: Field[] = [
  f('id', 'Id', 'text'),
  f('name', 'Internal name', 'text', { optional: true }),
  f('content.title', 'Headline', 'text', { help: 'What the shopper reads; shown as text.' }),
  f('content.body', 'Body', 'textarea', { optional: true }),
  f('content.cta', 'Button label', 'text', { optional: true }),
  f('content.link', 'Link', 'text', { optional: true }),
  f('content.image', 'Image URL', 'text', { optional: true }),
  f('slots', 'Slots', 'list', { help: 'Comma-separated, e.g. hero, sidebar.' }),
  f('category', 'Category', 'text', { optional: true, help: 'At most one offer per category per page.' }),
  f('discount.kind', 'Discount kind', 'select', { options: ['percent', 'amount', 'free_shipping', 'none'] }),
  f('discount.value', 'Discount value', 'number'),
  f('discount.code', 'Coupon code', 'text', { optional: true }),
  f('margin', 'Profit of one purchase before the discount', 'number', { help: 'In the site currency: what an extra purchase earns.' }),
  f('redemptionCost', 'Cost of one redemption', 'number', {
    optional: true,
    help: 'In the site currency: what the shop gives away each time a buyer uses the offer. Empty: from the discount (a percent of the average order value, the amount, or the shipping cost).',
  }),
  f('inventory', 'Inventory', 'nullable-int', { help: 'Units in the period; empty is unlimited.' }),
  f('frequencyCap.count', 'Frequency cap: at most', 'int', { optional: true }),
  f('frequencyCap.days', 'Frequency cap: within days', 'number', { optional: true }),
  f('validFrom', 'Valid from', 'date', { optional: true, help: 'YYYY-MM-DD or ISO date-time.' }),
  f('validTo', 'Valid to', 'date', { optional: true }),
  f('items', 'Promoted item ids', 'list', { help: 'Never offered right after the shopper bought one.' }),
  f('eligibility', 'Eligibility (JSON)', 'json', { help: '{} is everyone.' }),
  f('upliftPrior', 'Uplift prior per segment (JSON)', 'json', { help: 'e.g. {"vip": 0.03}' }),
];

export const EXPERIMENT_FIELDS: Field[] = [
  f('id', 'Id', 'text'),
  f('name', 'Name', 'text', { optional: true }),
  f('slot', 'Slot', 'text'),
  f('status', 'Status', 'select', { options: ['draft', 'running', 'paused', 'stopped'] }),
  f('version', 'Version', 'int', { help: 'Bumping it re-randomises every device.' }),
  f('bandit', 'Bandit (Thompson sampling)', 'checkbox'),
  f('explorationFloor', 'Bandit exploration floor', 'number'),
];

export const ARM_FIELDS: Field[] = [
  f('id', 'Arm id', 'text'),
  f('weight', 'Weight', 'number'),
  f('policy', 'Policy', 'select', { options: ['personalised', 'control', 'offer'] }),
  f('offerId', 'Fixed offer', 'select', { optional: true }),
];

export const SETTINGS_FIELDS: Field[] = [
  f('name', 'Site name', 'text', { optional: true }),
  f('constraints.budget', 'Discount budget for the period', 'number', { help: 'Spent by redemptions: a coupon costs only when a buyer uses it.' }),
  f('economics.averageOrderValue', 'Average order value', 'number', { optional: true, help: 'In the site currency: a percent discount costs that share of it per redemption.' }),
  f('economics.shippingCost', 'Shipping cost per order', 'number', { optional: true, help: 'What a free-shipping redemption costs the shop.' }),
  f('constraints.currency', 'Currency', 'text', { help: 'ISO 4217, e.g. EUR.' }),
  f('constraints.periodStart', 'Budget period start', 'date', { optional: true }),
  f('constraints.periodEnd', 'Budget period end', 'date', { optional: true }),
  f('constraints.maxOffersPerPage', 'Offers per page', 'int'),
  f('globalHoldout', 'Global holdout share', 'number', { help: '0 to 0.5: shoppers never personalised.' }),
  f('attributionDays', 'Attribution window (days)', 'number'),
  f('autoPublish', 'Publish new prices automatically', 'checkbox'),
  f('consent', 'Consent', 'select', { options: ['implied', 'required'] }),
  f('privacy.epsilon', 'Randomised-response ε', 'number'),
  f('privacy.k', 'Hide result cells under k reports', 'int'),
  f('allowedOrigins', 'Allowed origins', 'list', { help: 'Comma-separated, e.g. https://shop.example.' }),
  f('savedGroups', 'Saved groups (JSON)', 'json', { help: 'Lists for $inGroup conditions, e.g. {"staff": ["id1", "id2"]}.' }),
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
  if (field.kind === 'list') return Array.isArray(value) ? value.join(', ') : String(value);
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
export function control(field: Field, obj: Obj, base: Path, onChange: () => void, opts: { bareLabel?: boolean; options?: string[] } = {}): HTMLElement {
  const id = uid('f');
  const errorId = `${id}-err`;
  const helpId = field.help ? `${id}-help` : undefined;
  const value = getIn(obj, field.key);
  const common = {
    id,
    'data-path': JSON.stringify([...base, ...field.key]),
    'aria-describedby': [helpId, errorId].filter(Boolean).join(' '),
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
  const update = () => {
    const parsed = fromText(field, input instanceof HTMLInputElement && input.type === 'checkbox' ? input.checked : input.value);
    if ('error' in parsed) return markField(input, parsed.error, 'local');
    clearField(input);
    setIn(obj, field.key, parsed.value);
    onChange();
  };
  input.addEventListener(field.kind === 'select' || field.kind === 'checkbox' ? 'change' : 'input', update);
  if (opts.bareLabel) return h('div', { class: 'cell' }, input, error);
  return h(
    'div',
    { class: `field ${field.kind}` },
    h('label', { for: id }, field.label),
    input,
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
