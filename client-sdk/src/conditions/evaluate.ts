// The condition evaluator: MongoDB-style rules with the GrowthBook SDK's semantics, so rules written there
// behave the same here. Unknown operators never match (and never log: the edge rejects them at save time).
import { paddedVersion } from './version.ts';

/** A condition: `{ "frequency": { "$gte": 3 }, "$or": [...] }`. */
export type Condition = { [key: string]: unknown };
/** Named lists for `$inGroup` / `$notInGroup`. */
export type SavedGroups = Record<string, readonly unknown[]>;

// No cache of compiled patterns here: V8 keeps one (keyed by source and flags), and a second one costs bytes.
function regex(source: unknown, flags: string): RegExp {
  // An unescaped "/" is escaped as GrowthBook does, so a pattern copied from a /.../ literal still compiles.
  return new RegExp(String(source).replace(/([^\\])\//g, '$1\\/'), flags);
}

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

function isOperatorObject(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key[0] === '$');
}

/** GrowthBook's $type names. Attributes are JSON data (the profile), so no function, symbol or bigint reaches here. */
const typeName = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

const fold = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);

function isIn(actual: unknown, expected: readonly unknown[], insensitive = false): boolean {
  const has = (value: unknown) =>
    insensitive ? expected.some((e) => fold(e) === fold(value)) : expected.includes(value);
  // An array attribute matches when any of its elements is in the list (set intersection).
  return Array.isArray(actual) ? actual.some(has) : has(actual);
}

function isInAll(actual: unknown, expected: readonly unknown[], groups: SavedGroups, insensitive: boolean): boolean {
  if (!Array.isArray(actual)) return false;
  return expected.every((part) => actual.some((value) => matchValue(part, value, groups, insensitive)));
}

function elemMatch(actual: unknown, expected: unknown, groups: SavedGroups): boolean {
  if (!Array.isArray(actual) || !expected || typeof expected !== 'object') return false;
  const operators = isOperatorObject(expected);
  return actual.some(
    (element) =>
      element &&
      (operators ? matchValue(expected, element, groups) : evaluateCondition(element, expected as Condition, groups)),
  );
}

function matchOperator(operator: string, actual: unknown, expected: unknown, groups: SavedGroups, options: string): boolean {
  // $veq $vne $vgt $vgte $vlt $vlte: the plain comparison of the padded version strings.
  if (/^\$v(eq|ne|gte?|lte?)$/.test(operator))
    return matchOperator(`$${operator.slice(2)}`, paddedVersion(actual), paddedVersion(expected), groups, options);
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
    case '$ini': return Array.isArray(expected) && isIn(actual, expected, true);
    case '$nin': return Array.isArray(expected) && !isIn(actual, expected);
    case '$nini': return Array.isArray(expected) && !isIn(actual, expected, true);
    case '$inGroup': return isIn(actual, groups[String(expected)] ?? []);
    case '$notInGroup': return !isIn(actual, groups[String(expected)] ?? []);
    case '$not': return !matchValue(expected, actual, groups);
    case '$size': return Array.isArray(actual) && matchValue(expected, actual.length, groups);
    case '$elemMatch': return elemMatch(actual, expected, groups);
    case '$all': return Array.isArray(expected) && isInAll(actual, expected, groups, false);
    case '$alli': return Array.isArray(expected) && isInAll(actual, expected, groups, true);
    case '$regex':
    case '$regexi':
      try {
        return regex(expected, operator === '$regexi' || options.includes('i') ? 'i' : '').test(actual as string);
      } catch {
        return false; // an invalid pattern never matches
      }
    case '$type': return typeName(actual) === expected;
    // MongoDB's modifier for $regex; alone it constrains nothing.
    case '$options': return true;
    default: return false;
  }
}

function matchValue(condition: unknown, value: unknown, groups: SavedGroups, insensitive = false): boolean {
  if (typeof condition === 'string')
    return insensitive ? String(value).toLowerCase() === condition.toLowerCase() : `${value}` === condition;
  if (typeof condition === 'number') return (value as number) * 1 === condition;
  if (typeof condition === 'boolean') return value !== null && !!value === condition;
  if (condition === null) return value === null;
  if (Array.isArray(condition) || typeof condition !== 'object' || !isOperatorObject(condition))
    return JSON.stringify(value) === JSON.stringify(condition);
  const operators = condition as Record<string, unknown>;
  const options = typeof operators.$options === 'string' ? operators.$options : '';
  for (const operator in operators)
    if (!matchOperator(operator, value, operators[operator], groups, options)) return false;
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
