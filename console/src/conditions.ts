// The condition builder's model: a condition (the GrowthBook-style JSON the edge and the SDK evaluate) as groups of
// rules a form can show ("all of", "any of", "none of"), and back. Pure: condition-builder.ts draws it.
import type { Condition } from '../../protocol/index.ts';
import { CONDITION_OPERATORS } from '../../protocol/condition-operators.ts';
import { PROFILE_ATTRIBUTES, type ProfileAttribute } from '../../protocol/profile.ts';
import { profileAttributeOf } from '../../protocol/profile-paths.ts';

/** One rule: an attribute (a map's key after a dot), an operator of the condition language, and its value. */
export interface Rule {
  kind: 'rule';
  path: string;
  op: string;
  value: unknown;
}

/** Rules and groups combined: every one (`all`), at least one (`any`), or none of them. */
export interface Group {
  kind: 'group';
  mode: 'all' | 'any' | 'none';
  items: (Rule | Group)[];
}

/** What an operator reads as in the form, and which attribute types it applies to. */
export interface OperatorWords {
  op: string;
  words: string;
  types: ('number' | 'string' | 'map')[];
  /** The value it takes: a number, a text, a list, a saved group's name, or none (`$exists`). */
  value: 'number' | 'text' | 'list' | 'group' | 'none';
}

/**
 * The operators the builder offers, in words. `$exists` appears twice (known / not known). Every other operator
 * of the language (CONDITION_OPERATORS) is written in the JSON view.
 */
export const OPERATORS: OperatorWords[] = [
  { op: '$eq', words: 'is', types: ['number', 'string', 'map'], value: 'text' },
  { op: '$ne', words: 'is not', types: ['number', 'string', 'map'], value: 'text' },
  { op: '$gte', words: 'is at least', types: ['number', 'map'], value: 'number' },
  { op: '$gt', words: 'is more than', types: ['number', 'map'], value: 'number' },
  { op: '$lte', words: 'is at most', types: ['number', 'map'], value: 'number' },
  { op: '$lt', words: 'is less than', types: ['number', 'map'], value: 'number' },
  { op: '$in', words: 'is one of', types: ['number', 'string'], value: 'list' },
  { op: '$nin', words: 'is none of', types: ['number', 'string'], value: 'list' },
  { op: '$regex', words: 'matches the pattern', types: ['string'], value: 'text' },
  { op: '$inGroup', words: 'is in the saved group', types: ['string', 'number'], value: 'group' },
  { op: '$notInGroup', words: 'is not in the saved group', types: ['string', 'number'], value: 'group' },
  { op: '$exists:true', words: 'is known', types: ['number', 'string', 'map'], value: 'none' },
  { op: '$exists:false', words: 'is not known', types: ['number', 'string', 'map'], value: 'none' },
];

/** The operators written only in the JSON view. */
export const JSON_ONLY_OPERATORS = CONDITION_OPERATORS.filter((op) => !OPERATORS.some((o) => o.op.split(':')[0] === op) && !['$and', '$or', '$nor'].includes(op));

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const builderOp = (op: string, value: unknown) => (op === '$exists' ? `$exists:${value ? 'true' : 'false'}` : op);

/** The rules of one attribute's value: `{ $gte: 1, $lt: 5 }` is two rules, `3` is `$eq 3`; null when not drawable. */
function rulesOf(path: string, value: unknown): Rule[] | null {
  if (!isObject(value)) return value === null || typeof value === 'object' ? null : [{ kind: 'rule', path, op: '$eq', value }];
  const rules: Rule[] = [];
  for (const [op, v] of Object.entries(value)) {
    const known = OPERATORS.find((o) => o.op === builderOp(op, v));
    if (!known || (known.value === 'list' && !Array.isArray(v)) || (known.value === 'number' && typeof v !== 'number')) return null;
    rules.push({ kind: 'rule', path, op: known.op, value: known.value === 'none' ? undefined : v });
  }
  return rules.length ? rules : null;
}

/**
 * A condition as groups of rules, or null when it uses what the form cannot show (the JSON view keeps it).
 * @example toGroup({ $or: [{ frequency: { $gte: 5 } }, { monetary: { $gte: 500 } }] })
 */
