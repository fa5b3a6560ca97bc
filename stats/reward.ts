// A bandit's reward: incremental profit per exposure, from report sets. Each unit's report set carries a
// randomised conversion bit and a randomised revenue level; their debiased values, combined per unit, give an
// unbiased estimate of the unit's profit, so the mean and its variance (sampling and both mechanisms' noise,
// their covariance included) come from one per-unit value. No arm wins by giving money away: a discount's cost
// is charged per redemption.
import { categoryKeepProbability, keepProbability } from './randomised-response.ts';

/**
 * How an arm's exposure earns: `revenueShare` of the revenue (the margin share of an order), plus `perConversion` per
 * purchase (a margin per purchase, minus the redemption cost a purchase under the arm's offer costs), minus
 * `perExposure` (a cost known per exposure, such as the plan's expected redemption cost of a personalised arm).
 */
export interface RewardTerms {
  revenueShare: number;
  perConversion: number;
  perExposure: number;
}

/** An arm's estimated profit per exposure. */
export interface RewardEstimate {
  /** Unbiased for revenueShare·E[revenue] + perConversion·P(buy) − perExposure (revenue clipped at the last level). */
  mean: number;
  /** Variance of `mean`: the per-unit values' sample variance over n (Infinity under 2 units). */
  variance: number;
  /** Report sets counted. */
  units: number;
}

export interface RewardPrivacy {
  epsilon: number;
  revenueEpsilon: number;
  revenueLevels: readonly number[];
}

/**
 * The reward of one arm from its report sets counted jointly: `joint[c][j]` report sets with conversion bit c and
 * revenue level index j.
 * @example
 * rewardEstimate([[700, 50], [150, 100]], { epsilon: Math.log(3), revenueEpsilon: Math.log(3), revenueLevels: [0, 200] },
 *   { revenueShare: 0.4, perConversion: -8, perExposure: 0 }) // { mean, variance, units: 1000 }
 */
export function rewardEstimate(joint: readonly (readonly number[])[], privacy: RewardPrivacy, terms: RewardTerms): RewardEstimate {
  const levels = privacy.revenueLevels;
  const qc = keepProbability(privacy.epsilon);
  const p = categoryKeepProbability(levels.length, privacy.revenueEpsilon);
  const q = (1 - p) / (levels.length - 1);
  const levelSum = levels.reduce((s, v) => s + v, 0);
  // Per unit: each reported value debiased on its own is unbiased for that unit's true value.
  const revenue = (j: number) => (levels[j]! - q * levelSum) / (p - q);
  const bought = (c: number) => (c - (1 - qc)) / (2 * qc - 1);
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  joint.forEach((row, c) =>
    row.forEach((count, j) => {
      const w = terms.revenueShare * revenue(j) + terms.perConversion * bought(c) - terms.perExposure;
      n += count;
      sum += count * w;
      sumSquares += count * w * w;
    }),
  );
  if (n === 0) return { mean: NaN, variance: Infinity, units: 0 };
  const mean = sum / n;
  return { mean, variance: n > 1 ? Math.max(0, (sumSquares - n * mean * mean) / (n - 1)) / n : Infinity, units: n };
}

/** A normal posterior of an arm's profit per exposure (DeviceConfig.posteriors leaf). */
export interface RewardPosterior {
  mean: number;
  sd: number;
  /** Report sets behind it. */
  units: number;
}

/**
 * The normal posterior of each arm's reward, shrunk toward a prior centred on all the arms' pooled reward and worth
 * `priorUnits` units of the pooled per-unit spread: an arm without data samples from that prior, and an arm with
 * data is pulled toward the others only as far as its own noise allows. Empty while no arm has data.
 * @example rewardPosteriors({ a: estimateA, b: estimateB }) // { a: { mean, sd, units }, b: { ... } }
 */
export function rewardPosteriors(estimates: Readonly<Record<string, RewardEstimate>>, priorUnits = 20): Record<string, RewardPosterior> {
  const withData = Object.values(estimates).filter((e) => e.units > 1 && Number.isFinite(e.variance));
  const units = withData.reduce((s, e) => s + e.units, 0);
  const out: Record<string, RewardPosterior> = {};
  // No data yet: no posterior, and the bandit keeps the configured weights.
  if (!units) return out;
  const pooled = withData.reduce((s, e) => s + e.mean * e.units, 0) / units;
  // Per-unit variance, pooled: within arms (variance·n per arm) plus between arms.
  const perUnit = withData.reduce((s, e) => s + e.units * (e.variance * e.units + (e.mean - pooled) ** 2), 0) / units;
  const priorVariance = perUnit / priorUnits;
  for (const [arm, e] of Object.entries(estimates)) {
    const dataPrecision = e.units > 1 && e.variance > 0 && Number.isFinite(e.variance) ? 1 / e.variance : 0;
    const precision = 1 / priorVariance + dataPrecision;
    out[arm] = { mean: (pooled / priorVariance + (dataPrecision ? e.mean * dataPrecision : 0)) / precision, sd: Math.sqrt(1 / precision), units: e.units };
  }
  return out;
}
