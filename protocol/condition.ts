// Targeting conditions: the MongoDB-style language GrowthBook uses, validated at the edge so that a marketer
// learns about a misspelt operator when saving a rule, not when shoppers silently stop matching it.
import { z } from 'zod';

/** Every operator the evaluator understands, with GrowthBook's semantics. */
export const CONDITION_OPERATORS = [
  '$eq', '$ne', '$lt', '$lte', '$gt', '$gte', '$in', '$nin', '$all', '$elemMatch', '$size', '$exists',
  '$type', '$regex', '$not', '$and', '$or', '$nor', '$ini', '$nini', '$alli', '$regexi',
  '$veq', '$vne', '$vgt', '$vgte', '$vlt', '$vlte', '$inGroup', '$notInGroup', '$options',
] as const;

export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/**
 * A condition: `{ "profile.frequency": { "$gte": 3 }, "$or": [...] }`. Kept as a plain JSON object type
 * because its grammar is recursive and open over attribute names.
 */
export type Condition = { [key: string]: unknown };

const known = new Set<string>(CONDITION_OPERATORS);

/** Walks a condition and reports the first operator that is not part of the language, with its path. */
export function findUnknownOperator(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnknownOperator(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('$') && !known.has(key)) return [...path, key];
    const found = findUnknownOperator(child, [...path, key]);
    if (found) return found;
  }
  return null;
}

/**
 * Schema for a condition object.
 * @example conditionSchema.parse({ 'profile.monetary': { $gt: 100 } })
 */
export const conditionSchema = z
  .record(z.string(), z.unknown())
  .superRefine((condition, ctx) => {
    const path = findUnknownOperator(condition);
    if (path) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `unknown operator "${String(path[path.length - 1])}"; expected one of ${CONDITION_OPERATORS.join(' ')}`,
      });
    }
  }) as unknown as z.ZodType<Condition>;
