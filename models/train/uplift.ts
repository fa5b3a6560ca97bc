// Uplift learners over encoded rows: two-model (T-learner) and class transformation, both logistic.
import type { Linear } from '../onnx/index.ts';
import { fitLogistic, predictLogistic } from './logistic.ts';

export type UpliftMethod = 't-learner' | 'class-transformation';
export const UPLIFT_METHODS: readonly UpliftMethod[] = ['t-learner', 'class-transformation'];

export type UpliftFit =
  | { method: 't-learner'; treatment: Linear; control: Linear }
  | { method: 'class-transformation'; model: Linear };

/**
 * Fits an uplift model. Class transformation learns z = y·t + (1-y)(1-t); rows are weighted so both arms
 * count equally, which makes uplift = 2·P(z = 1) - 1 hold when the arms are unbalanced too.
 * @example const fit = fitUplift('t-learner', X, y, treated, { l2: 1e-2 })
 */
export function fitUplift(method: UpliftMethod, X: Float64Array[], y: ArrayLike<number>, treated: ArrayLike<number>, options: { l2?: number } = {}): UpliftFit {
  const n = X.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  if (method === 't-learner') {
    const t = idx.filter((i) => treated[i]);
    const c = idx.filter((i) => !treated[i]);
    return {
      method,
      treatment: fitLogistic(t.map((i) => X[i]!), t.map((i) => y[i]!), options),
      control: fitLogistic(c.map((i) => X[i]!), c.map((i) => y[i]!), options),
    };
  }
  let nt = 0;
  for (let i = 0; i < n; i++) nt += treated[i]! ? 1 : 0;
  const weights = idx.map((i) => (treated[i] ? n / (2 * nt) : n / (2 * (n - nt))));
  const z = idx.map((i) => (y[i]! === (treated[i]! ? 1 : 0) ? 1 : 0));
  return { method, model: fitLogistic(X, z, { ...options, weights }) };
}

/** Per-row predictions; class transformation has no p_treatment/p_control. */
export interface UpliftPrediction {
  uplift: Float64Array;
  pTreatment?: Float64Array;
  pControl?: Float64Array;
}

/** Predicts with a fitted uplift model in double precision (the ONNX runtime path is checked against this). */
export function predictUplift(fit: UpliftFit, X: Float64Array[]): UpliftPrediction {
  if (fit.method === 'class-transformation') return { uplift: predictLogistic(fit.model, X).map((p) => 2 * p - 1) };
  const pTreatment = predictLogistic(fit.treatment, X);
  const pControl = predictLogistic(fit.control, X);
  return { uplift: pTreatment.map((p, i) => p - pControl[i]!), pTreatment, pControl };
}
