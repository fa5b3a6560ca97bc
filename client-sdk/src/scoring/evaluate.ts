// The compact evaluator: runs the small graphs typical shop models are (linear, logistic, tree ensembles)
// without onnxruntime's 2.3 MB wasm. Anything else throws `Unsupported`, and the caller falls back to ORT.
import { Unsupported, type Attribute, type OnnxGraph, type OnnxNode, type Tensor } from './decode.ts';

export { Unsupported };

/** A compiled model: input vectors (one row each) to named outputs. */
export type Evaluate = (rows: Float64Array[]) => Record<string, Tensor>;

type Op = (node: OnnxNode, x: Tensor[]) => Tensor[];

const t = (shape: number[], data: Float64Array): Tensor => ({ shape, data });
const f32 = Math.fround;
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const rows = (a: Tensor) => (a.shape.length > 1 ? a.shape[0]! : 1);
const cols = (a: Tensor) => a.shape[a.shape.length - 1] ?? 1;

/** Elementwise op with numpy broadcasting over at most two dimensions. */
const binary = (fn: (a: number, b: number) => number): Op => (_, [a, b]) => {
  const r = Math.max(rows(a!), rows(b!));
  const c = Math.max(cols(a!), cols(b!));
  // Strides of 0 repeat a broadcast row or column; resolved once per call, not per element.
  const ar = rows(a!) > 1 ? cols(a!) : 0, ac = cols(a!) > 1 ? 1 : 0;
  const br = rows(b!) > 1 ? cols(b!) : 0, bc = cols(b!) > 1 ? 1 : 0;
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++)
      out[i * c + j] = f32(fn(a!.data[i * ar + j * ac]!, b!.data[i * br + j * bc]!));
  return [t(a!.shape.length > 1 || b!.shape.length > 1 ? [r, c] : [c], out)];
};
const at = (a: Tensor, i: number, j: number) => a.data[(rows(a) > 1 ? i * cols(a) : 0) + (cols(a) > 1 ? j : 0)]!;

function matmul(a: Tensor, b: Tensor): Tensor {
  const [m, k] = [rows(a), cols(a)];
  const n = cols(b);
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += a.data[i * k + q]! * b.data[q * n + j]!;
      out[i * n + j] = f32(s);
    }
  return t([m, n], out);
}

/** ONNX-ML post_transform on one row of scores. */
function post(kind: Attribute | undefined, s: number[]): number[] {
  if (kind === 'LOGISTIC') return s.map(sigmoid);
  if (kind === 'SOFTMAX') {
    const max = Math.max(...s);
    const e = s.map((v) => Math.exp(v - max));
    const sum = e.reduce((p, v) => p + v, 0);
    return e.map((v) => v / sum);
  }
  if (kind && kind !== 'NONE') throw new Unsupported(`post_transform ${String(kind)}`);
  return s;
}

/** Regressors: onnxruntime does not apply post_transform to them as the spec reads, so only NONE is ours. */
function regress(node: OnnxNode, s: number[]): number[] {
  if ((node.attrs.post_transform ?? 'NONE') !== 'NONE') throw new Unsupported('regressor post_transform');
  return s;
}

/** Label and scores outputs of an ONNX-ML classifier from per-row raw scores. */
function classify(node: OnnxNode, raw: number[][]): Tensor[] {
  const labels = (node.attrs.classlabels_ints ?? node.attrs.classlabels_int64s) as number[] | undefined;
  if (!labels) throw new Unsupported('string class labels');
  // A single score column for two classes has runtime-specific output rules in ONNX-ML: left to ORT.
  if (raw[0]?.length === 1 && labels.length === 2) throw new Unsupported('binary classifier with one score column');
  const scored = raw.map((s) => post(node.attrs.post_transform, s));
  const label = scored.map((s) => labels[s.indexOf(Math.max(...s))]!);
  return [t([raw.length], Float64Array.from(label)), t([raw.length, scored[0]?.length ?? 0], Float64Array.from(scored.flat().map(f32)))];
}

function linear(node: OnnxNode, x: Tensor): number[][] {
  const coef = node.attrs.coefficients as number[];
  const icpt = (node.attrs.intercepts as number[] | undefined) ?? [];
  const k = cols(x);
  const n = coef.length / k;
  return Array.from({ length: rows(x) }, (_, i) =>
    Array.from({ length: n }, (_, c) => {
      let s = icpt[c] ?? 0;
      for (let q = 0; q < k; q++) s += coef[c * k + q]! * x.data[i * k + q]!;
      return s;
    }),
  );
}

