// The condition language's operators, apart from its schema (condition.ts, zod): the console's condition builder
// and the SDK read this list without bundling zod.

/** Every operator the evaluator understands, with GrowthBook's semantics. */
export const CONDITION_OPERATORS = [
  '$eq', '$ne', '$lt', '$lte', '$gt', '$gte', '$in', '$nin', '$all', '$elemMatch', '$size', '$exists',
  '$type', '$regex', '$not', '$and', '$or', '$nor', '$ini', '$nini', '$alli', '$regexi',
  '$veq', '$vne', '$vgt', '$vgte', '$vlt', '$vlte', '$inGroup', '$notInGroup', '$options',
] as const;

export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];
