// The edge-side planning library: the offer LP, its certified duals and the prices devices receive.
// Pure TypeScript (no Worker or Node APIs) so the worker, the CLI and the simulator all import it.
export { solveOfferProblem } from './solve.ts';
export { priceOffers, buildPricingProblem, remainingShare } from './pricing.ts';
export { paceDuals, pricesPerRedemption, startingLambda, LAMBDA_FLOOR, LAMBDA_CAP } from './pacing.ts';
export { certify, TOLERANCE } from './certify.ts';
export { checkProblem, compileProblem } from './problem.ts';
export { offerProblemSchema, lpOfferSchema, lpSegmentSchema } from './schema.ts';
export { randomProblem, seededRandom } from './random.ts';

export type { LpSegment, LpOffer, OfferProblem, CompiledProblem } from './problem.ts';
export type { LpStatus, OfferDuals, OfferSolution, SolveOptions } from './solve.ts';
export type { PricingOptions, PricingPlan, PricingResult } from './pricing.ts';
export type { PacedDay, PacingInput, PacingResult, UnitBooks } from './pacing.ts';
export type { Certificate, DualPrices } from './certify.ts';
export type { OfferProblemInput } from './schema.ts';
export type { RandomProblemOptions } from './random.ts';
