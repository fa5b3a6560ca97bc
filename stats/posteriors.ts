// Bandit posteriors computed at the edge and shipped in the device config: Beta per (experiment, segment, arm)
// from debiased conversion counts, shaped as DeviceConfig.posteriors.
import type { DeviceConfig, Posterior } from '../protocol/device-config.ts';
import { debiasCount, keepProbability } from './randomised-response.ts';

/** Counts of one (experiment, segment, arm) cell, as the outcome counters hold them. */
export interface PosteriorCell {
  experiment: string;
  /** Coarse segment the reports carried; cells without one only count towards "*". */
  segment?: string | undefined;
  arm: string;
  exposures: number;
  /** Reported ones (noisy bits under randomised response). */
  conversions: number;
  /** Conversion reports received; defaults to `exposures`. */
  conversionReports?: number | undefined;
}

export interface PosteriorOptions {
  /** Randomised-response ε when conversions are noisy bits. */
  epsilon?: number | undefined;
  /**
   * Under randomised response, shrink the pseudo-counts to the effective sample size (default true). The literal
   * Beta(1 + T̂, 1 + n − T̂) has the variance of n exact reports, while the debiased rate has the noise's variance
   * λ(1−λ)/(n(2q−1)²): at ε = ln 3 and a 5% rate that is 17 times larger, and an overconfident bandit stops
   * exploring too early. Calibrated, both counts are multiplied by s = p(1−p)(2q−1)²/(λ(1−λ)), so the Beta's
   * variance matches the debiased estimate's. `false` gives the literal formula.
   */
  calibrate?: boolean | undefined;
}

/**
 * Beta(1 + C, 1 + n − C) with C the debiased conversions clamped to [0, n] (n = conversion reports); under
 * randomised response C and n − C are scaled to the effective sample size (see `calibrate`).
 * @example
 * banditPosterior({ exposures: 1000, conversions: 50 })                       // { alpha: 51, beta: 951 }
 * banditPosterior({ exposures: 1000, conversions: 400 }, { epsilon: Math.log(3) }) // { alpha: 66.7, beta: 154.2 }
 */
export function banditPosterior(
  counts: { exposures: number; conversions: number; conversionReports?: number | undefined },
  options: PosteriorOptions = {},
): Posterior {
  const n = counts.conversionReports ?? counts.exposures;
  if (!(n > 0)) return { alpha: 1, beta: 1 };
  if (options.epsilon === undefined) {
    const c = Math.min(n, Math.max(0, counts.conversions));
    return { alpha: 1 + c, beta: 1 + n - c };
  }
  const c = debiasCount(Math.min(n, Math.max(0, counts.conversions)), n, options.epsilon).clamped;
  let scale = 1;
  if (options.calibrate ?? true) {
    const q = keepProbability(options.epsilon);
    const d = 2 * q - 1;
    // Evaluated at the posterior mean, which stays inside (0, 1) even when C is 0 or n.
    const p = (1 + c) / (2 + n);
    const lambda = 1 - q + p * d;
    scale = (p * (1 - p) * d * d) / (lambda * (1 - lambda));
  }
  return { alpha: 1 + scale * c, beta: 1 + scale * (n - c) };
}

/**
 * Maps aggregated cells to DeviceConfig.posteriors: experiment -> segment ("*" for all) -> arm -> Beta. Cells are
 * summed before the posterior is formed; "*" sums every cell of the experiment. Pass `experiments` to give every
 * listed arm an entry (Beta(1, 1) without data) and to drop arms and experiments no longer configured.
 * @example
 * devicePosteriors([{ experiment: 'hero', segment: 'loyal', arm: 'a', exposures: 100, conversions: 7 }])
 * // { hero: { '*': { a: { alpha: 8, beta: 94 } }, loyal: { a: { alpha: 8, beta: 94 } } } }
 */
export function devicePosteriors(
  cells: readonly PosteriorCell[],
  options: PosteriorOptions & { experiments?: readonly { id: string; arms: readonly { id: string }[] }[] | undefined } = {},
): DeviceConfig['posteriors'] {
  type Sum = { exposures: number; conversions: number; conversionReports: number };
  const sums = new Map<string, Map<string, Map<string, Sum>>>();
  const add = (experiment: string, segment: string, cell: PosteriorCell) => {
    const bySegment = sums.get(experiment) ?? new Map<string, Map<string, Sum>>();
    sums.set(experiment, bySegment);
    const byArm = bySegment.get(segment) ?? new Map<string, Sum>();
    bySegment.set(segment, byArm);
    const sum = byArm.get(cell.arm) ?? { exposures: 0, conversions: 0, conversionReports: 0 };
    byArm.set(cell.arm, sum);
    sum.exposures += cell.exposures;
    sum.conversions += cell.conversions;
    sum.conversionReports += cell.conversionReports ?? cell.exposures;
  };
  const allowed = options.experiments ? new Map(options.experiments.map((e) => [e.id, new Set(e.arms.map((a) => a.id))])) : undefined;
  for (const cell of cells) {
    if (allowed && !allowed.get(cell.experiment)?.has(cell.arm)) continue;
    add(cell.experiment, '*', cell);
    if (cell.segment !== undefined && cell.segment !== '*') add(cell.experiment, cell.segment, cell);
  }
  const out: DeviceConfig['posteriors'] = {};
  for (const experiment of options.experiments ?? []) {
    out[experiment.id] = { '*': Object.fromEntries(experiment.arms.map((arm) => [arm.id, { alpha: 1, beta: 1 }])) };
  }
  for (const [experiment, bySegment] of sums) {
    const target = (out[experiment] ??= {});
    for (const [segment, byArm] of bySegment) {
      const arms = (target[segment] ??= {});
      for (const [arm, sum] of byArm) arms[arm] = banditPosterior(sum, options);
    }
  }
  return out;
}
