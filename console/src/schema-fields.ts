// The forms' fields, read from the site config's JSON Schema (docs/site-config.schema.json, generated from the zod
// schemas in protocol/): kinds, options, help (the schema's descriptions) and whether a field may be left empty.
// The layouts below only group and label; a field the schema gains appears in its form (under "More") without a
// console change, and one it loses disappears.
import schemaDoc from '../../docs/site-config.schema.json';
import { categoryKeepProbability, keepProbability } from '../../stats/randomised-response.ts';
import type { Field, FieldKind } from './fields.ts';

/** A JSON Schema as z.toJSONSchema writes it. */
interface Js {
  type?: string | string[];
  properties?: Record<string, Js>;
  required?: string[];
  items?: Js;
  anyOf?: Js[];
  oneOf?: Js[];
  enum?: unknown[];
  description?: string;
  additionalProperties?: boolean | Js;
  default?: unknown;
}

/**
 * The schema of the current config version: the first of `oneOf` (older versions follow it). The console's build
 * bundles only that, compacted (console/build.mjs); tests read the file as it is.
 */
const ROOT: Js = ((schemaDoc as unknown as Js).oneOf?.[0] ?? schemaDoc) as Js;

/** Label, live note and widget for a field, by its dotted key within the form. */
interface Extra {
  label: string;
  /** A line under the input, computed from its value and the draft (e.g. what an ε means). */
  note?: (value: unknown, draft: Record<string, unknown>) => string;
  kind?: FieldKind;
}

/** A form: its sections, each a title and the dotted keys it shows, in order. */
export type Layout = { title: string; keys: string[]; id?: string }[];

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;
const strength = (e: number) => (e <= 1 ? 'very strong privacy' : e <= 2 ? 'strong privacy' : e <= 4 ? 'moderate privacy' : 'weak privacy');
const currencyOf = (draft: Record<string, unknown>) => ((draft.constraints as { currency?: string } | undefined)?.currency ?? 'EUR');
const money = (x: unknown, draft: Record<string, unknown>) => (typeof x === 'number' ? `${x.toFixed(2)} ${currencyOf(draft)}` : '');

export const LAYOUTS: Record<'offers' | 'segments' | 'experiments' | 'settings', Layout> = {
  offers: [
    { title: 'What the shopper sees', id: 'content', keys: ['content.title', 'content.body', 'content.cta', 'content.link', 'content.image'] },
    { title: 'The offer', keys: ['id', 'name', 'slots', 'category', 'items'] },
    { title: 'Discount and economics', keys: ['discount.kind', 'discount.value', 'discount.code', 'margin', 'redemptionCost', 'inventory'] },
    { title: 'When and how often', keys: ['validFrom', 'validTo', 'frequencyCap.count', 'frequencyCap.days'] },
    { title: 'Who gets it', keys: ['eligibility', 'upliftPrior'] },
    { title: 'Linear score (instead of a model)', keys: ['score.intercept', 'score.weights', 'score.uplift'] },
  ],
  segments: [
    { title: 'The segment', keys: ['id', 'name', 'description', 'priority'] },
    { title: 'Who is in it', keys: ['condition'] },
    { title: 'For planning', keys: ['size', 'maxOffers', 'baseline'] },
  ],
  experiments: [
    { title: 'The experiment', keys: ['id', 'name', 'slot', 'status', 'version', 'seed'] },
    { title: 'Bandit', keys: ['bandit', 'explorationFloor'] },
    { title: 'Namespace', keys: ['namespace.id', 'namespace.range'] },
  ],
  settings: [
    { title: 'Shop', keys: ['name', 'allowedOrigins', 'consent'] },
    { title: 'Budget', keys: ['constraints.budget', 'constraints.currency', 'constraints.periodStart', 'constraints.periodEnd', 'constraints.maxOffersPerPage', 'economics.averageOrderValue', 'economics.shippingCost', 'autoPublish'] },
    { title: 'Measurement', keys: ['globalHoldout', 'attributionDays', 'holdbackDays'] },
    { title: 'Privacy of what devices report', keys: ['privacy.epsilon', 'privacy.revenueEpsilon', 'privacy.revenueLevels', 'privacy.dailyEpsilon', 'privacy.k'] },
    { title: 'Saved groups', keys: ['savedGroups'] },
  ],
};

