// A bandit's reward: incremental profit per exposure, from report sets. Each unit's report set carries a
// randomised conversion bit and a randomised revenue level; their debiased values, combined per unit, give an
// unbiased estimate of the unit's profit, so the mean and its variance (sampling and both mechanisms' noise,
// their covariance included) come from one per-unit value. No arm wins by giving money away: a discount's cost
// is charged per redemption.
import { categoryKeepProbability, keepProbability } from './randomised-response.ts';
import { betweenVariance, betweenVarianceWithin } from './random-effects.ts';

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
  /**
   * Variance of `mean`: the per-unit values' sample variance over n (Infinity under 2 units), and never below the
   * variance the two mechanisms alone add to a unit's value (a handful of identical reports is not certainty).
   */
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
  // The least per-unit variance the mechanisms add, whatever the truth: the bit's flip noise, and the revenue level's
  // noise around the true level that it adds least to. They are independent given the truth, so their sum.
  const bitNoise = (qc * (1 - qc)) / (2 * qc - 1) ** 2;
  const levelNoise = Math.min(...levels.map((_, i) => {
    const second = levels.reduce((s, _, j) => s + (j === i ? p : q) * revenue(j) ** 2, 0);
    return second - levels[i]! ** 2;
  }));
  const noise = terms.revenueShare ** 2 * levelNoise + terms.perConversion ** 2 * bitNoise;
  const sample = n > 1 ? Math.max(0, (sumSquares - n * mean * mean) / (n - 1)) : Infinity;
  return { mean, variance: Math.max(sample, noise) / n, units: n };
}

const hasData = (e: RewardEstimate): boolean =>
  e.units > 1 && e.variance > 0 && Number.isFinite(e.variance) && Number.isFinite(e.mean);

/** A normal posterior of an arm's profit per exposure (DeviceConfig.posteriors leaf). */
export interface RewardPosterior {
  mean: number;
  sd: number;
  /** Report sets behind it. */
  units: number;
}

/**
 * The normal posterior of each arm's reward under a random-effects prior: the arms' true rewards spread around a
 * common mean with a variance τ² that the data themselves estimate (DerSimonian-Laird, and 0 unless Cochran's Q
 * shows the arms differ at the 5% level). Each arm's estimate is shrunk toward the common mean by τ²/(τ² + v): with
 * randomised-response noise a few hundred report sets cannot tell arms a euro apart, and then every posterior sits
 * at the common mean and no arm is preferred; an arm moves away only as far as the evidence that arms differ, and
 * its own precision, allow. The sd includes the common mean's own uncertainty. An arm without data gets the common
 * mean and the spread of arms around it. Empty while no arm has data.
 * @example rewardPosteriors({ a: estimateA, b: estimateB }) // { a: { mean, sd, units }, b: { ... } }
 */
export function rewardPosteriors(estimates: Readonly<Record<string, RewardEstimate>>): Record<string, RewardPosterior> {
  const withData = Object.values(estimates).filter(hasData);
  const out: Record<string, RewardPosterior> = {};
  // No data yet: no posterior, and the bandit keeps the configured weights.
  if (!withData.length) return out;
  const tau2 = betweenVariance(withData.map((e) => ({ r: e.mean, v: e.variance })));
  const weight = withData.reduce((s, e) => s + 1 / (e.variance + tau2), 0);
  const common = withData.reduce((s, e) => s + e.mean / (e.variance + tau2), 0) / weight;
  const commonVariance = 1 / weight;
  for (const [arm, e] of Object.entries(estimates)) {
    if (!hasData(e)) {
      out[arm] = { mean: common, sd: Math.sqrt(tau2 + commonVariance), units: e.units };
      continue;
    }
    // The share of the arm's own deviation from the common mean that is kept, and what remains uncertain about it.
    const kept = tau2 / (tau2 + e.variance);
    const variance = kept * e.variance + (1 - kept) ** 2 * commonVariance;
    out[arm] = { mean: common + kept * (e.mean - common), sd: Math.sqrt(variance), units: e.units };
  }
  return out;
}

/**
 * Each segment's posteriors, built on the all-segments ones (`pooled`, from rewardPosteriors): an arm's reward in a
 * segment is the segment's level, plus the arm's reward over all segments, plus the segment's own deviation for that
 * arm. The deviations are shrunk by τ²/(τ² + v), with τ² their variance estimated over every segment at once
 * (betweenVarianceWithin, 0 unless the segments' rankings of the arms differ at the 5% level). So a segment, with
 * a tenth of the reports or less, ranks the arms as all segments do until its own reports show it differs, instead
 * of following its own noise. A segment's level does not change which arm is best; it keeps the means readable.
 * Segments without data on any arm get no posteriors (devices fall back to the "*" shares).
 * @example segmentRewardPosteriors(rewardPosteriors(all), { vip: { a: estimateVipA, b: estimateVipB } }).vip
 */
export function segmentRewardPosteriors(
  pooled: Readonly<Record<string, RewardPosterior>>,
  segments: Readonly<Record<string, Readonly<Record<string, RewardEstimate>>>>,
): Record<string, Record<string, RewardPosterior>> {
  const deviations = Object.entries(segments).map(([segment, estimates]) => {
    const cells = Object.entries(estimates)
      .filter(([arm, e]) => pooled[arm] && hasData(e))
      .map(([arm, e]) => ({ arm, r: e.mean - pooled[arm]!.mean, v: e.variance }));
    const weight = cells.reduce((s, c) => s + 1 / c.v, 0);
    const level = weight > 0 ? cells.reduce((s, c) => s + c.r / c.v, 0) / weight : 0;
    return { segment, cells, level };
  });
  const tau2 = betweenVarianceWithin(deviations.map((d) => d.cells));
  const out: Record<string, Record<string, RewardPosterior>> = {};
  for (const { segment, cells, level } of deviations) {
    if (!cells.length) continue;
    const own = new Map(cells.map((c) => [c.arm, c]));
    out[segment] = Object.fromEntries(Object.entries(pooled).map(([arm, p]) => {
      const c = own.get(arm);
      const kept = c ? tau2 / (tau2 + c.v) : 0;
      const deviation = c ? kept * (c.r - level) : 0;
      const variance = p.sd ** 2 + (c ? kept * c.v : tau2);
      return [arm, { mean: p.mean + level + deviation, sd: Math.sqrt(variance), units: segments[segment]![arm]?.units ?? 0 }];
    }));
  }
  return out;
}
