// Experiment statistics for the edge, the CLI and the simulator: pure TypeScript, no Worker or Node APIs.
// The SDK imports only `stats/thompson.ts` and `stats/randomised-response.ts`, which have no dependencies.
export { analyseExperiment } from './experiment.ts';
export { rewardEstimate, rewardPosteriors, segmentRewardPosteriors } from './reward.ts';
export { banditAllocation } from './bandit-shares.ts';
export { betweenVariance, betweenVarianceWithin } from './random-effects.ts';
export { segmentUplift } from './segment-uplift.ts';
export { selectPosteriors, thompsonNormalShares, thompsonPick, thompsonShares, sampleBeta, sampleGamma } from './thompson.ts';
export {
  DEFAULT_EPSILON, categoryKeepProbability, debiasCategories, debiasCount, debiasMean, keepProbability, randomiseBit, randomiseCategory, roundToLevel,
} from './randomised-response.ts';
export { compareRates, estimateRate, fiellerInterval, twoProportionZTest, wilsonInterval } from './proportions.ts';
export { probBeatsControl, probabilityGreater, probabilityGreaterExact, ratePosterior } from './bayes.ts';
export { DEFAULT_TAU, sequentialTest } from './sequential.ts';
export { srmTest } from './srm.ts';
export { revenueLift, revenuePerExposure } from './revenue.ts';
export { reportingCompleteness } from './completeness.ts';
export { exposuresNeeded } from './power.ts';
export { holdbackCells } from './holdback.ts';
export { hideSmallCells, isReportable } from './suppress.ts';
export { mulberry32 } from './prng.ts';
export {
  betaPdf,
  chiSquareCdf,
  chiSquareSf,
  logBeta,
  logGamma,
  normalCdf,
  normalQuantile,
  normalSf,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
} from './special.ts';

export type { AnalysisOptions, ArmCounts, ArmResult, ExperimentCounts, ExperimentResult } from './experiment.ts';
export type { RewardEstimate, RewardPosterior, RewardPrivacy, RewardTerms } from './reward.ts';
export type { SegmentUpliftOptions, UpliftArm, UpliftCell, UpliftEstimate } from './segment-uplift.ts';
export type { BetaPosterior, NormalPosterior, NormalThompsonOptions, ThompsonOptions } from './thompson.ts';
export type { BanditAllocation, BanditAllocationOptions } from './bandit-shares.ts';
export type { GroupEstimate } from './random-effects.ts';
export type { DebiasedCategories, DebiasedCount, DebiasedMean } from './randomised-response.ts';
export type { ArmArrival, ArrivalCounts, Completeness } from './completeness.ts';
export type { HoldbackCell, HoldbackPrivacy, HoldbackTotals } from './holdback.ts';
export type { Comparison, RateEstimate, ZTest } from './proportions.ts';
export type { BetaDistribution } from './bayes.ts';
export type { SequentialStatus, SequentialTest } from './sequential.ts';
export type { SrmTest } from './srm.ts';
export type { RevenueEstimate } from './revenue.ts';
export type { Rng } from './prng.ts';
