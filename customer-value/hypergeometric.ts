// The Gauss hypergeometric function 2F1, which BG/NBD's forecasts need (Fader, Hardie and Lee 2005, eq. 9-10).
// No imports: the device's forecast part bundles it.

const EPS = 1e-16;
/** z close to 1 needs about −ln(ε)/(1 − z) terms; past this the series is not worth summing. */
const MAX_TERMS = 2_000_000;
/** Rescale the running sum past this, so that terms near a large peak (x big, z near 1) never overflow. */
const BIG = 1e280;
const LOG_BIG = Math.log(BIG);

/**
 * ln 2F1(a, b; c; z) for a, b, c > 0 and 0 <= z < 1, by its power series. Every term is positive there, so the
 * sum loses no digits to cancellation; it is kept scaled, so the logarithm stays finite where 2F1 itself would
 * overflow a double (it grows like (1 − z)^(c − a − b) as z nears 1).
 * @example Math.exp(logHyp2f1(1, 1, 2, 0.5)) // −ln(1 − 0.5) / 0.5 = 1.3862943611198906
 */
export function logHyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(a > 0 && b > 0 && c > 0)) throw new RangeError(`logHyp2f1: expected a, b, c > 0, received ${a}, ${b}, ${c}`);
  if (!(z >= 0 && z < 1)) throw new RangeError(`logHyp2f1: expected 0 <= z < 1, received ${z}`);
  let term = 1;
  let sum = 1;
  let scale = 0;
  for (let n = 0; n < MAX_TERMS; n++) {
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    sum += term;
    if (sum > BIG) {
      sum /= BIG;
      term /= BIG;
      scale += LOG_BIG;
    }
    // Past the peak, later ratios stay below max(ratio, z) < 1: the tail is at most term·ρ/(1 − ρ).
    const rho = Math.max(ratio, z);
    if (ratio < 1 && (term * rho) / (1 - rho) <= EPS * sum) return scale + Math.log(sum);
  }
  throw new RangeError(`logHyp2f1: the series did not converge in ${MAX_TERMS} terms (z = ${z})`);
}

/**
 * 2F1(a, b; c; z) for a, b > 0, 0 <= z < 1 and c > −1 (c ≠ 0): for c <= 0 through Gauss's contiguous relation
 * from c + 1 and c + 2, which BG/NBD needs when a + b < 1 (c = a + b − 1 for a shopper without repeat purchases).
 * @example hyp2f1(1, 1, 2, 0.5) // 1.3862943611198906
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (c > 0) return Math.exp(logHyp2f1(a, b, c, z));
  if (!(c > -1) || c === 0) throw new RangeError(`hyp2f1: expected c > −1 and c ≠ 0, received ${c}`);
  // c(c+1)... written at c' = c + 1: c'(c'−1)(z−1)F(c'−1) + c'[c'−1−(2c'−a−b−1)z]F(c') + (c'−a)(c'−b)z F(c'+1) = 0.
  const c1 = c + 1;
  const f1 = Math.exp(logHyp2f1(a, b, c1, z));
  const f2 = Math.exp(logHyp2f1(a, b, c1 + 1, z));
  return -(c1 * (c1 - 1 - (2 * c1 - a - b - 1) * z) * f1 + (c1 - a) * (c1 - b) * z * f2) / (c1 * (c1 - 1) * (z - 1));
}