interface Forest {
  modes: string[];
  feature: number[];
  value: number[];
  /** Array positions (not node ids) of each node's true and false children. */
  yes: number[];
  no: number[];
  missing: number[];
  leaves: Map<number, [number, number][]>;
  roots: number[];
}

// Tree layouts are resolved once per node, not per row: scoring runs on every decision.
const forests = new WeakMap<OnnxNode, Forest>();

function forest(node: OnnxNode, prefix: 'class' | 'target'): Forest {
  let f = forests.get(node);
  if (f) return f;
  // Attributes as arrays (absent = empty): mixing numbers and strings keeps one accessor for all of them.
  const a = (name: string) => (node.attrs[name] ?? []) as (number & string)[];
  const [tree, ids, modes, feature, value, yes, no, missing] = ['treeids', 'nodeids', 'modes', 'featureids', 'values', 'truenodeids', 'falsenodeids', 'missing_value_tracks_true'].map((k) => a(`nodes_${k}`)) as (number & string)[][];
  const index = new Map<string, number>();
  tree!.forEach((tr, i) => index.set(`${tr}:${ids![i]}`, i));
  const at = (tr: number, id: number) => index.get(`${tr}:${id}`)!;
  const leaves = new Map<number, [number, number][]>();
  const [lt, ln, li, lw] = ['treeids', 'nodeids', 'ids', 'weights'].map((k) => a(`${prefix}_${k}`)) as number[][];
  lt!.forEach((tr, i) => {
    const n = at(tr, ln![i]!);
    (leaves.get(n) ?? leaves.set(n, []).get(n)!).push([li![i]!, lw![i]!]);
  });
  f = {
    modes: modes!, feature: feature!, value: value!, missing: missing!, leaves,
    yes: yes!.map((id, i) => at(tree![i]!, id)), no: no!.map((id, i) => at(tree![i]!, id)),
    roots: [...new Set(tree)].map((tr) => tree!.indexOf(tr)),
  };
  forests.set(node, f);
  return f;
}

/** Sums leaf weights of every tree for each row: the shared core of TreeEnsembleClassifier/Regressor. */
function trees(node: OnnxNode, x: Tensor, prefix: 'class' | 'target', width: number): number[][] {
  const { modes, feature, value, yes, no, missing, leaves, roots } = forest(node, prefix);
  const k = cols(x);
  return Array.from({ length: rows(x) }, (_, r) => {
    const s = new Array<number>(width).fill(0);
    for (let i of roots) {
      for (let mode; (mode = modes[i]) !== 'LEAF'; ) {
        const v = f32(x.data[r * k + feature[i]!]!);
        const th = value[i]!;
        const go =
          v !== v ? !!missing[i]
          : mode === 'BRANCH_LEQ' ? v <= th : mode === 'BRANCH_LT' ? v < th : mode === 'BRANCH_GTE' ? v >= th
          : mode === 'BRANCH_GT' ? v > th : mode === 'BRANCH_EQ' ? v === th : v !== th;
        i = (go ? yes : no)[i]!;
      }
      for (const [id, w] of leaves.get(i) ?? []) s[id] = s[id]! + w;
    }
    return s;
  });
}

