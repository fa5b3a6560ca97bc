// Between-group variance of true effects (random effects, DerSimonian-Laird), shared by the holdback's model
// recalibration and the bandits' reward posteriors: both must let randomised-response noise move nothing.

/** One group's estimate `r` and the variance `v` of that estimate. */
export interface GroupEstimate {
  r: number;
  v: number;
}

/** The standard normal's upper 5% point: the default level of the heterogeneity test. */
const Z_5_PERCENT = 1.6449;

/** Upper point of a χ² distribution with k degrees of freedom at the level of the normal's z (Wilson-Hilferty; within 2% for k >= 3). */
function chiSquareUpper(k: number, z: number): number {
  const a = 2 / (9 * k);
  return k * (1 - a + z * Math.sqrt(a)) ** 3;
}

/**
 * DerSimonian-Laird estimate of the variance of true effects between groups, from estimates and their variances,
 * taken only when Cochran's Q shows heterogeneity at the level of `z` (default 1.6449: 5%): with randomised-response
 * noise the plain estimate is positive half the time under no heterogeneity at all, and would let noise through.
 * @example betweenVariance([{ r: 0.1, v: 0.0001 }, { r: 0.3, v: 0.0001 }]) // 0.0199
 */
export function betweenVariance(xs: readonly GroupEstimate[], z = Z_5_PERCENT): number {
  return betweenVarianceWithin([xs], z);
}

/**
 * The same for estimates in several sets, each around its own mean (the arms within each segment, around the
 * segment's level): the variance of true effects once every set's level is taken out. Q, its degrees of freedom and
 * DerSimonian-Laird's denominator add up over the sets, so one test covers them all.
 * @example betweenVarianceWithin([[{ r: 1, v: 0.01 }, { r: 1.4, v: 0.01 }], [{ r: 5, v: 0.01 }, { r: 5.4, v: 0.01 }]]) // 0.07
 */
export function betweenVarianceWithin(sets: readonly (readonly GroupEstimate[])[], z = Z_5_PERCENT): number {
  let q = 0;
  let c = 0;
  let df = 0;
  for (const xs of sets) {
    if (xs.length < 2) continue;
    const w = xs.map((x) => 1 / x.v);
    const sw = w.reduce((a, b) => a + b, 0);
    const mean = xs.reduce((a, x, i) => a + w[i]! * x.r, 0) / sw;
    q += xs.reduce((a, x, i) => a + w[i]! * (x.r - mean) ** 2, 0);
    c += sw - w.reduce((a, b) => a + b * b, 0) / sw;
    df += xs.length - 1;
  }
  if (df === 0 || c <= 0 || q <= chiSquareUpper(df, z)) return 0;
  return (q - df) / c;
}
