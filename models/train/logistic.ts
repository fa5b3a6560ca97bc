// L2-regularised logistic regression by Newton's method (IRLS), with optional sample weights.
import type { Linear } from '../onnx/index.ts';

export interface LogisticOptions {
  /** L2 penalty on the weights (not the bias), in units of the total sample weight. */
  l2?: number;
  weights?: ArrayLike<number>;
  maxIterations?: number;
}

/** Solves A x = b for a symmetric positive-definite A (Cholesky); A is d x d row-major. */
function solve(A: Float64Array, b: Float64Array, d: number): Float64Array {
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j <= i; j++) {
      let s = A[i * d + j]!;
      for (let k = 0; k < j; k++) s -= L[i * d + k]! * L[j * d + k]!;
      L[i * d + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / L[j * d + j]!;
    }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * d + k]! * y[k]!;
    y[i] = s / L[i * d + i]!;
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < d; k++) s -= L[k * d + i]! * x[k]!;
    x[i] = s / L[i * d + i]!;
  }
  return x;
}

/**
 * Fits P(y = 1 | x) = sigmoid(x · w + b). Newton steps on the penalised log-likelihood converge in a handful
 * of iterations for the few hundred features a shop model has; the bias is not penalised.
 * @example const model = fitLogistic(X, y, { l2: 1e-3 })
 */
export function fitLogistic(X: readonly Float64Array[], y: ArrayLike<number>, options: LogisticOptions = {}): Linear {
  const n = X.length;
  if (n === 0) throw new Error('logistic regression: no training rows');
  const d = (X[0]?.length ?? 0) + 1; // last coordinate is the bias
  const sw = options.weights;
  let total = 0;
  for (let i = 0; i < n; i++) total += sw ? sw[i]! : 1;
  const lambda = (options.l2 ?? 1e-3) * total;
  const beta = new Float64Array(d);
  for (let iter = 0; iter < (options.maxIterations ?? 50); iter++) {
    const H = new Float64Array(d * d);
    const g = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const x = X[i]!;
      let z = beta[d - 1]!;
      for (let k = 0; k < d - 1; k++) z += beta[k]! * x[k]!;
      const p = 1 / (1 + Math.exp(-z));
      const w = sw ? sw[i]! : 1;
      const r = w * (y[i]! - p);
      const h = w * Math.max(p * (1 - p), 1e-10);
      for (let a = 0; a < d; a++) {
        const xa = a === d - 1 ? 1 : x[a]!;
        if (xa === 0) continue;
        g[a] = g[a]! + r * xa;
        for (let b = 0; b <= a; b++) {
          const xb = b === d - 1 ? 1 : x[b]!;
          H[a * d + b] = H[a * d + b]! + h * xa * xb;
        }
      }
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) H[b * d + a] = H[a * d + b]!;
    for (let a = 0; a < d - 1; a++) {
      g[a] = g[a]! - lambda * beta[a]!;
      H[a * d + a] = H[a * d + a]! + lambda;
    }
    H[(d - 1) * d + d - 1] = H[(d - 1) * d + d - 1]! + 1e-9 * total;
    const step = solve(H, g, d);
    let change = 0;
    for (let a = 0; a < d; a++) {
      beta[a] = beta[a]! + step[a]!;
      change = Math.max(change, Math.abs(step[a]!));
    }
    if (change < 1e-8) break;
  }
  return { weights: Array.from(beta.subarray(0, d - 1)), bias: beta[d - 1]! };
}

/** sigmoid(x · w + b) for each row. */
export function predictLogistic(model: Linear, X: readonly Float64Array[]): Float64Array {
  return Float64Array.from(X, (x) => {
    let z = model.bias;
    for (let k = 0; k < model.weights.length; k++) z += model.weights[k]! * x[k]!;
    return 1 / (1 + Math.exp(-z));
  });
}
