// The compact evaluator: runs the small graphs shop models are (linear, logistic, tree ensembles, small MLPs, and
// the converter ops around them) without onnxruntime's wasm (14 MB). Anything else throws `Unsupported`, and the
// caller falls back to ORT. Only the nodes the wanted outputs depend on are compiled and run.
import type { OnnxGraph } from './decode.ts';
import { mlOps } from './ml.ts';
import { cols, f32, rows, size, softmax, t, Unsupported, type OnnxNode, type Tensor } from './tensor.ts';
import { treeOps } from './trees.ts';

export { Unsupported };

/** A compiled model: input vectors (one row each) to named outputs. */
export type Evaluate = (rows: Float64Array[]) => Record<string, Tensor>;

type Op = (node: OnnxNode, x: Tensor[]) => Tensor[];

/** Elementwise op with numpy broadcasting over at most two dimensions. */
const binary = (fn: (a: number, b: number) => number): Op => (_, [a, b]) => {
  if (a!.shape.length > 2 || b!.shape.length > 2) throw new Unsupported('broadcasting beyond two dimensions');
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

const unary = (fn: (v: number) => number): Op => (_, [a]) => {
  const out = new Float64Array(a!.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f32(fn(a!.data[i]!));
  return [t(a!.shape, out)];
};

const at = (a: Tensor, i: number, j: number) => a.data[(rows(a) > 1 ? i * cols(a) : 0) + (cols(a) > 1 ? j : 0)]!;

/** A (or Aᵀ) times B (or Bᵀ), as [M, N]; `k` mismatches name the op, not a wrong number. */
function matmul(a: Tensor, b: Tensor, transA = false, transB = false, op = 'MatMul'): Tensor {
  if (a.shape.length > 2 || b.shape.length !== 2) throw new Unsupported(`${op} beyond matrices`);
  const [m, k] = transA ? [cols(a), rows(a)] : [rows(a), cols(a)];
  const [kb, n] = transB ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
  if (k !== kb) throw new Error(`${op}: [${m}, ${k}] times [${kb}, ${n}]: the model expects ${kb} inputs where it is given ${k}`);
  const A = (i: number, q: number) => (transA ? a.data[q * m + i]! : a.data[i * k + q]!);
  const B = (q: number, j: number) => (transB ? b.data[j * k + q]! : b.data[q * n + j]!);
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += A(i, q) * B(q, j);
      out[i * n + j] = s;
    }
  return t([m, n], out);
}

const int = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);
const axisOf = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

