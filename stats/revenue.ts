// Revenue per exposure from report sets: each carries a revenue level index (privacy.revenueLevels), rounded at
// random so its expected level is the unit's revenue clipped to the last level, then sent by k-ary randomised
// response. The edge debiases the level counts into the mean and an interval that includes the mechanism's noise.
import { wilsonInterval } from './proportions.ts';
import { categoryKeepProbability, debiasMean } from './randomised-response.ts';
import { normalQuantile } from './special.ts';

export interface RevenueEstimate {
  /** Report sets counted (sum of the level counts): one per unit, buyers and non-buyers alike. */
  reports: number;
  /** Estimated revenue per unit (exposure), clipped at the last level; unbiased, so it may fall below 0. */
  perExposure: number;
  /** Variance of `perExposure`, sampling and mechanism noise together. */
  variance: number;
  /** Interval of `perExposure`: with two levels the Wilson interval of the upper level's share, mapped; else normal. */
  ci: [number, number];
}

/**
 * Revenue per unit from report sets per level index. Pass `epsilon` (privacy.revenueEpsilon) when the indices went
 * through k-ary randomised response; without it the indices are exact levels.
 * @example
 * revenuePerExposure([700, 300], [0, 200], { epsilon: Math.log(3) }) // perExposure (0.3·200 − 0.25·200)/0.5 = 20
 * revenuePerExposure([96, 4], [0, 50])                               // perExposure 2 (exact levels)
 */
export function revenuePerExposure(
  levelCounts: readonly number[],
  levels: readonly number[],
  options: { epsilon?: number | undefined; alpha?: number | undefined } = {},
): RevenueEstimate | undefined {
  if (levelCounts.length !== levels.length)
    throw new RangeError(`revenue: expected one count per revenue level (${levels.length}), received ${levelCounts.length}`);
  const reports = levelCounts.reduce((sum, c) => sum + c, 0);
  if (!(reports > 0)) return undefined;
  let mean: number;
  let variance: number;
  if (options.epsilon === undefined) {
    const sum = levelCounts.reduce((s, c, j) => s + c * levels[j]!, 0);
    const sumSquares = levelCounts.reduce((s, c, j) => s + c * levels[j]! ** 2, 0);
    mean = sum / reports;
    variance = reports > 1 ? Math.max(0, (sumSquares - reports * mean * mean) / (reports - 1)) / reports : Infinity;
  } else ({ mean, variance } = debiasMean(levelCounts, levels, options.epsilon));
  const alpha = options.alpha ?? 0.05;
  if (levels.length === 2) {
    // Two levels: the mean is a linear map of the share reported at the upper level, a binomial proportion, so its
    // Wilson interval maps through too (sound at small counts, where the Wald interval under-covers).
    const p = options.epsilon === undefined ? 1 : categoryKeepProbability(2, options.epsilon);
    const [lo, hi] = wilsonInterval(levelCounts[1]!, reports, alpha);
    const map = (share: number) => levels[0]! + ((levels[1]! - levels[0]!) * (share - (1 - p))) / (2 * p - 1);
    return { reports, perExposure: mean, variance, ci: [map(lo), map(hi)] };
  }
  const half = normalQuantile(1 - alpha / 2) * Math.sqrt(variance);
  return { reports, perExposure: mean, variance, ci: [mean - half, mean + half] };
}

/**
 * Difference in revenue per exposure, treatment − control, with a Welch (unpooled) normal interval.
 * @example revenueLift(control, treatment) // { lift: treatment − control per exposure, ci: [lo, hi] }
 */
export function revenueLift(control: RevenueEstimate, treatment: RevenueEstimate, alpha = 0.05): { lift: number; ci: [number, number] } {
  const lift = treatment.perExposure - control.perExposure;
  const half = normalQuantile(1 - alpha / 2) * Math.sqrt(control.variance + treatment.variance);
  return { lift, ci: [lift - half, lift + half] };
}