/** Parts edited elsewhere (their own tab, table, view or the JSON view): never drawn as fields of the form. */
const ELSEWHERE: Partial<Record<keyof typeof LAYOUTS, string[]>> = {
  settings: ['schemaVersion', 'site', 'segments', 'offers', 'experiments', 'models', 'customerValue'],
  experiments: ['arms'],
};

/** By dotted key; `form:key` for a key that means something else in one form (the site's name). */
const EXTRA: Record<string, Extra> = {
  'settings:name': { label: 'Site name' },
  'content.title': { label: 'Headline' },
  'content.body': { label: 'Body', kind: 'textarea' },
  'content.cta': { label: 'Button label' },
  'content.link': { label: 'Link' },
  'content.image': { label: 'Image URL' },
  id: { label: 'Id' },
  name: { label: 'Name' },
  slots: { label: 'Slots' },
  items: { label: 'Promoted item ids' },
  'discount.kind': { label: 'Discount kind' },
  'discount.value': { label: 'Discount value' },
  'discount.code': { label: 'Coupon code' },
  margin: { label: 'Profit of one purchase before the discount', note: money },
  redemptionCost: { label: 'Cost of one redemption', note: (v, d) => (v === undefined ? 'Empty: worked out from the discount at publish.' : money(v, d)) },
  inventory: { label: 'Inventory (units)', kind: 'nullable-int' },
  validFrom: { label: 'Valid from', kind: 'date' },
  validTo: { label: 'Valid to', kind: 'date' },
  'frequencyCap.count': { label: 'Frequency cap: at most (shows)' },
  'frequencyCap.days': { label: 'Frequency cap: within (days)' },
  eligibility: { label: 'Eligibility: who may get it', kind: 'condition' },
  upliftPrior: { label: 'Expected uplift per segment', kind: 'prior' },
  'score.weights': { label: 'Weights per profile attribute', kind: 'json' },
  condition: { label: 'Condition: who is in it', kind: 'condition' },
  priority: { label: 'Priority' },
  size: { label: 'Expected shoppers in the budget period' },
  maxOffers: { label: 'Offers per shopper in the budget period' },
  baseline: { label: 'Purchase probability without an offer (0 to 1)', note: (v) => (typeof v === 'number' ? `${percent(v)} of these shoppers buy without an offer.` : '') },
  version: { label: 'Version' },
  explorationFloor: { label: 'Exploration floor per arm' },
  'constraints.budget': { label: 'Discount budget for the period', note: money },
  'constraints.currency': { label: 'Currency (ISO 4217)' },
  'constraints.periodStart': { label: 'Budget period start', kind: 'date' },
  'constraints.periodEnd': { label: 'Budget period end', kind: 'date' },
  'constraints.maxOffersPerPage': { label: 'Offers per page' },
  'economics.averageOrderValue': { label: 'Average order value', note: money },
  'economics.shippingCost': { label: 'Shipping cost per order', note: money },
  globalHoldout: { label: 'Global holdout share (0 to 0.5)', note: (v) => (typeof v === 'number' ? `${percent(v)} of shoppers never see a personalised offer: the baseline results are measured against.` : '') },
  attributionDays: { label: 'Attribution window (days)' },
  holdbackDays: { label: 'Holdback window (days)' },
  autoPublish: { label: 'Publish new prices automatically' },
  consent: { label: 'Consent' },
  allowedOrigins: { label: 'Allowed origins (the shop\'s addresses)' },
  'privacy.epsilon': {
    label: 'Privacy of the purchase report (ε)',
    note: (v) => (typeof v === 'number' && v > 0 ? `Each device tells the truth about "bought or not" with probability ${percent(keepProbability(v))}, else the opposite: ${strength(v)}. Lower ε: more privacy, noisier results.` : ''),
  },
  'privacy.revenueEpsilon': {
    label: 'Privacy of the revenue report (ε)',
    note: (v, d) => {
      const levels = ((d.privacy as { revenueLevels?: number[] } | undefined)?.revenueLevels ?? [0, 200]).length;
      return typeof v === 'number' && v > 0 ? `The revenue level is reported truly with probability ${percent(categoryKeepProbability(levels, v))} (of ${levels} levels): ${strength(v)}.` : '';
    },
  },
  'privacy.revenueLevels': { label: 'Revenue levels', kind: 'number-list' },
  'privacy.dailyEpsilon': {
    label: 'Daily privacy budget per device (ε)',
    note: (v, d) => {
      const p = (d.privacy ?? {}) as { epsilon?: number; revenueEpsilon?: number };
      const unit = (p.epsilon ?? Math.log(3)) + (p.revenueEpsilon ?? Math.log(3));
      return typeof v === 'number' ? `At most ${Math.floor(v / unit + 1e-9)} report sets per device and day.` : '';
    },
  },
  'privacy.k': { label: 'Hide result cells with fewer reports than' },
  savedGroups: { label: 'Saved groups (lists for "is in the saved group")', kind: 'groups' },
};