export function toGroup(condition: unknown): Group | null {
  if (!isObject(condition)) return null;
  const keys = Object.keys(condition);
  // `{ $or: [...] }` alone is an "any of" group itself, not an "all of" group holding one.
  if (keys.length === 1 && (keys[0] === '$or' || keys[0] === '$nor')) {
    const items = membersOf(condition[keys[0]]);
    return items && { kind: 'group', mode: keys[0] === '$or' ? 'any' : 'none', items };
  }
  const items: Group['items'] = [];
  for (const [key, value] of Object.entries(condition)) {
    if (key === '$or' || key === '$and' || key === '$nor') {
      const flat = membersOf(value);
      if (!flat) return null;
      if (key === '$and') items.push(...flat);
      else items.push({ kind: 'group', mode: key === '$or' ? 'any' : 'none', items: flat });
    } else if (key.startsWith('$')) return null;
    else {
      const rules = rulesOf(key, value);
      if (!rules) return null;
      items.push(...rules);
    }
  }
  return { kind: 'group', mode: 'all', items };
}

/** The members of an `$or`/`$and`/`$nor` list; a member of one rule is the rule itself ("any of: A, B"). */
function membersOf(list: unknown): Group['items'] | null {
  if (!Array.isArray(list)) return null;
  const members = list.map((c) => toGroup(c));
  if (members.some((m) => m === null)) return null;
  return (members as Group[]).map((m) => (m.mode === 'all' && m.items.length === 1 ? m.items[0]! : m));
}

function ruleValue(rule: Rule): unknown {
  const [op, flag] = rule.op.split(':');
  return op === '$exists' ? { $exists: flag === 'true' } : op === '$eq' && rule.value !== null && typeof rule.value !== 'object' ? rule.value : { [op!]: rule.value };
}

/**
 * Groups of rules back as a condition, in the shape a person would write: `{ a: ..., b: ... }` for "all of",
 * `{ $or: [...] }` for "any of".
 * @example toCondition({ kind: 'group', mode: 'all', items: [{ kind: 'rule', path: 'frequency', op: '$gte', value: 5 }] }) // { frequency: { $gte: 5 } }
 */
export function toCondition(group: Group): Condition {
  if (group.mode !== 'all') return { [group.mode === 'any' ? '$or' : '$nor']: group.items.map((item) => (item.kind === 'rule' ? toCondition({ kind: 'group', mode: 'all', items: [item] }) : toCondition(item))) };
  const out: Condition = {};
  const and: Condition[] = [];
  for (const item of group.items) {
    const part = item.kind === 'rule' ? { [item.path]: ruleValue(item) } : toCondition(item);
    for (const [key, value] of Object.entries(part)) {
      const existing = out[key];
      // Two rules on one attribute share its operator object when their operators differ; otherwise $and.
      if (existing === undefined) out[key] = value;
      else if (isObject(existing) && isObject(value) && !key.startsWith('$') && Object.keys(value).every((op) => !(op in existing))) out[key] = { ...existing, ...value };
      else and.push({ [key]: value });
    }
  }
  if (and.length) out.$and = [...((out.$and as Condition[] | undefined) ?? []), ...and];
  return out;
}

/**
 * The catalogue entry for a rule's attribute (a map's key included), or undefined for a path the profile lacks.
 * @example attributeFor('categoryAffinity.shoes')?.unit // 'category -> score'
 */
export function attributeFor(path: string): ProfileAttribute | undefined {
  return profileAttributeOf(path);
}

/** The operators that fit an attribute. */
export function operatorsFor(attribute: ProfileAttribute | undefined, path: string): OperatorWords[] {
  const type = attribute?.type === 'map' && path !== attribute.path ? 'map' : attribute?.type ?? 'string';
  return OPERATORS.filter((o) => o.types.includes(type === 'map' ? 'map' : type));
}

/** Attributes for the attribute picker, in the catalogue's order. */
export const ATTRIBUTES: readonly ProfileAttribute[] = PROFILE_ATTRIBUTES;
