// Tensor helpers shared by the compact evaluator's ops: shapes, float32 rounding, onnxruntime's float helpers.
import { Unsupported, type Tensor } from './decode.ts';

export { Unsupported };
export type { Attribute, OnnxNode, Tensor } from './decode.ts';

export const t = (shape: number[], data: Float64Array): Tensor => ({ shape, data });
export const f32 = Math.fround;
/** Rows of a matrix ([N, C]); a vector is one row. */
export const rows = (a: Tensor) => (a.shape.length > 1 ? a.shape[0]! : 1);
/** Columns: the last dimension (1 for a scalar). */
export const cols = (a: Tensor) => a.shape[a.shape.length - 1] ?? 1;
export const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

/** onnxruntime's ComputeLogistic: symmetric, so large negative scores do not lose their digits. */
export function logistic(v: number): number {
  const e = 1 / (1 + Math.exp(-Math.abs(v)));
  return v < 0 ? 1 - e : e;
}

/** onnxruntime's ErfInv (Winitzki's approximation, float constants), behind its PROBIT post_transform. */
function erfInv(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const ln = Math.log((1 - x) * (1 + x));
  const v = 2 / (f32(3.14159) * f32(0.147)) + 0.5 * ln;
  return sign * Math.sqrt(-v + Math.sqrt(v * v - ln / f32(0.147)));
}

export const probit = (v: number) => f32(Math.SQRT2) * erfInv(2 * v - 1);

/** Softmax of one row (onnxruntime's; SOFTMAX_ZERO leaves exact zeros at zero, as onnxruntime does). */
export function softmax(s: number[], zero = false): number[] {
  const max = Math.max(...s);
  const e = s.map((v) => (zero && Math.abs(v) <= 1e-7 ? v * Math.exp(-max) : Math.exp(v - max)));
  const sum = e.reduce((p, v, i) => p + (zero && Math.abs(s[i]!) <= 1e-7 ? 0 : v), 0);
  return e.map((v) => v / sum);
}

/**
 * An ONNX-ML post_transform on one row of scores with two or more entries (one score is the binary special case,
 * handled by the classifier). Unknown names are refused so that ORT, not a guess, runs the model.
 */
export function postTransform(kind: unknown, s: number[]): number[] {
  switch (kind ?? 'NONE') {
    case 'NONE': return s;
    case 'LOGISTIC': return s.map(logistic);
    case 'SOFTMAX': return softmax(s);
    case 'SOFTMAX_ZERO': return softmax(s, true);
    case 'PROBIT': return s.map(probit);
  }
  throw new Unsupported(`post_transform ${String(kind)}`);
}

/** A [rows, width] float32 tensor from per-row numbers. */
export function matrix(values: number[][], width: number): Tensor {
  const out = new Float64Array(values.length * width);
  values.forEach((row, i) => row.forEach((v, j) => (out[i * width + j] = f32(v))));
  return t([values.length, width], out);
}
