// The condition evaluator: MongoDB-style rules with the GrowthBook SDK's semantics, so rules written there
// behave the same here. Unknown operators never match (and never log: the edge rejects them at save time).
// The operators most rules use are here; the rest are operators.ts (a part of its own in the script tag).
import { rareOperator } from './operators.ts';

/** A condition: `{ "frequency": { "$gte": 3 }, "$or": [...] }`. */
export type Condition = { [key: string]: unknown };
/** Named lists for `$inGroup` / `$notInGroup`. */
export type SavedGroups = Record<string, readonly unknown[]>;

/**
 * The value at a dotted path, or null when any step is missing.
 * @example readPath({ a: { b: 2 } }, 'a.b') === 2
 */
export function readPath(attributes: unknown, path: string): unknown {
  let current: unknown = attributes;
  for (const part of path.split('.')) {
    if (current && typeof current === 'object' && part in current) current = (current as Record<string, unknown>)[part];
    else return null;
  }
  return current;
}

/**
 * Whether every key of an object is an operator (`{ $gte: 3 }`), not a literal object to compare.
 * @example isOperatorObject({ $gte: 3 }) === true
 */
export function isOperatorObject(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key[0] === '$');
}

/**
 * `actual` is in `expected` (by `same`, default ===); an array attribute matches when any of its elements is in
 * the list (set intersection).
 * @example isIn(['a', 'b'], ['b']) === true
 */
export function isIn(actual: unknown, expected: readonly unknown[], same?: (e: unknown, v: unknown) => boolean): boolean {
  const has = (value: unknown) => (same ? expected.some((e) => same(e, value)) : expected.includes(value));
  return Array.isArray(actual) ? actual.some(has) : has(actual);
}

/**
 * Whether rules (or a config holding them) use an operator this file does not handle: a key `"$..."` other than
 * its own, so that the script tag loads operators.ts before deciding. Read from the published config only: every
 * device of a site answers the same, whatever the shopper did. Only keys are followed by `":`, so offer texts
 * with a `$` do not count; a quoted key inside some text would at most load the part for nothing.
 * @example usesRareOperators({ segments: [{ condition: { country: { $regex: '^(de|at)$' } } }] }) === true
 */
export const usesRareOperators = (rules: unknown): boolean =>
  /"\$(?!(eq|ne|lte?|gte?|exists|n?in|inGroup|notInGroup|not|and|n?or)":)[^"]*":/.test(JSON.stringify(rules));

function matchOperator(operator: string, actual: unknown, expected: unknown, groups: SavedGroups, operators: Record<string, unknown>): boolean {
  switch (operator) {
    case '$eq': return actual === expected;
    case '$ne': return actual !== expected;
    // Loose JavaScript comparison on purpose: GrowthBook compares "10" > 9 as numbers, strings lexically.
    case '$lt': return (actual as number) < (expected as number);
    case '$lte': return (actual as number) <= (expected as number);
    case '$gt': return (actual as number) > (expected as number);
    case '$gte': return (actual as number) >= (expected as number);
    // Loose (in)equality with null so that a missing attribute (undefined) counts as absent.
    case '$exists': return expected ? actual != null : actual == null;
    case '$in': return Array.isArray(expected) && isIn(actual, expected);
    case '$nin': return Array.isArray(expected) && !isIn(actual, expected);
    case '$inGroup': return isIn(actual, groups[String(expected)] ?? []);
    case '$notInGroup': return !isIn(actual, groups[String(expected)] ?? []);
    case '$not': return !matchValue(expected, actual, groups);
    // $regex, $elemMatch, $all, $size, $type, $v*, the case-insensitive ones: operators.ts.
    default: return rareOperator(operator, actual, expected, groups, operators);
  }
}

/**
 * Whether `value` satisfies one condition value: a literal, or an object of operators (all must hold).
 * @example matchValue({ $gte: 3 }, 4, {}) === true
 */
export function matchValue(condition: unknown, value: unknown, groups: SavedGroups): boolean {
  if (typeof condition === 'string') return `${value}` === condition;
  if (typeof condition === 'number') return (value as number) * 1 === condition;
  if (typeof condition === 'boolean') return value !== null && !!value === condition;
  if (condition === null) return value === null;
  if (Array.isArray(condition) || typeof condition !== 'object' || !isOperatorObject(condition))
    return JSON.stringify(value) === JSON.stringify(condition);
  const operators = condition as Record<string, unknown>;
  for (const operator in operators)
    if (!matchOperator(operator, value, operators[operator], groups, operators)) return false;
  return true;
}

/**
 * True when `attributes` satisfy `condition` (GrowthBook semantics). Never throws.
 * @example evaluateCondition({ frequency: 4 }, { frequency: { $gte: 3 } }) === true
 */
export function evaluateCondition(attributes: unknown, condition: Condition, groups: SavedGroups = {}): boolean {
  for (const key in condition) {
    const value = condition[key];
    if (key === '$or' || key === '$nor') {
      const list = (Array.isArray(value) ? value : []) as Condition[];
      // An empty $or is true, as in GrowthBook, so $nor: [] is false.
      const any = list.length === 0 || list.some((c) => evaluateCondition(attributes, c, groups));
      if (any === (key === '$nor')) return false;
    } else if (key === '$and') {
      const list = (Array.isArray(value) ? value : []) as Condition[];
      if (!list.every((c) => evaluateCondition(attributes, c, groups))) return false;
    } else if (key === '$not') {
      if (evaluateCondition(attributes, value as Condition, groups)) return false;
    } else if (!matchValue(value, readPath(attributes, key), groups)) return false;
  }
  return true;
}