const ops: Record<string, Op> = {
  Add: binary((a, b) => a + b),
  Sub: binary((a, b) => a - b),
  Mul: binary((a, b) => a * b),
  // A copy: no op hands on its input tensor, so a run's input buffer never escapes it (see compile).
  Identity: (_, [a]) => [t(a!.shape, a!.data.slice())],
  Sigmoid: (_, [a]) => {
    const out = new Float64Array(a!.data.length);
    for (let i = 0; i < out.length; i++) out[i] = f32(sigmoid(a!.data[i]!));
    return [t(a!.shape, out)];
  },
  MatMul: (_, [a, b]) => [matmul(a!, b!)],
  Slice: (_, [a, starts, ends, axes]) => {
    const axis = axes?.data[0] ?? 0;
    if (a!.shape.length !== 2 || (starts?.data.length ?? 0) !== 1) throw new Unsupported('Slice beyond one axis of a matrix');
    const size = a!.shape[axis]!;
    const clamp = (v: number) => Math.min(size, Math.max(0, v < 0 ? v + size : v));
    const [s, e] = [clamp(starts!.data[0]!), clamp(ends!.data[0]!)];
    const [r, c] = axis === 1 ? [rows(a!), e - s] : [e - s, cols(a!)];
    const out = new Float64Array(r * c);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[i * c + j] = axis === 1 ? at(a!, i, j + s) : at(a!, i + s, j);
    return [t([r, c], out)];
  },
  LinearClassifier: (n, [x]) => classify(n, linear(n, x!)),
  TreeEnsembleClassifier: (n, [x]) => {
    const labels = (n.attrs.classlabels_int64s as number[] | undefined) ?? [];
    const ids = new Set(n.attrs.class_ids as number[]);
    // ONNX-ML's binary special case (weights for one class only) has runtime-specific output rules.
    if (labels.length === 2 && ids.size < 2) throw new Unsupported('binary TreeEnsembleClassifier');
    const base = (n.attrs.base_values as number[] | undefined) ?? [];
    return classify(n, trees(n, x!, 'class', labels.length).map((s) => s.map((v, i) => v + (base[i] ?? 0))));
  },
  TreeEnsembleRegressor: (n, [x]) => {
    const width = (n.attrs.n_targets as number | undefined) ?? 1;
    const agg = n.attrs.aggregate_function ?? 'SUM';
    const count = forest(n, 'target').roots.length;
    if (agg !== 'SUM' && agg !== 'AVERAGE') throw new Unsupported(`aggregate_function ${String(agg)}`);
    const base = (n.attrs.base_values as number[] | undefined) ?? [];
    const out = trees(n, x!, 'target', width).map((s) =>
      regress(n, s.map((v, i) => (agg === 'AVERAGE' ? v / count : v) + (base[i] ?? 0))),
    );
    return [t([out.length, width], Float64Array.from(out.flat().map(f32)))];
  },
};

/**
 * Compiles a decoded graph; throws `Unsupported` when an op (or attribute) is outside the compact set.
 * @example const run = compile(decodeModel(bytes), manifest.inputs.length); run([features]).uplift
 */
export function compile(graph: OnnxGraph, width: number): Evaluate {
  // Tensor names become array slots once, here: a run walks arrays, with no name lookups or per-call maps.
  const slots = new Map<string, number>();
  const slot = (name: string) => slots.get(name) ?? slots.set(name, slots.size).get(name)!;
  // One value array per model, refilled by each run (runs are synchronous); initializers keep their slots.
  const values: Tensor[] = [];
  // Rebuilt by `t` so that every tensor an op sees has one object shape (decoded ones also carry a name).
  for (const name in graph.initializers) values[slot(name)] = t(graph.initializers[name]!.shape, graph.initializers[name]!.data);
  const input = slot(graph.inputs[0]!);
  const steps = graph.nodes.map((node) => {
    const op = ops[node.op];
    if (!op || (node.domain !== '' && node.domain !== 'ai.onnx.ml' && node.domain !== 'ai.onnx')) throw new Unsupported(`op ${node.domain}:${node.op}`);
    return { node, op, inputs: node.inputs.map(slot), outputs: node.outputs.map(slot), args: [] as Tensor[] };
  });
  const outputs = graph.outputs.map((name) => [name, slot(name)] as const);
  // A single row (every decision) goes into this model's own input buffer: allocating a fresh one was the
  // largest single cost of a small model's run (profiled in Node).
  const row = new Float64Array(width);
  const run: Evaluate = (batch) => {
    const k = batch[0]?.length ?? 0;
    const x = batch.length === 1 && k === width ? row : new Float64Array(batch.length * k);
    for (let i = 0; i < batch.length; i++) for (let j = 0; j < k; j++) x[i * k + j] = f32(batch[i]![j]!);
    values[input] = t([batch.length, k], x);
    for (const { node, op, inputs, outputs: out, args } of steps) {
      // Each step reuses its argument array: no allocation beyond the tensors themselves.
      for (let i = 0; i < inputs.length; i++) args[i] = values[inputs[i]!]!;
      const results = op(node, args);
      for (let i = 0; i < out.length; i++) values[out[i]!] = results[i]!;
    }
    const result: Record<string, Tensor> = {};
    for (const [name, i] of outputs) result[name] = values[i]!;
    return result;
  };
  // Some limits (attribute combinations) only show when a node runs: a trial row surfaces them now.
  run([new Float64Array(width)]);
  return run;
}
