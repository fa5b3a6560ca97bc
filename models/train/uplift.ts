// Uplift learners over encoded rows: two-model (T-learner) and class transformation, each with logistic
// regression or boosted trees as the base learner.
import type { Learned } from '../onnx/index.ts';
import { fitGbt, predictGbt, type GbtOptions } from './gbt.ts';
import { fitLogistic, predictLogistic } from './logistic.ts';

export type Learner = 'logistic' | 'gbt';
export const LEARNERS: readonly Learner[] = ['logistic', 'gbt'];

export interface LearnerOptions {
  learner?: Learner;
  /** L2 penalty of the logistic learner. */
  l2?: number;
  gbt?: GbtOptions;
}

/**
 * Fits P(y = 1 | x) with the chosen learner.
 * @example const m = fitProbability(X, y, { learner: 'gbt' })
 */
export function fitProbability(X: readonly Float64Array[], y: ArrayLike<number>, options: LearnerOptions = {}, weights?: ArrayLike<number>): Learned {
  if (options.learner === 'gbt') return fitGbt(X, y, { ...options.gbt, ...(weights ? { weights } : {}) });
  return fitLogistic(X, y, { ...(options.l2 !== undefined ? { l2: options.l2 } : {}), ...(weights ? { weights } : {}) });
}

/** P(y = 1) per row for either learner. */
export function predictProbability(model: Learned, X: readonly Float64Array[]): Float64Array {
  return 'trees' in model ? predictGbt(model, X) : predictLogistic(model, X);
}

export type UpliftMethod = 't-learner' | 'class-transformation';
export const UPLIFT_METHODS: readonly UpliftMethod[] = ['t-learner', 'class-transformation'];

export type UpliftFit =
  | { method: 't-learner'; treatment: Learned; control: Learned }
  | { method: 'class-transformation'; model: Learned };

/**
 * Fits an uplift model. Class transformation learns z = y·t + (1-y)(1-t); rows are weighted so both arms
 * count equally, which makes uplift = 2·P(z = 1) - 1 hold when the arms are unbalanced too.
 * @example const fit = fitUplift('t-learner', X, y, treated, { learner: 'gbt' })
 */
export function fitUplift(method: UpliftMethod, X: Float64Array[], y: ArrayLike<number>, treated: ArrayLike<number>, options: LearnerOptions = {}): UpliftFit {
  const n = X.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  if (method === 't-learner') {
    const t = idx.filter((i) => treated[i]);
    const c = idx.filter((i) => !treated[i]);
    return {
      method,
      treatment: fitProbability(t.map((i) => X[i]!), t.map((i) => y[i]!), options),
      control: fitProbability(c.map((i) => X[i]!), c.map((i) => y[i]!), options),
    };
  }
  let nt = 0;
  for (let i = 0; i < n; i++) nt += treated[i]! ? 1 : 0;
  const weights = idx.map((i) => (treated[i] ? n / (2 * nt) : n / (2 * (n - nt))));
  const z = idx.map((i) => (y[i]! === (treated[i]! ? 1 : 0) ? 1 : 0));
  return { method, model: fitProbability(X, z, options, weights) };
}

/** Per-row predictions; class transformation has no p_treatment/p_control. */
export interface UpliftPrediction {
  uplift: Float64Array;
  pTreatment?: Float64Array;
  pControl?: Float64Array;
}

/** Predicts with a fitted uplift model in double precision (the ONNX runtime path is checked against this). */
export function predictUplift(fit: UpliftFit, X: Float64Array[]): UpliftPrediction {
  if (fit.method === 'class-transformation') return { uplift: predictProbability(fit.model, X).map((p) => 2 * p - 1) };
  const pTreatment = predictProbability(fit.treatment, X);
  const pControl = predictProbability(fit.control, X);
  return { uplift: pTreatment.map((p, i) => p - pControl[i]!), pTreatment, pControl };
}
