// The retail simulator: a synthetic shop with known ground truth, and policies run through Edgewise's real code.
export { simulate, POLICIES, EXTRA_POLICIES } from './run.ts';
export { createWorld, trueValue, stream, CATEGORIES, ORDER_MARGIN, ORDER_VALUE } from './world.ts';
export { marketerConfig, deviceConfig, eligibleOffers, LOOP_EXPERIMENT, DEFAULT_SITE_OPTIONS, FIXED_ARMS } from './site.ts';
export { nonePolicy, randomPolicy, propensityPolicy } from './baselines.ts';
export { edgewisePolicy } from './edgewise.ts';
export { fitObservableTruth, observableOracle } from './observable.ts';
export { earlierTest, trainModels } from './models.ts';
export { oraclePolicy, oracleDuals } from './oracle.ts';
export { lineChart } from './chart.ts';
export { formatTable } from './format.ts';
export { simulateLifecycle, formatLifecycle, LIFECYCLE_POLICIES } from './lifecycle.ts';

export type { SimulationOptions, SimulationResult, PolicyResult, PolicyName } from './run.ts';
export type { World, WorldOptions, Shopper, OfferTruth } from './world.ts';
export type { Policy, Visit, DayStart } from './policy.ts';
export type { SiteOptions } from './site.ts';
export type { EdgewiseOptions } from './edgewise.ts';
export type { Series } from './chart.ts';
export type { LifecycleOptions, LifecyclePolicy, LifecyclePolicyResult, LifecycleResult } from './lifecycle.ts';
