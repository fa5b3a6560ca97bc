// Targeting conditions (GrowthBook semantics) used by segments and offer eligibility.
export { evaluateCondition, readPath, usesRareOperators } from './evaluate.ts';
export { warmOperators } from './operators.ts';
export { paddedVersion } from './version.ts';
export type { Condition, SavedGroups } from './evaluate.ts';
