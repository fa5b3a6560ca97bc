// An always-valid sequential test for analysts who peek: the mixture SPRT (mSPRT) of Johari, Pekelis and Walsh
// with a normal mixture over the difference in rates, and the confidence sequence obtained by inverting it.

export type SequentialStatus = 'continue' | 'reject';

export interface SequentialTest {
  /** "reject" once the evidence against "no difference" crosses 1/alpha; "continue" otherwise. */
  status: SequentialStatus;
  /**
   * Always-valid p-value min(1, 1/Λ): under H0 the chance that it ever drops below alpha, however often it is
   * read, is at most alpha (Ville's inequality). A running minimum over past looks is equally valid.
   */
  pValue: number;
  /** The mixture likelihood ratio Λ. */
  likelihoodRatio: number;
  /** Always-valid confidence interval (a confidence sequence) for treatment − control. */
  ci: [number, number];
  /** Mixture standard deviation used, on the difference in rates. */
  tau: number;
}

/** Default τ: the mixture spreads over differences of about one percentage point, the scale of shop effects. */
export const DEFAULT_TAU = 0.01;

/**
 * mSPRT for θ = p_t − p_c with estimate θ̂ and (plug-in) variance V = V_c + V_t, mixing θ ~ N(0, τ²):
 *   Λ = sqrt(V/(V+τ²)) · exp(θ̂²τ² / (2V(V+τ²))),   reject when Λ ≥ 1/alpha,
 *   CS: θ̂ ± sqrt(V(V+τ²)/τ² · (ln((V+τ²)/V) − 2 ln alpha)).
 * V carries the randomised-response inflation when the rates are debiased. The plug-in variance makes the
 * guarantee asymptotic (it holds once each arm has a few hundred reports).
 * @example sequentialTest(0.04, 0.0002, { alpha: 0.05 }) // { status: 'continue', pValue: 0.3228, ... }
 */
export function sequentialTest(difference: number, variance: number, options: { alpha?: number; tau?: number } = {}): SequentialTest {
  const alpha = options.alpha ?? 0.05;
  const tau = options.tau ?? DEFAULT_TAU;
  const t2 = tau * tau;
  if (!(variance > 0) || !Number.isFinite(difference)) {
    return { status: 'continue', pValue: 1, likelihoodRatio: 1, ci: [-Infinity, Infinity], tau };
  }
  const logLambda = 0.5 * Math.log(variance / (variance + t2)) + (difference * difference * t2) / (2 * variance * (variance + t2));
  const likelihoodRatio = Math.exp(logLambda);
  const pValue = Math.min(1, Math.exp(-logLambda));
  const half = Math.sqrt(((variance * (variance + t2)) / t2) * (Math.log((variance + t2) / variance) - 2 * Math.log(alpha)));
  return {
    status: pValue <= alpha ? 'reject' : 'continue',
    pValue,
    likelihoodRatio,
    ci: [difference - half, difference + half],
    tau,
  };
}
