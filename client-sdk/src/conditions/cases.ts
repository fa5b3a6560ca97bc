// The shape of cases.json, the condition cases shared by the edge (rule preview) and the device.
import type { Condition, SavedGroups } from './evaluate.ts';

export interface ConditionCase {
  name: string;
  condition: Condition;
  attributes: Record<string, unknown>;
  expected: boolean;
  savedGroups?: SavedGroups;
}

/** Bump `version` when a case changes meaning, so consumers pinned to a version notice. */
export interface ConditionCasesFile {
  version: 1;
  description: string;
  cases: ConditionCase[];
}
