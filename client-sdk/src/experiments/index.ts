// Experiments on the device: deterministic assignment, holdout, namespaces and bandits.
export { bucket, fnv1a32, newDeviceKey } from './hash.ts';
export { HOLDOUT_ARM, assignArm, banditArms, experimentFor, inGlobalHoldout, weightedArm } from './assign.ts';
export type { AssignInput } from './assign.ts';