const humanize = (key: string) => key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase()).replace(/ ([A-Z])/g, (m) => m.toLowerCase());

function kindOf(s: Js, key: string): FieldKind {
  const extra = EXTRA[key]?.kind;
  if (extra) return extra;
  const types = (s.anyOf ?? [s]).flatMap((x) => (Array.isArray(x.type) ? x.type : [x.type]));
  if (s.enum) return 'select';
  if (types.includes('boolean')) return 'checkbox';
  if (types.includes('integer')) return types.includes('null') ? 'nullable-int' : 'int';
  if (types.includes('number')) return 'number';
  if (types.includes('array')) return s.items?.type === 'string' ? 'list' : s.items?.type === 'number' ? 'number-list' : 'json';
  if (types.includes('object')) return 'json';
  return 'text';
}

/** Every leaf of an object schema (nested objects with properties are walked into), with whether it may be empty. */
function leaves(s: Js, prefix: string[], optional: boolean, out: [string[], Js, boolean][]): void {
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    const childOptional = optional || !(s.required ?? []).includes(key) || child.default !== undefined;
    const path = [...prefix, key];
    if (child.properties && !EXTRA[path.join('.')]?.kind) leaves(child, path, childOptional, out);
    else out.push([path, child, childOptional]);
  }
}

/** The schema of a list's items ('offers') or of the whole config ('settings'). */
function formSchema(form: keyof typeof LAYOUTS): Js {
  return form === 'settings' ? ROOT : ROOT.properties![form]!.items!;
}

/** A form's fields from the schema, in sections; fields no section names go to "More". */
export function sectionsOf(form: keyof typeof LAYOUTS): { title: string; id?: string | undefined; fields: Field[] }[] {
  const all: [string[], Js, boolean][] = [];
  leaves(formSchema(form), [], false, all);
  const byKey = new Map(all.filter(([path]) => !ELSEWHERE[form]?.includes(path[0]!)).map((leaf) => [leaf[0].join('.'), leaf]));
  const field = (key: string): Field | null => {
    const leaf = byKey.get(key);
    if (!leaf) return null;
    byKey.delete(key);
    const [path, s, optional] = leaf;
    const extra = EXTRA[`${form}:${key}`] ?? EXTRA[key];
    return {
      key: path, label: extra?.label ?? humanize(path.at(-1)!), kind: kindOf(s, key), optional,
      ...(s.enum ? { options: s.enum.map(String) } : {}), ...(s.description ? { help: s.description } : {}), ...(extra?.note ? { note: extra.note } : {}),
    };
  };
  const sections = LAYOUTS[form].map((section) => ({ title: section.title, id: section.id, fields: section.keys.map(field).filter((f): f is Field => !!f) }));
  const rest = [...byKey.keys()].map(field).filter((f): f is Field => !!f);
  if (rest.length) sections.push({ title: 'More', id: undefined, fields: rest });
  return sections.filter((s) => s.fields.length);
}

/** A form's fields in one list (sections flattened). */
export const fieldsOf = (form: keyof typeof LAYOUTS): Field[] => sectionsOf(form).flatMap((s) => s.fields);

/** The label of the field at a dotted key, for errors in words. */
export function labelOf(form: keyof typeof LAYOUTS, key: string): string | undefined {
  return fieldsOf(form).find((f) => f.key.join('.') === key)?.label ?? EXTRA[key]?.label;
}
