// Randomised response for binary outcomes: the device keeps its true bit with probability q = e^ε / (1 + e^ε)
// and flips it otherwise; the edge only ever sees noisy bits and removes the noise in aggregate.
// k-ary randomised response and unbiased rounding to levels report an amount (revenue) the same way. No imports:
// the SDK bundles the device side (randomiseBit, randomiseCategory, roundToLevel) without the rest of stats/.

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

/**
 * Probability that k-ary randomised response reports the true category: e^ε / (e^ε + k − 1). Each other category
 * is reported with probability 1 / (e^ε + k − 1), so any two inputs' output odds differ by at most e^ε.
 * @example categoryKeepProbability(2, Math.log(3)) // 0.75, binary randomised response
 */
export function categoryKeepProbability(k: number, epsilon: number): number {
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw new RangeError(`epsilon: expected a finite number > 0, received ${epsilon}`);
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k: expected an integer >= 2 categories, received ${k}`);
  return 1 / (1 + (k - 1) * Math.exp(-epsilon));
}

/**
 * k-ary randomised response (generalised randomised response): the true index with probability
 * e^ε/(e^ε + k − 1), else one of the k − 1 others uniformly. `index` must be an integer in [0, k).
 * @example randomiseCategory(3, 8, Math.log(3), Math.random) // 3 three times in ten, each other index once in ten
 */
export function randomiseCategory(index: number, k: number, epsilon: number, rng: () => number): number {
  if (rng() < categoryKeepProbability(k, epsilon)) return index;
  const other = Math.floor(rng() * (k - 1));
  return other >= index ? other + 1 : other;
}

/**
 * The level index an amount is reported as: the amount is clipped to [levels[0], levels[k−1]] and rounded at
 * random to one of the two levels around it, up with probability (amount − lower) / (upper − lower), so the
 * expected level equals the clipped amount (unbiased stochastic rounding). With two levels [0, cap] and k-ary
 * randomised response on the index, this is Duchi, Jordan and Wainwright's minimax-optimal mechanism for a
 * bounded mean. `levels` must be strictly increasing.
 * @example roundToLevel(50, [0, 200], Math.random) // 1 (200) a quarter of the time, else 0
 */
export function roundToLevel(amount: number, levels: readonly number[], rng: () => number): number {
  const last = levels.length - 1;
  const x = Math.min(levels[last]!, Math.max(levels[0]!, Number.isFinite(amount) ? amount : 0));
  let i = 0;
  while (i < last - 1 && x >= levels[i + 1]!) i++;
  const lower = levels[i]!;
  const upper = levels[i + 1]!;
  return rng() < (x - lower) / (upper - lower) ? i + 1 : i;
}

/** A mean estimated from k-ary randomised-response counts of level indices. */
export interface DebiasedMean {
  /** Unbiased for the population mean of the (clipped) amount; may fall outside the levels' range. */
  mean: number;
  /**
   * Variance of `mean` for the population mean: the sample variance of the reported level values over n, scaled by
   * 1/(p − q)². It carries both the sampling and the mechanism's noise (unbiased for it).
   */
  variance: number;
  reports: number;
  /** Keep probability p of the true index; q = (1 − p)/(k − 1) for each other index. */
  p: number;
}

/**
 * Debiases counts of reported level indices into the mean amount. With reported share c_j/n of index j,
 * E[c_j/n] = q + (p − q)·f_j for the true shares f_j, so Σ v_j·f̂_j = (Σ v_j·c_j/n − q·Σ v_j)/(p − q) is unbiased.
 * For two levels [0, 1] it is the debiased rate of binary randomised response.
 * @example debiasMean([70, 30], [0, 200], Math.log(3)).mean // (200·0.3 − 0.25·200)/0.5 = 20
 */
export function debiasMean(counts: readonly number[], levels: readonly number[], epsilon: number): DebiasedMean {
  const k = levels.length;
  if (counts.length !== k) throw new RangeError(`counts: expected one count per level (${k}), received ${counts.length}`);
  const p = categoryKeepProbability(k, epsilon);
  const q = (1 - p) / (k - 1);
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  counts.forEach((c, j) => {
    if (!(c >= 0)) throw new RangeError(`counts[${j}]: expected a count >= 0, received ${c}`);
    n += c;
    sum += c * levels[j]!;
    sumSquares += c * levels[j]! ** 2;
  });
  const levelSum = levels.reduce((s, v) => s + v, 0);
  if (n === 0) return { mean: NaN, variance: Infinity, reports: 0, p };
  const observed = sum / n;
  const sampleVariance = n > 1 ? Math.max(0, (sumSquares - n * observed * observed) / (n - 1)) : Infinity;
  return { mean: (observed - q * levelSum) / (p - q), variance: sampleVariance / n / (p - q) ** 2, reports: n, p };
}

/** Category counts recovered from k-ary randomised-response reports. */
export interface DebiasedCategories {
  /** Unbiased estimates of the true count in each category; they sum to the reports and may be negative. */
  estimates: number[];
  /**
   * The nearest counts that are >= 0 and sum to the reports (Norm-Sub: lower every estimate by one common amount
   * and clip at 0; Wang et al. 2020), for estimators that need a histogram.
   */
  projected: number[];
  /** Variance of each estimate: n·q(1−q)/(p−q)² plus the sampling term, about n/k·(k−2+e^ε)/(e^ε−1)² per cell. */
  variance: number[];
  reports: number;
}

/**
 * Debiases counts of k-ary randomised-response reports into counts of true categories: E[c_j] = n·q + (p − q)·n_j,
 * so n̂_j = (c_j − n·q)/(p − q).
 * @example debiasCategories([50, 30, 20], Math.log(3)).estimates // p = 0.6, q = 0.2: [75, 25, 0]
 */
export function debiasCategories(counts: readonly number[], epsilon: number): DebiasedCategories {
  const k = counts.length;
  const p = categoryKeepProbability(k, epsilon);
  const q = (1 - p) / (k - 1);
  counts.forEach((c, j) => {
    if (!(c >= 0)) throw new RangeError(`counts[${j}]: expected a count >= 0, received ${c}`);
  });
  const n = counts.reduce((s, c) => s + c, 0);
  const estimates = counts.map((c) => (c - n * q) / (p - q));
  const variance = counts.map((c) => {
    const share = n ? c / n : 0;
    return (n * share * (1 - share)) / (p - q) ** 2;
  });
  return { estimates, projected: projectToCounts(estimates, n), variance, reports: n };
}

/** Norm-Sub: subtract one δ from every estimate and clip at 0, δ chosen so the positive parts sum to `total`. */
function projectToCounts(estimates: readonly number[], total: number): number[] {
  if (total <= 0) return estimates.map(() => 0);
  const sorted = [...estimates].sort((a, b) => b - a);
  let sum = 0;
  let delta = 0;
  for (let i = 0; i < sorted.length; i++) {
    sum += sorted[i]!;
    const d = (sum - total) / (i + 1);
    if (i + 1 === sorted.length || sorted[i + 1]! <= d) {
      delta = d;
      break;
    }
  }
  return estimates.map((e) => Math.max(0, e - delta));
}