const ops: Record<string, Op> = {
  Add: binary((a, b) => a + b),
  Sub: binary((a, b) => a - b),
  Mul: binary((a, b) => a * b),
  Div: binary((a, b) => a / b),
  // A copy: no op hands on its input tensor, so a run's input buffer never escapes it (see compile).
  Identity: (_, [a]) => [t(a!.shape, a!.data.slice())],
  Sigmoid: unary((v) => 1 / (1 + Math.exp(-v))),
  Relu: unary((v) => (v < 0 ? 0 : v)),
  Tanh: unary(Math.tanh),
  Exp: unary(Math.exp),
  MatMul: (_, [a, b]) => {
    const p = matmul(a!, b!);
    for (let i = 0; i < p.data.length; i++) p.data[i] = f32(p.data[i]!);
    return [p];
  },
  // Y = alpha · A' · B' + beta · C, with C broadcast to [M, N].
  Gemm: (node, [a, b, c]) => {
    const alpha = (node.attrs.alpha as number | undefined) ?? 1;
    const beta = (node.attrs.beta as number | undefined) ?? 1;
    const p = matmul(a!, b!, node.attrs.transA === 1, node.attrs.transB === 1, 'Gemm');
    const [m, n] = p.shape as [number, number];
    if (c && (cols(c) !== 1 && cols(c) !== n || (c.shape.length > 1 && rows(c) !== 1 && rows(c) !== m))) throw new Error(`Gemm: C of shape [${c.shape}] for [${m}, ${n}]`);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) p.data[i * n + j] = f32(alpha * p.data[i * n + j]! + (c ? beta * at(c, i, j) : 0));
    return [p];
  },
  Slice: (_, [a, starts, ends, axes]) => {
    const axis = axes?.data[0] ?? 0;
    if (a!.shape.length !== 2 || (starts?.data.length ?? 0) !== 1) throw new Unsupported('Slice beyond one axis of a matrix');
    const dim = a!.shape[axis]!;
    const clamp = (v: number) => Math.min(dim, Math.max(0, v < 0 ? v + dim : v));
    const [s, e] = [clamp(starts!.data[0]!), clamp(ends!.data[0]!)];
    const [r, c] = axis === 1 ? [rows(a!), e - s] : [e - s, cols(a!)];
    const out = new Float64Array(r * c);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[i * c + j] = axis === 1 ? at(a!, i, j + s) : at(a!, i + s, j);
    return [t([r, c], out)];
  },
  // Values are doubles here: a cast rounds to float32, truncates to an integer type, or keeps a double.
  Cast: (node, [a]) => {
    const to = node.attrs.to as number;
    if (to === 1) return [t(a!.shape, a!.data.map(f32))];
    if (to === 6 || to === 7) return [t(a!.shape, a!.data.map(Math.trunc))];
    if (to === 11) return [t(a!.shape, a!.data.slice())];
    throw new Unsupported(`Cast to type ${to}`);
  },
  Reshape: (node, [a, shape]) => {
    const dims = Array.from(shape!.data, (d, i) => (d === 0 && node.attrs.allowzero !== 1 ? a!.shape[i]! : d));
    const known = size(dims.filter((d) => d !== -1));
    const out = dims.map((d) => (d === -1 ? size(a!.shape) / known : d));
    if (size(out) !== size(a!.shape)) throw new Error(`Reshape: [${a!.shape}] into [${dims}]`);
    return [t(out, a!.data.slice())];
  },
  Flatten: (node, [a]) => {
    const axis = axisOf(int(node.attrs.axis, 1), a!.shape.length);
    return [t([size(a!.shape.slice(0, axis)), size(a!.shape.slice(axis))], a!.data.slice())];
  },
  Concat: (node, x) => {
    const rank = x[0]!.shape.length;
    const axis = axisOf(int(node.attrs.axis, 0), rank);
    if (rank > 2 || x.some((a) => a.shape.length !== rank)) throw new Unsupported('Concat beyond matrices');
    if (rank === 1 || axis === 0) return [t([x.reduce((n, a) => n + a.shape[0]!, 0), ...x[0]!.shape.slice(1)], Float64Array.from(x.flatMap((a) => Array.from(a.data))))];
    const r = rows(x[0]!);
    const c = x.reduce((n, a) => n + cols(a), 0);
    const out = new Float64Array(r * c);
    for (let i = 0, o = 0; i < r; i++) for (const a of x) for (let j = 0; j < cols(a); j++) out[o++] = a.data[i * cols(a) + j]!;
    return [t([r, c], out)];
  },
  // Over the last axis, as every opset reads it for a matrix.
  Softmax: (node, [a]) => {
    if (axisOf(int(node.attrs.axis, -1), a!.shape.length) !== a!.shape.length - 1) throw new Unsupported('Softmax over an axis other than the last');
    const c = cols(a!);
    const out = new Float64Array(a!.data.length);
    for (let i = 0; i < out.length; i += c) softmax(Array.from(a!.data.subarray(i, i + c))).forEach((v, j) => (out[i + j] = f32(v)));
    return [t(a!.shape, out)];
  },
  ArgMax: (node, [a]) => {
    const keep = int(node.attrs.keepdims, 1) === 1;
    const last = node.attrs.select_last_index === 1;
    if (a!.shape.length !== 2 || axisOf(int(node.attrs.axis, 0), 2) !== 1) throw new Unsupported('ArgMax other than along the columns of a matrix');
    const c = cols(a!);
    const out = Float64Array.from({ length: rows(a!) }, (_, i) => {
      let best = 0;
      for (let j = 1; j < c; j++) {
        const v = a!.data[i * c + j]!, b = a!.data[i * c + best]!;
        if (v > b || (last && v === b)) best = j;
      }
      return best;
    });
    return [t(keep ? [rows(a!), 1] : [rows(a!)], out)];
  },
  ...mlOps,
  ...treeOps,
};

/**
 * The ops the compact evaluator runs, by name. A function, not a constant: a list computed at load would cost every
 * page that loads sdk-models.js a sort that no decision reads.
 * @example compactOps().includes('TreeEnsembleRegressor') // true
 */
export const compactOps = (): string[] => Object.keys(ops).sort();

const DOMAINS = new Set(['', 'ai.onnx', 'ai.onnx.ml']);

/**
 * The nodes the outputs depend on, in graph order: a label, a Cast of it or a ZipMap nobody reads never runs.
 * @example neededNodes(graph, ['probabilities']).map((n) => n.op) // ['TreeEnsembleClassifier']
 */
