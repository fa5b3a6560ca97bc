// Segment-level value estimates for the optimiser: observed uplift in conversion rate of each offer (or arm)
// over control within each segment, shrunk toward a prior where the segment's counts are too small to trust.
import { debiasCount } from './randomised-response.ts';

/** Counts of one (segment, arm) cell of one experiment. */
export interface UpliftCell {
  /** Coarse segment; cells without one count towards "*" only. */
  segment?: string | undefined;
  arm: string;
  exposures: number;
  conversions: number;
  conversionReports?: number | undefined;
}

/** The experiment's arms as configured (protocol armSchema fields that matter here). */
export interface UpliftArm {
  id: string;
  policy: 'personalised' | 'control' | 'offer';
  offerId?: string | undefined;
}

export interface SegmentUpliftOptions {
  /** Randomised-response ε when conversions are noisy bits. */
  epsilon?: number | undefined;
  /** Control arm id; default the first arm with policy "control". */
  control?: string | undefined;
  /** Prior uplift per segment ("*" for any segment) and key; default: the pooled all-segment estimate. */
  prior?: Readonly<Record<string, Readonly<Record<string, number>>>> | undefined;
  /** Prior standard deviation of a segment's uplift around its prior mean, in rate units (default 0.02). */
  priorSd?: number | undefined;
}

export interface UpliftEstimate {
  segment: string;
  /** The offer id of an "offer" arm, else the arm id. */
  key: string;
  arm: string;
  /** Raw difference of debiased rates, arm − control, in this segment. */
  observed: number;
  /** Its variance (noise-inflated under randomised response, from add-one smoothed shares so it is never 0). */
  variance: number;
  /** Prior mean it is shrunk toward. */
  prior: number;
  /** Weight of the data, τ²/(τ² + variance): 0 ignores the data, 1 takes it as observed. */
  weight: number;
  /** prior + weight · (observed − prior). */
  uplift: number;
}

interface Rate {
  rate: number;
  variance: number;
}

function rateOf(ones: number, reports: number, epsilon: number | undefined): Rate | undefined {
  if (!(reports > 0)) return undefined;
  const q = epsilon === undefined ? 1 : debiasCount(ones, reports, epsilon).q;
  const d = 2 * q - 1;
  // Add-one smoothing in the variance only: 0 of 5 conversions must not read as a certain zero.
  const smoothed = (ones + 1) / (reports + 2);
  return { rate: (ones / reports - (1 - q)) / d, variance: (smoothed * (1 - smoothed)) / (reports * d * d) };
}

/**
 * Normal–normal shrinkage of each segment's observed uplift u (variance V) toward a prior mean m with spread τ:
 * uplift = m + τ²/(τ² + V) · (u − m). Large segments keep their own estimate; a segment with a handful of reports
 * gets (almost) the prior. The default prior mean for a key is its pooled uplift over all segments, itself shrunk
 * toward 0 the same way, so small segments borrow strength from the whole experiment. Uplift is in conversion-rate
 * units (0.01 = one percentage point); the optimiser turns it into value with the offer's margin and cost.
 * @example
 * segmentUplift(
 *   [{ id: 'ctl', policy: 'control' }, { id: 'ten', policy: 'offer', offerId: 'ten-off' }],
 *   [{ segment: 'loyal', arm: 'ctl', exposures: 4000, conversions: 200 },
 *    { segment: 'loyal', arm: 'ten', exposures: 4000, conversions: 280 }],
 * ).observedUplift // { '*': { 'ten-off': 0.0187 }, loyal: { 'ten-off': 0.0199 } }
 */
export function segmentUplift(
  arms: readonly UpliftArm[],
  cells: readonly UpliftCell[],
  options: SegmentUpliftOptions = {},
): { observedUplift: Record<string, Record<string, number>>; estimates: UpliftEstimate[] } {
  const control = options.control ?? arms.find((arm) => arm.policy === 'control')?.id;
  if (control === undefined || !arms.some((arm) => arm.id === control)) {
    throw new RangeError(`control: expected an arm with policy "control" or a control arm id, received ${String(control)}`);
  }
  const tau2 = (options.priorSd ?? 0.02) ** 2;
  const totals = new Map<string, Map<string, { ones: number; reports: number }>>();
  for (const cell of cells) {
    for (const segment of cell.segment === undefined || cell.segment === '*' ? ['*'] : ['*', cell.segment]) {
      const byArm = totals.get(segment) ?? new Map<string, { ones: number; reports: number }>();
      totals.set(segment, byArm);
      const total = byArm.get(cell.arm) ?? { ones: 0, reports: 0 };
      byArm.set(cell.arm, total);
      total.ones += cell.conversions;
      total.reports += cell.conversionReports ?? cell.exposures;
    }
  }
  const shrink = (observed: number, variance: number, prior: number) => {
    const weight = tau2 / (tau2 + variance);
    return { weight, uplift: prior + weight * (observed - prior) };
  };

  const estimates: UpliftEstimate[] = [];
  const observedUplift: Record<string, Record<string, number>> = {};
  const pooled = new Map<string, number>();
  // "*" first, so that every segment can shrink toward the pooled estimate.
  const segments = [...totals.keys()].sort((a, b) => (a === '*' ? -1 : b === '*' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  for (const segment of segments) {
    const byArm = totals.get(segment)!;
    const c = byArm.get(control);
    const controlRate = c && rateOf(c.ones, c.reports, options.epsilon);
    for (const arm of arms) {
      if (arm.id === control) continue;
      const key = arm.policy === 'offer' && arm.offerId ? arm.offerId : arm.id;
      const t = byArm.get(arm.id);
      const rate = t && rateOf(t.ones, t.reports, options.epsilon);
      const prior = options.prior?.[segment]?.[key] ?? options.prior?.['*']?.[key] ?? (segment === '*' ? 0 : pooled.get(key) ?? 0);
      const observed = rate && controlRate ? rate.rate - controlRate.rate : prior;
      const variance = rate && controlRate ? rate.variance + controlRate.variance : Infinity;
      const { weight, uplift } = shrink(observed, variance, prior);
      if (segment === '*') pooled.set(key, uplift);
      estimates.push({ segment, key, arm: arm.id, observed, variance, prior, weight, uplift });
      (observedUplift[segment] ??= {})[key] = uplift;
    }
  }
  return { observedUplift, estimates };
}
