// The ai.onnx.ml ops of the compact evaluator that converters (skl2onnx, onnxmltools) emit around a model:
// linear classifiers and regressors, Scaler, Normalizer, Imputer, Binarizer and ZipMap. Each follows
// onnxruntime's kernel, quirks included (a one-target LinearClassifier's [1 - s, s]), so both engines agree.
import { cols, f32, logistic, matrix, postTransform, probit, rows, t, Unsupported, type Attribute, type OnnxNode, type Tensor } from './tensor.ts';

type Op = (node: OnnxNode, x: Tensor[]) => Tensor[];

const floats = (a: Attribute | undefined) => (a ?? []) as number[];

/** x · coefficientsᵀ + intercepts, one row of `n` scores per input row (float32 inputs, float32 result). */
function gemmRows(x: Tensor, coef: number[], icpt: number[], n: number): number[][] {
  const k = cols(x);
  if (coef.length !== n * k) throw new Error(`${coef.length} coefficients for ${n} target(s) of ${k} inputs: the model expects ${coef.length / n} inputs`);
  return Array.from({ length: rows(x) }, (_, i) =>
    Array.from({ length: n }, (_, c) => {
      let s = 0;
      for (let q = 0; q < k; q++) s += coef[c * k + q]! * x.data[i * k + q]!;
      return f32(s + (icpt[c] ?? 0));
    }),
  );
}

/** Class labels as numbers: int labels as they are, string labels by position (a label output is never a score). */
export function classLabels(node: OnnxNode): number[] {
  const ints = (node.attrs.classlabels_ints ?? node.attrs.classlabels_int64s) as number[] | undefined;
  if (ints?.length) return ints;
  return ((node.attrs.classlabels_strings as string[] | undefined) ?? []).map((_, i) => i);
}

const argmax = (s: number[]) => s.reduce((best, v, i) => (v > s[best]! ? i : best), 0);

export const mlOps: Record<string, Op> = {
  LinearClassifier: (node, [x]) => {
    const icpt = floats(node.attrs.intercepts);
    const n = icpt.length;
    if (n === 0) throw new Unsupported('LinearClassifier without intercepts');
    const labels = classLabels(node);
    const raw = gemmRows(x!, floats(node.attrs.coefficients), icpt, n);
    const kind = node.attrs.post_transform ?? 'NONE';
    if (n === 1) {
      const [neg, pos] = labels.length === 2 ? labels : [0, 1];
      const label = raw.map(([s]) => (s! > 0 ? pos! : neg!));
      // onnxruntime: one score for two labels becomes [1 - p, p], p the score after LOGISTIC (or as it is);
      // one label keeps its score, transformed by PROBIT only.
      if (labels.length === 2) {
        if (kind !== 'NONE' && kind !== 'LOGISTIC') throw new Unsupported(`LinearClassifier: ${String(kind)} on one score for two classes`);
        const p = raw.map(([s]) => (kind === 'LOGISTIC' ? logistic(s!) : s!));
        return [t([raw.length], Float64Array.from(label)), matrix(p.map((v) => [1 - v, v]), 2)];
      }
      return [t([raw.length], Float64Array.from(label)), matrix(raw.map(([s]) => [kind === 'PROBIT' ? probit(s!) : s!]), 1)];
    }
    const label = raw.map((s) => labels[argmax(s)] ?? argmax(s));
    return [t([raw.length], Float64Array.from(label)), matrix(raw.map((s) => postTransform(kind, s)), n)];
  },
  LinearRegressor: (node, [x]) => {
    const n = (node.attrs.targets as number | undefined) ?? 1;
    const raw = gemmRows(x!, floats(node.attrs.coefficients), floats(node.attrs.intercepts), n);
    const kind = node.attrs.post_transform ?? 'NONE';
    // onnxruntime transforms a single target with PROBIT only.
    return [matrix(n === 1 ? raw.map(([s]) => [kind === 'PROBIT' ? probit(s!) : s!]) : raw.map((s) => postTransform(kind, s)), n)];
  },
  Scaler: (node, [x]) => {
    const offset = floats(node.attrs.offset);
    const scale = floats(node.attrs.scale);
    const k = cols(x!);
    for (const [name, v] of [['offset', offset], ['scale', scale]] as const)
      if (v.length !== 1 && v.length !== k) throw new Error(`Scaler: ${v.length} ${name} values for ${k} inputs`);
    const out = new Float64Array(x!.data.length);
    for (let i = 0; i < out.length; i++) out[i] = f32((x!.data[i]! - offset[offset.length === 1 ? 0 : i % k]!) * scale[scale.length === 1 ? 0 : i % k]!);
    return [t([rows(x!), k], out)];
  },
  Normalizer: (node, [x]) => {
    const k = cols(x!);
    const norm = node.attrs.norm ?? 'MAX';
    const out = new Float64Array(x!.data.length);
    for (let r = 0; r < rows(x!); r++) {
      const row = Array.from(x!.data.subarray(r * k, r * k + k));
      const d = norm === 'MAX' ? Math.max(...row) : norm === 'L1' ? row.reduce((a, v) => a + Math.abs(v), 0) : norm === 'L2' ? Math.sqrt(row.reduce((a, v) => a + v * v, 0)) : NaN;
      if (Number.isNaN(d)) throw new Unsupported(`Normalizer norm ${String(norm)}`);
      row.forEach((v, j) => (out[r * k + j] = f32(v / d)));
    }
    return [t([rows(x!), k], out)];
  },
  Imputer: (node, [x]) => {
    const values = floats(node.attrs.imputed_value_floats);
    if (values.length === 0) throw new Unsupported('Imputer without imputed_value_floats');
    const replaced = (node.attrs.replaced_value_float as number | undefined) ?? 0;
    const k = cols(x!);
    const out = x!.data.map((v, i) => ((Number.isNaN(replaced) ? Number.isNaN(v) : v === replaced) ? values[values.length === 1 ? 0 : i % k]! : v));
    return [t(x!.shape, out)];
  },
  Binarizer: (node, [x]) => {
    const threshold = (node.attrs.threshold as number | undefined) ?? 0;
    return [t(x!.shape, x!.data.map((v) => (v > threshold ? 1 : 0)))];
  },
  // A sequence of {label: probability} maps in onnxruntime; here the [N, classes] tensor it is made from, so a
  // manifest reads a ZipMap output's class by its position among the labels.
  ZipMap: (_, [x]) => [t(x!.shape, x!.data.slice())],
};
