// Revenue per exposure from bucketed revenue reports: devices send a bucket index, never an amount, so the edge
// values each bucket at its midpoint (the open last bucket at its lower edge) and estimates a mean with its interval.
import { REVENUE_BUCKET_EDGES } from '../protocol/outcomes.ts';
import { normalQuantile } from './special.ts';

/**
 * The value counted for each bucket index: midpoints, and the last bucket's lower edge (it has no upper edge, so
 * this is a conservative floor).
 * @example bucketValues() // [5, 17.5, 37.5, 75, 150, 350, 750, 1000]
 */
export function bucketValues(edges: readonly number[] = REVENUE_BUCKET_EDGES): number[] {
  return edges.map((edge, i) => (i + 1 < edges.length ? (edge + edges[i + 1]!) / 2 : edge));
}

export interface RevenueEstimate {
  /** Revenue reports counted (sum of the bucket counts). */
  reports: number;
  /** Estimated total revenue. */
  total: number;
  /** Estimated revenue per exposure. */
  perExposure: number;
  /** Variance of `perExposure`. */
  variance: number;
  /** Normal interval of `perExposure`. */
  ci: [number, number];
}

/**
 * Revenue per exposure from counts per bucket index. Each exposure's revenue is its reported bucket value, 0
 * without a report; the variance is the sample variance of that per-exposure value over n. It assumes at most one
 * revenue report per exposure within the attribution window (several would understate the variance a little).
 * @example revenuePerExposure([0, 3, 1], 100) // total 90, perExposure 0.9
 */
export function revenuePerExposure(bucketCounts: readonly number[], exposures: number, alpha = 0.05): RevenueEstimate | undefined {
  if (!(exposures > 0)) return undefined;
  const values = bucketValues();
  if (bucketCounts.length > values.length) {
    throw new RangeError(`revenue: expected at most ${values.length} bucket counts (one per bucket index), received ${bucketCounts.length}`);
  }
  let reports = 0;
  let sum = 0;
  let sumSquares = 0;
  bucketCounts.forEach((count, i) => {
    const v = values[i]!;
    reports += count;
    sum += count * v;
    sumSquares += count * v * v;
  });
  const mean = sum / exposures;
  const variance = exposures > 1 ? Math.max(0, (sumSquares - exposures * mean * mean) / (exposures - 1)) / exposures : Infinity;
  const z = normalQuantile(1 - alpha / 2);
  const half = z * Math.sqrt(variance);
  return { reports, total: sum, perExposure: mean, variance, ci: [mean - half, mean + half] };
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
