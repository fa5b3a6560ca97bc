// Bandits at the edge: each arm's reward is its profit per exposure, estimated from report sets (stats/reward.ts)
// with a normal posterior per (segment, arm); Thompson sampling over those posteriors, with the arm weights as prior
// and adopted only where it is shown to earn more (stats/bandit-shares.ts), gives the shares of new assignments.
// Devices then assign by hash against these shares, so they carry no sampler and stay sticky.
import type { Arm, BanditShares, Experiment, Posterior, SiteConfig } from '../../../protocol/index.ts';
// The light modules only: stats/index.ts reaches protocol values (and so zod), which the console must not bundle.
import { redemptionCostOf } from '../../../protocol/economics.ts';
import { mulberry32 } from '../../../stats/prng.ts';
import { rewardEstimate, rewardPosteriors, segmentRewardPosteriors, type RewardPrivacy, type RewardTerms } from '../../../stats/reward.ts';
import { banditAllocation } from '../../../stats/bandit-shares.ts';
import type { ExperimentTotals } from '../results/aggregate.ts';

/** Draws per share estimate: the standard error of a share is at most 0.5/√draws = 0.0035. */
const DRAWS = 20_000;

/** A reward posterior, as opposed to the Beta posteriors of publications made before rewards were profits. */
const isReward = (p: unknown): p is Posterior => typeof (p as Posterior | undefined)?.mean === 'number';

/**
 * For every bandit experiment and every segment with a posterior ("*" always), the share of new assignments each arm
 * gets: the probability that Thompson sampling over the arms' profit posteriors picks it, with the configured
 * weights as the prior probability that each arm is best and the experiment's exploration floor, where the
 * posteriors show at 95% that those shares earn more than the configured weights; else the weights
 * (stats/bandit-shares.ts). Seeded, so a publish is reproducible. An experiment without posteriors keeps its arm
 * weights (no shares).
 * @example banditShares(experiments, { hero: { '*': { a: { mean: 1.1, sd: 0.2, units: 900 }, b: { mean: 2.4, sd: 0.2, units: 880 } } } })
 */
export function banditShares(experiments: readonly Experiment[], posteriors: Record<string, Record<string, Record<string, Posterior>>>): BanditShares {
  const out: BanditShares = {};
  for (const experiment of experiments) {
    if (!experiment.bandit) continue;
    const weighted = experiment.arms.filter((a) => a.weight > 0);
    const arms = weighted.map((a) => a.id);
    const weights = Object.fromEntries(weighted.map((a) => [a.id, a.weight]));
    const bySegment = posteriors[experiment.id] ?? {};
    const shares: Record<string, Record<string, number>> = {};
    for (const segment of new Set(['*', ...Object.keys(bySegment)])) {
      // A segment without its own posterior for an arm falls back to the all-segments one.
      const merged = Object.fromEntries(
        Object.entries({ ...bySegment['*'], ...(segment === '*' ? {} : bySegment[segment]) }).filter(([, p]) => isReward(p)),
      );
      if (!arms.every((arm) => merged[arm])) continue;
      shares[segment] = banditAllocation(arms, merged, weights, mulberry32(0x5eed), { draws: DRAWS, explorationFloor: experiment.explorationFloor }).shares;
    }
    if (Object.keys(shares).length) out[experiment.id] = shares;
  }
  return out;
}

/**
 * What one exposure to an arm earns: the margin of what is bought, less what the arm's discount costs. With the
 * site's average order value the margin is a share of the revenue reported (margin / averageOrderValue), else a
 * margin per purchase. An offer arm pays its offer's redemption cost per purchase (every buyer under the offer
 * redeems it); a personalised arm pays `personalisedCost` per exposure (the plan's expected redemption cost per
 * shopper); a control arm pays nothing. The margin is the arm's offer's, else the offers' mean.
 * @example rewardTerms(arm, sourceConfig, 0.8) // { revenueShare: 0.4, perConversion: -12, perExposure: 0 }
 */
export function rewardTerms(arm: Arm, source: Pick<SiteConfig, 'offers' | 'economics'>, personalisedCost: number): RewardTerms {
  const offer = arm.policy === 'offer' ? source.offers.find((o) => o.id === arm.offerId) : undefined;
  const margins = source.offers.map((o) => o.margin);
  const margin = offer?.margin ?? (margins.length ? margins.reduce((a, b) => a + b, 0) / margins.length : 0);
  const cost = offer ? redemptionCostOf(offer, source.economics) ?? 0 : 0;
  const aov = source.economics.averageOrderValue;
  const perExposure = arm.policy === 'personalised' ? personalisedCost : 0;
  return aov && aov > 0 ? { revenueShare: margin / aov, perConversion: -cost, perExposure } : { revenueShare: 0, perConversion: margin - cost, perExposure };
}

/**
 * DeviceConfig.posteriors for the bandit experiments: experiment -> segment ("*" pools every segment) -> arm ->
 * normal posterior of the profit per exposure, from the report sets of the experiment's current version. The arms
 * over all segments shrink toward each other (stats/reward.ts rewardPosteriors); each segment's posteriors are those
 * plus the segment's own deviations, kept only as far as the segments are shown to differ (segmentRewardPosteriors).
 * @example rewardPosteriorsFor(device.experiments, aggregateCells(cells, 2), device.privacy, (arm) => rewardTerms(arm, source, 0.6))
 */
export function rewardPosteriorsFor(
  experiments: readonly Experiment[],
  totals: Map<string, ExperimentTotals>,
  privacy: RewardPrivacy,
  termsOf: (arm: Arm) => RewardTerms,
): Record<string, Record<string, Record<string, Posterior>>> {
  const out: Record<string, Record<string, Record<string, Posterior>>> = {};
  for (const experiment of experiments) {
    if (!experiment.bandit) continue;
    const found = totals.get(`${experiment.id}@${experiment.version}`);
    if (!found) continue;
    const arms = experiment.arms.filter((a) => a.weight > 0);
    const estimatesOf = (byArm: Map<string, { joint: [number[], number[]] }>) =>
      Object.fromEntries(arms.map((arm) => [arm.id, rewardEstimate(byArm.get(arm.id)?.joint ?? [[], []], privacy, termsOf(arm))]));
    const pooled = rewardPosteriors(estimatesOf(found.arms));
    if (!Object.keys(pooled).length) continue;
    const segments = Object.fromEntries([...found.bySegment].filter(([s]) => s !== '').map(([segment, byArm]) => [segment, estimatesOf(byArm)]));
    const bySegment: Record<string, Record<string, Posterior>> = { '*': pooled, ...segmentRewardPosteriors(pooled, segments) };
    out[experiment.id] = bySegment;
  }
  return out;
}
