// The operators few rules use: $regex, $elemMatch, $all, $size, $type, the $v* version comparisons and the
// case-insensitive ones. In the script tag they are a part of their own (sdk-operators.js, ~0.4 KB gzip off
// sdk.js), loaded before deciding by every device of a site whose published rules use one (usesRareOperators).
import { evaluateCondition, isIn, isOperatorObject, matchValue, type Condition, type SavedGroups } from './evaluate.ts';
import { paddedVersion } from './version.ts';

// No cache of compiled patterns here: V8 keeps one (keyed by source and flags), and a second one costs bytes.
function regex(source: unknown, flags: string): RegExp {
  // An unescaped "/" is escaped as GrowthBook does, so a pattern copied from a /.../ literal still compiles.
  return new RegExp(String(source).replace(/([^\\])\//g, '$1\\/'), flags);
}

/** GrowthBook's $type names. Attributes are JSON data (the profile), so no function, symbol or bigint reaches here. */
const typeName = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

const fold = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);
const sameFolded = (e: unknown, value: unknown) => fold(e) === fold(value);

/** matchValue, with a string part compared case-insensitively for $alli. */
const matchPart = (part: unknown, value: unknown, groups: SavedGroups, insensitive: boolean) =>
  insensitive && typeof part === 'string' ? String(value).toLowerCase() === part.toLowerCase() : matchValue(part, value, groups);

function isInAll(actual: unknown, expected: readonly unknown[], groups: SavedGroups, insensitive: boolean): boolean {
  if (!Array.isArray(actual)) return false;
  return expected.every((part) => actual.some((value) => matchPart(part, value, groups, insensitive)));
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

/**
 * One operator evaluate.ts does not handle itself; `operators` is the whole operator object (for `$options`).
 * Unknown operators never match.
 * @example rareOperator('$size', [1, 2], 2, {}, { $size: 2 }) === true
 */
export function rareOperator(operator: string, actual: unknown, expected: unknown, groups: SavedGroups, operators: Record<string, unknown>): boolean {
  // $veq $vne $vgt $vgte $vlt $vlte: the plain comparison of the padded version strings.
  if (/^\$v(eq|ne|gte?|lte?)$/.test(operator))
    return matchValue({ [`$${operator.slice(2)}`]: paddedVersion(expected) }, paddedVersion(actual), groups);
  switch (operator) {
    case '$ini': return Array.isArray(expected) && isIn(actual, expected, sameFolded);
    case '$nini': return Array.isArray(expected) && !isIn(actual, expected, sameFolded);
    case '$size': return Array.isArray(actual) && matchValue(expected, actual.length, groups);
    case '$elemMatch': return elemMatch(actual, expected, groups);
    case '$all': return Array.isArray(expected) && isInAll(actual, expected, groups, false);
    case '$alli': return Array.isArray(expected) && isInAll(actual, expected, groups, true);
    case '$regex':
    case '$regexi':
      try {
        const options = typeof operators.$options === 'string' ? operators.$options : '';
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

/** Nothing to do once loaded: awaiting it makes the script tag fetch this part before the first decision. */
export async function warmOperators(): Promise<void> {}