export function neededNodes(graph: OnnxGraph, outputs: readonly string[]): OnnxNode[] {
  const producer = new Map<string, OnnxNode>();
  for (const node of graph.nodes) for (const o of node.outputs) producer.set(o, node);
  const needed = new Set<OnnxNode>();
  const visit = (name: string) => {
    const node = producer.get(name);
    if (!node || needed.has(node)) return;
    needed.add(node);
    node.inputs.forEach((i) => i && visit(i));
  };
  for (const name of outputs) {
    if (!producer.has(name) && !graph.inputs.includes(name) && !(name in graph.initializers)) throw new Error(`the model has no output "${name}" (outputs: ${graph.outputs.join(', ')})`);
    visit(name);
  }
  return graph.nodes.filter((n) => needed.has(n));
}

/** What `compile` checks a graph against: the manifest's input name and the outputs it reads. */
export interface CompileOptions {
  /** The graph input the manifest feeds; a different name is an error on either engine. */
  inputName?: string;
  /** Outputs to compute; nodes no wanted output depends on are left out. Default: every graph output. */
  outputs?: readonly string[];
}

/**
 * Compiles a decoded graph for input rows of `width` values. Throws `Unsupported` when a needed op (or attribute)
 * is outside the compact set, and a plain Error when the graph cannot score these inputs on any engine
 * (another input name, another width, a missing output).
 * @example const run = compile(decodeModel(bytes), manifest.inputs.length, { outputs: ['uplift'] }); run([features]).uplift
 */
export function compile(graph: OnnxGraph, width: number, options: CompileOptions = {}): Evaluate {
  if (graph.inputs.length !== 1) throw new Error(`the model has ${graph.inputs.length} inputs (${graph.inputs.join(', ')}); the device feeds one float32 [N, ${width}]`);
  const inputName = graph.inputs[0]!;
  if (options.inputName !== undefined && options.inputName !== inputName) throw new Error(`the model's input is "${inputName}"; the manifest's inputName is "${options.inputName}"`);
  const declared = graph.types[inputName]?.dims.at(-1);
  if (typeof declared === 'number' && declared !== width) throw new Error(`the model's input "${inputName}" has ${declared} columns; the manifest gives ${width} inputs`);
  const wanted = options.outputs ?? graph.outputs;
  const needed = new Set(neededNodes(graph, wanted));
  // Tensor names become array slots once, here: a run walks arrays, with no name lookups or per-call maps.
  const slots = new Map<string, number>();
  const slot = (name: string) => slots.get(name) ?? slots.set(name, slots.size).get(name)!;
  // One value array per model, refilled by each run (runs are synchronous); initializers keep their slots.
  const values: Tensor[] = [];
  // Rebuilt by `t` so that every tensor an op sees has one object shape (decoded ones also carry a name).
  for (const name in graph.initializers) values[slot(name)] = t(graph.initializers[name]!.shape, graph.initializers[name]!.data);
  const input = slot(inputName);
  const steps = graph.nodes.filter((node) => needed.has(node)).map((node) => {
    const op = ops[node.op];
    if (!op || !DOMAINS.has(node.domain)) throw new Unsupported(`op ${node.domain || 'ai.onnx'}:${node.op}`);
    // Optional inputs are named "" in ONNX: their slot (-1) stays empty.
    return { node, op, inputs: node.inputs.map((name) => (name ? slot(name) : -1)), outputs: node.outputs.map(slot), args: [] as Tensor[] };
  });
  const outputs = wanted.map((name) => [name, slot(name)] as const);
  // A single row (every decision) goes into this model's own input buffer: allocating a fresh one was the
  // largest single cost of a small model's run (profiled in Node).
  const row = new Float64Array(width);
  const run: Evaluate = (batch) => {
    const k = batch[0]?.length ?? 0;
    if (batch.length && k !== width) throw new Error(`expected rows of ${width} inputs, received ${k}`);
    const x = batch.length === 1 ? row : new Float64Array(batch.length * k);
    for (let i = 0; i < batch.length; i++) for (let j = 0; j < k; j++) x[i * k + j] = f32(batch[i]![j]!);
    values[input] = t([batch.length, k], x);
    for (const { node, op, inputs, outputs: out, args } of steps) {
      // Each step reuses its argument array: no allocation beyond the tensors themselves.
      args.length = inputs.length;
      for (let i = 0; i < inputs.length; i++) args[i] = values[inputs[i]!]!;
      const results = op(node, args);
      for (let i = 0; i < out.length; i++) values[out[i]!] = results[i]!;
    }
    const result: Record<string, Tensor> = {};
    for (const [name, i] of outputs) result[name] = values[i]!;
    return result;
  };
  // Some limits (attribute combinations, a width the weights do not fit) only show when a node runs: a trial
  // row surfaces them now.
  run([new Float64Array(width)]);
  return run;
}
