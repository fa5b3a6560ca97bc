// Conversion rates and their comparison: Wilson intervals, the pooled two-proportion z-test and lifts with
// delta-method intervals, for plain counts and for randomised-response counts alike.
import { keepProbability } from './randomised-response.ts';
import { normalCdf, normalQuantile } from './special.ts';

/** One arm's conversion rate. With randomised response every quantity refers to the debiased (true) rate. */
export interface RateEstimate {
  /** Conversion reports and the ones among them (noisy ones under randomised response). */
  reports: number;
  ones: number;
  /** Keep probability q of randomised response; 1 for exact counts. */
  q: number;
  /** Unbiased rate; under randomised response it may fall outside [0, 1]. Use this one for estimation. */
  unbiased: number;
  /** `unbiased` clamped to [0, 1], for display. */
  rate: number;
  /** Estimated true conversions, unbiased: unbiased · reports. */
  conversions: number;
  /** Variance of `unbiased`: λ̂(1−λ̂)/(n(2q−1)²), λ̂ the observed share of ones (the plain binomial when q = 1). */
  variance: number;
  /** Wilson interval on the observed share, mapped through the debiasing and clamped to [0, 1]. */
  ci: [number, number];
}

/**
 * Wilson score interval for a binomial proportion: good coverage even at 0 or n successes, unlike the Wald one.
 * @example wilsonInterval(20, 100) // [0.1333, 0.2888]
 */
export function wilsonInterval(successes: number, n: number, alpha = 0.05): [number, number] {
  if (!(n > 0)) return [0, 1];
  const z = normalQuantile(1 - alpha / 2);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  // At 0 or n successes the bounds are exactly 0 or 1; rounding would otherwise leave 1e-17.
  return [successes <= 0 ? 0 : Math.max(0, centre - half), successes >= n ? 1 : Math.min(1, centre + half)];
}

/**
 * Estimates a conversion rate from `ones` out of `reports`. Pass `epsilon` when the ones are randomised-response
 * bits: the rate is then debiased and its variance inflated by the noise. Returns undefined when there are no reports.
 * @example
 * estimateRate(120, 1000)                          // rate 0.12, Wilson interval
 * estimateRate(400, 1000, { epsilon: Math.log(3) }) // debiased rate 0.3, interval about twice as wide
 */
export function estimateRate(ones: number, reports: number, options: { epsilon?: number | undefined; alpha?: number } = {}): RateEstimate | undefined {
  if (!(reports > 0)) return undefined;
  const q = options.epsilon === undefined ? 1 : keepProbability(options.epsilon);
  const d = 2 * q - 1;
  const lambda = ones / reports;
  const debias = (share: number) => (share - (1 - q)) / d;
  const unbiased = debias(lambda);
  const [lo, hi] = wilsonInterval(ones, reports, options.alpha);
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  return {
    reports,
    ones,
    q,
    unbiased,
    rate: clamp(unbiased),
    conversions: unbiased * reports,
    variance: (lambda * (1 - lambda)) / (reports * d * d),
    ci: [clamp(debias(lo)), clamp(debias(hi))],
  };
}

export interface ZTest {
  z: number;
  /** Two-sided p-value 2Φ(−|z|); 1 when the pooled variance is 0 (no conversions, or all). */
  pValue: number;
}

/**
 * Two-proportion z-test with the pooled variance (H0: equal rates), two-sided.
 * Under randomised response with one ε for both arms, equal true rates mean equal shares of reported ones, so
 * testing the reported bits is exactly the test of the debiased rates with their inflated variance.
 * @example twoProportionZTest(200, 1000, 240, 1000) // z = 2.1592, pValue = 0.03084
 */
export function twoProportionZTest(onesA: number, reportsA: number, onesB: number, reportsB: number): ZTest {
  const pooled = (onesA + onesB) / (reportsA + reportsB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / reportsA + 1 / reportsB));
  if (!(se > 0)) return { z: 0, pValue: 1 };
  const z = (onesB / reportsB - onesA / reportsA) / se;
  return { z, pValue: Math.min(1, 2 * normalCdf(-Math.abs(z))) };
}

/**
 * Fieller's confidence set for a/b from independent normal estimates (variances va, vb) at critical value z: the r
 * with (a − r·b)² ≤ z²(va + r²·vb). Bounded only when b is significantly non-zero (b² > z²·vb); else null.
 * @example fiellerInterval(0.12, 0.0001, 0.1, 0.0001, 1.96) // [0.87, 1.67] around 1.2
 */
export function fiellerInterval(a: number, va: number, b: number, vb: number, z: number): [number, number] | null {
  const qa = b * b - z * z * vb;
  if (!(qa > 0)) return null;
  const qb = a * b;
  const disc = qb * qb - qa * (a * a - z * z * va);
  const half = Math.sqrt(Math.max(0, disc));
  return [(qb - half) / qa, (qb + half) / qa];
}

/** A treatment arm against control. */
export interface Comparison {
  /** treatment − control, on unbiased rates. */
  absoluteLift: number;
  /** Wald interval of the absolute lift with unpooled (and RR-inflated) variances. */
  absoluteLiftCi: [number, number];
  /** treatment / control − 1; null when the control rate is not positive. */
  relativeLift: number | null;
  /**
   * Fieller's interval for p_t/p_c − 1 (independent arms): exact for a ratio of normal estimates, where the delta
   * method under-covers once the control rate is noisy (randomised response makes it so). Null when the control
   * rate is not clearly above 0 at this level: the ratio's interval is then unbounded.
   */
  relativeLiftCi: [number, number] | null;
  z: number;
  pValue: number;
}

/**
 * Compares a treatment rate with the control rate: lifts with intervals and the pooled z-test.
 * @example compareRates(estimateRate(200, 1000)!, estimateRate(240, 1000)!) // absoluteLift 0.04, pValue 0.0307
 */
export function compareRates(control: RateEstimate, treatment: RateEstimate, alpha = 0.05): Comparison {
  const z = normalQuantile(1 - alpha / 2);
  const absoluteLift = treatment.unbiased - control.unbiased;
  const se = Math.sqrt(control.variance + treatment.variance);
  const pc = control.unbiased;
  const pt = treatment.unbiased;
  let relativeLift: number | null = null;
  let relativeLiftCi: [number, number] | null = null;
  if (pc > 0) {
    relativeLift = pt / pc - 1;
    const ratio = fiellerInterval(pt, treatment.variance, pc, control.variance, z);
    relativeLiftCi = ratio && [ratio[0] - 1, ratio[1] - 1];
  }
  const test = twoProportionZTest(control.ones, control.reports, treatment.ones, treatment.reports);
  return {
    absoluteLift,
    absoluteLiftCi: [absoluteLift - z * se, absoluteLift + z * se],
    relativeLift,
    relativeLiftCi,
    z: test.z,
    pValue: test.pValue,
  };
}
