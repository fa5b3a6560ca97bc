// Bayesian probability that a treatment beats control, P(p_t > p_c), from Beta posteriors: computed by
// Gauss–Legendre quadrature (deterministic, within 1e-9), with an exact finite sum for integer parameters.
import { keepProbability } from './randomised-response.ts';
import { betaPdf, logBeta, regularizedBeta } from './special.ts';

/** A Beta(alpha, beta) distribution, optionally restricted to [lower, upper] (renormalised). */
export interface BetaDistribution {
  alpha: number;
  beta: number;
  lower?: number;
  upper?: number;
}

// 16-point Gauss–Legendre nodes and weights on [−1, 1], found once by Newton's method on P_16.
const ORDER = 16;
const NODES: number[] = [];
const WEIGHTS: number[] = [];
for (let i = 1; i <= ORDER; i++) {
  let x = Math.cos((Math.PI * (i - 0.25)) / (ORDER + 0.5));
  let derivative = 0;
  for (let step = 0; step < 100; step++) {
    let p0 = 1;
    let p1 = x;
    for (let k = 2; k <= ORDER; k++) [p0, p1] = [p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k];
    derivative = (ORDER * (x * p1 - p0)) / (x * x - 1);
    const dx = p1 / derivative;
    x -= dx;
    if (Math.abs(dx) < 1e-16) break;
  }
  NODES.push(x);
  WEIGHTS.push(2 / ((1 - x * x) * derivative * derivative));
}
const PANELS = 64;
// Beyond 40 standard deviations the Beta mass is below 1e-300 for the parameters (>= 1) that posteriors have.
const SPREAD = 40;

function bounds(d: BetaDistribution): [number, number] {
  return [d.lower ?? 0, d.upper ?? 1];
}

function cdf(d: BetaDistribution, x: number): number {
  const [lo, hi] = bounds(d);
  if (x <= lo) return 0;
  if (x >= hi) return 1;
  const base = regularizedBeta(lo, d.alpha, d.beta);
  return (regularizedBeta(x, d.alpha, d.beta) - base) / (regularizedBeta(hi, d.alpha, d.beta) - base);
}

function sd(d: BetaDistribution): number {
  const s = d.alpha + d.beta;
  return Math.sqrt((d.alpha * d.beta) / (s * s * (s + 1)));
}

/** ∫ f_narrow(x) · F_other(x) dx over the narrow distribution's support, where its density lives. */
function integrateDensityTimesCdf(narrow: BetaDistribution, other: BetaDistribution): number {
  const [lo, hi] = bounds(narrow);
  const mean = narrow.alpha / (narrow.alpha + narrow.beta);
  const from = Math.max(lo, mean - SPREAD * sd(narrow));
  const to = Math.min(hi, mean + SPREAD * sd(narrow));
  const mass = regularizedBeta(hi, narrow.alpha, narrow.beta) - regularizedBeta(lo, narrow.alpha, narrow.beta);
  const width = (to - from) / PANELS;
  let total = 0;
  for (let panel = 0; panel < PANELS; panel++) {
    const centre = from + (panel + 0.5) * width;
    for (let i = 0; i < ORDER; i++) {
      const x = centre + (NODES[i]! * width) / 2;
      total += WEIGHTS[i]! * betaPdf(x, narrow.alpha, narrow.beta) * cdf(other, x);
    }
  }
  return (total * width) / 2 / mass;
}

/**
 * P(X_t > X_c) for independent Beta variables. The integral runs against the density of the narrower one, so the
 * other's CDF is smooth on the quadrature's scale however lopsided the sample sizes are.
 * @example probabilityGreater({ alpha: 4, beta: 6 }, { alpha: 3, beta: 7 }) // 0.690045248868778
 */
export function probabilityGreater(treatment: BetaDistribution, control: BetaDistribution): number {
  const p = sd(treatment) <= sd(control) ? integrateDensityTimesCdf(treatment, control) : 1 - integrateDensityTimesCdf(control, treatment);
  return Math.min(1, Math.max(0, p));
}

/**
 * Exact P(X_t > X_c) for integer alpha_t (Evan Miller's sum), O(alpha_t) terms: the check on the quadrature.
 * @example probabilityGreaterExact({ alpha: 4, beta: 6 }, { alpha: 3, beta: 7 }) // 0.690045248868778
 */
export function probabilityGreaterExact(treatment: BetaDistribution, control: BetaDistribution): number {
  if (!Number.isInteger(treatment.alpha)) throw new RangeError(`treatment.alpha: expected an integer, received ${treatment.alpha}`);
  let total = 0;
  for (let i = 0; i < treatment.alpha; i++) {
    total += Math.exp(
      logBeta(control.alpha + i, control.beta + treatment.beta) -
        Math.log(treatment.beta + i) -
        logBeta(1 + i, treatment.beta) -
        logBeta(control.alpha, control.beta),
    );
  }
  return total;
}

/**
 * Posterior of a conversion rate under a uniform prior. For exact counts it is Beta(1 + ones, 1 + reports − ones).
 * Under randomised response the share of reported ones is λ = (1−q) + p(2q−1), a linear map of p, so a uniform
 * prior on p is uniform on λ ∈ [1−q, q] and the exact posterior is Beta(1 + ones, 1 + reports − ones) restricted to
 * that range: no approximation of the noise. Comparisons between arms with the same ε can be made on λ directly.
 * @example ratePosterior(400, 1000, Math.log(3)) // { alpha: 401, beta: 601, lower: 0.25, upper: 0.75 }
 */
export function ratePosterior(ones: number, reports: number, epsilon?: number): BetaDistribution {
  const posterior: BetaDistribution = { alpha: 1 + ones, beta: 1 + reports - ones };
  if (epsilon === undefined) return posterior;
  const q = keepProbability(epsilon);
  return { ...posterior, lower: 1 - q, upper: q };
}

/**
 * Bayesian probability that the treatment's true conversion rate beats control's, uniform priors.
 * @example probBeatsControl({ ones: 200, reports: 1000 }, { ones: 240, reports: 1000 }) // ≈ 0.985
 */
export function probBeatsControl(
  control: { ones: number; reports: number },
  treatment: { ones: number; reports: number },
  epsilon?: number,
): number {
  return probabilityGreater(ratePosterior(treatment.ones, treatment.reports, epsilon), ratePosterior(control.ones, control.reports, epsilon));
}
