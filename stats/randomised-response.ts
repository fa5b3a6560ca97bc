// Randomised response for binary outcomes: the device keeps its true bit with probability q = e^ε / (1 + e^ε)
// and flips it otherwise; the edge only ever sees noisy bits and removes the noise in aggregate.
// No imports, so the SDK can bundle `randomiseBit` without pulling in the rest of the statistics.

/** The default per-site ε: q = 3/4, each report is true three times out of four. */
export const DEFAULT_EPSILON = Math.log(3);

/**
 * Probability that a device reports its true bit: q = e^ε / (1 + e^ε), always in (1/2, 1).
 * @example keepProbability(Math.log(3)) // 0.75
 */
export function keepProbability(epsilon: number): number {
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw new RangeError(`epsilon: expected a finite number > 0, received ${epsilon}`);
  return 1 / (1 + Math.exp(-epsilon));
}

/**
 * The bit a device sends: its true bit with probability q, the other bit otherwise. `rng` returns [0, 1).
 * @example randomiseBit(1, Math.log(3), Math.random) // 1 three times out of four
 */
export function randomiseBit(bit: 0 | 1, epsilon: number, rng: () => number): 0 | 1 {
  return rng() < keepProbability(epsilon) ? bit : bit === 1 ? 0 : 1;
}

/** The debiased count of true ones among n randomised reports. */
export interface DebiasedCount {
  /** Unbiased: E[estimate] equals the true number of ones. It may fall below 0 or above n; keep it so for estimation. */
  estimate: number;
  /** `estimate` clamped to [0, n], for display only. */
  clamped: number;
  /** Variance of `estimate` around the true count of this sample: n·q(1−q)/(2q−1)². */
  variance: number;
  /**
   * Variance of `estimate` as a measure of n·p for the population rate p (adds binomial sampling):
   * n·λ̂(1−λ̂)/(2q−1)² where λ̂ = y/n is the observed share of ones.
   */
  populationVariance: number;
  /** Reports n and observed ones y, as given. */
  reports: number;
  ones: number;
  /** Keep probability used. */
  q: number;
}

/**
 * Debiases y reported ones out of n: E[y] = n(1−q) + T(2q−1) for T true ones, so T̂ = (y − n(1−q)) / (2q − 1).
 * @example
 * const d = debiasCount(400, 1000, Math.log(3)); // q = 0.75
 * d.estimate // (400 − 250) / 0.5 = 300
 */
export function debiasCount(ones: number, reports: number, epsilon: number): DebiasedCount {
  if (!(reports >= 0) || !Number.isFinite(reports)) throw new RangeError(`reports: expected a count >= 0, received ${reports}`);
  if (!(ones >= 0) || ones > reports) throw new RangeError(`ones: expected a count between 0 and reports (${reports}), received ${ones}`);
  const q = keepProbability(epsilon);
  const d = 2 * q - 1;
  const estimate = (ones - reports * (1 - q)) / d;
  const lambda = reports > 0 ? ones / reports : 0;
  return {
    estimate,
    clamped: Math.min(reports, Math.max(0, estimate)),
    variance: (reports * q * (1 - q)) / (d * d),
    populationVariance: (reports * lambda * (1 - lambda)) / (d * d),
    reports,
    ones,
    q,
  };
}
