// Targeting conditions (GrowthBook semantics) used by segments and offer eligibility.
export { evaluateCondition, readPath } from './evaluate.ts';
export { paddedVersion } from './version.ts';
export type { Condition, SavedGroups } from './evaluate.ts';
