// The compact evaluator against onnxruntime-web on hand-built graphs of every op it claims (and onnxruntime's
// binary special cases of ONNX-ML classifiers), the fallback for graphs it does not run, and the graph errors
// that no engine can score around.
import { describe, expect, it } from 'vitest';
import { encodeModel, floatTensor, Writer, type AttributeValue, type NodeSpec } from '../../../models/onnx/index.ts';
import { rng } from '../../../models/train/dataset.ts';
import type { ModelManifest } from '../../../protocol/index.ts';
import { decodeModel } from './decode.ts';
import { Unsupported, compactOps, compile } from './evaluate.ts';
import { createModel } from './runtime.ts';

const WIDTH = 3;
const ml = { domain: 'ai.onnx.ml' };

// Two depth-2 trees over features 0..2, in the layout sklearn-onnx emits.
const treeAttributes = {
  nodes_treeids: { ints: [0, 0, 0, 0, 0, 1, 1, 1] },
  nodes_nodeids: { ints: [0, 1, 2, 3, 4, 0, 1, 2] },
  nodes_featureids: { ints: [0, 1, 0, 0, 0, 2, 0, 0] },
  nodes_values: { floats: [0.1, -0.3, 0, 0, 0, 0.5, 0, 0] },
  nodes_modes: { strings: ['BRANCH_LEQ', 'BRANCH_GT', 'LEAF', 'LEAF', 'LEAF', 'BRANCH_LT', 'LEAF', 'LEAF'] },
  nodes_truenodeids: { ints: [1, 2, 0, 0, 0, 1, 0, 0] },
  nodes_falsenodeids: { ints: [4, 3, 0, 0, 0, 2, 0, 0] },
  // Missing values go left at the roots, right below them (as LightGBM and XGBoost exports track them).
  nodes_missing_value_tracks_true: { ints: [1, 0, 0, 0, 0, 0, 0, 0] },
};
const leaves = { treeids: [0, 0, 0, 1, 1], nodeids: [2, 3, 4, 1, 2] };

function int64(name: string, values: number[]): Writer {
  const w = new Writer().int(1, values.length).int(2, 7);
  for (const v of values) w.int(7, v);
  return w.string(8, name);
}

interface TestGraph {
  name: string;
  bytes: Uint8Array;
  outputs: string[];
}

function graph(name: string, nodes: NodeSpec[], outputs: string[], init: Writer[] = [], labels: string[] = ['label']): TestGraph {
  return {
    name, outputs,
    bytes: encodeModel({
      name, nodes, initializers: init, inputs: [{ name: 'input', dims: ['N', WIDTH] }],
      outputs: outputs.map((o) => (labels.includes(o) ? { name: o, dims: ['N'], elemType: 7 } : { name: o, dims: ['N', `${o}_width`] })),
    }),
  };
}

const W = () => floatTensor('W', [WIDTH, 2], [0.5, -1, 2, 0.25, -0.75, 1.5]);
const single = (name: string, op: string, attributes: Record<string, AttributeValue>, outputs = ['y'], domain = ml) =>
  graph(name, [{ op, ...domain, inputs: ['input'], outputs, attributes }], outputs);

/** A TreeEnsembleClassifier over the two trees above, with the given leaf classes and weights. */
const treeClassifier = (name: string, labels: number[], ids: number[], weights: number[], extra: Record<string, AttributeValue> = {}) =>
  single(name, 'TreeEnsembleClassifier', {
    ...treeAttributes, classlabels_int64s: { ints: labels },
    class_treeids: { ints: leaves.treeids }, class_nodeids: { ints: leaves.nodeids }, class_ids: { ints: ids }, class_weights: { floats: weights }, ...extra,
  }, ['label', 'probs']);

const treeRegressor = (name: string, extra: Record<string, AttributeValue>, targets = 1) =>
  single(name, 'TreeEnsembleRegressor', {
    ...treeAttributes, n_targets: { int: targets },
    target_treeids: { ints: [...leaves.treeids, ...(targets > 1 ? leaves.treeids : [])] },
    target_nodeids: { ints: [...leaves.nodeids, ...(targets > 1 ? leaves.nodeids : [])] },
    target_ids: { ints: [0, 0, 0, 0, 0, ...(targets > 1 ? [1, 1, 1, 1, 1] : [])] },
    target_weights: { floats: [0.4, -0.2, 0.9, 0.3, -0.6, ...(targets > 1 ? [0.1, 0.7, -0.3, 0.2, 0.5] : [])] },
    ...extra,
  }, ['y']);

const posts = ['NONE', 'LOGISTIC', 'SOFTMAX', 'SOFTMAX_ZERO'];
const mixed = [0.4, -0.2, 0.9, 0.3, -0.6];
const positive = [0.4, 0.2, 0.9, 0.3, 0.6];

const supported: TestGraph[] = [
  graph('matmul-add-sigmoid', [
    { op: 'MatMul', inputs: ['input', 'W'], outputs: ['z'] },
    { op: 'Add', inputs: ['z', 'b'], outputs: ['z1'] },
    { op: 'Sigmoid', inputs: ['z1'], outputs: ['p'] },
    { op: 'Sub', inputs: ['p', 'half'], outputs: ['d'] },
    { op: 'Mul', inputs: ['d', 'b'], outputs: ['q'] },
    { op: 'Div', inputs: ['q', 'half'], outputs: ['r'] },
  ], ['p', 'q', 'r'], [W(), floatTensor('b', [2], [0.3, -0.2]), floatTensor('half', [1], [0.5])]),
  // A small MLP as torch exports it: standardise, Gemm (transB), Relu / Tanh, Gemm, Sigmoid.
  graph('mlp-gemm-relu-tanh', [
    { op: 'Sub', inputs: ['input', 'mean'], outputs: ['c'] },
    { op: 'Div', inputs: ['c', 'std'], outputs: ['s'] },
    { op: 'Gemm', inputs: ['s', 'W1', 'b1'], outputs: ['h'], attributes: { transB: { int: 1 }, alpha: { float: 0.5 }, beta: { float: 2 } } },
    { op: 'Relu', inputs: ['h'], outputs: ['r'] },
    { op: 'Tanh', inputs: ['h'], outputs: ['th'] },
    { op: 'Concat', inputs: ['r', 'th'], outputs: ['rt'], attributes: { axis: { int: 1 } } },
    { op: 'Gemm', inputs: ['rt', 'W2', 'b2'], outputs: ['z'] },
    { op: 'Sigmoid', inputs: ['z'], outputs: ['p'] },
  ], ['p', 'rt'], [
    floatTensor('mean', [WIDTH], [0.1, -0.2, 0.3]), floatTensor('std', [WIDTH], [0.5, 2, 1.5]),
    floatTensor('W1', [2, WIDTH], [0.5, -1, 2, 0.25, -0.75, 1.5]), floatTensor('b1', [2], [0.1, -0.2]),
    floatTensor('W2', [4, 1], [1, -0.5, 0.25, 2]), floatTensor('b2', [1], [-0.3]),
  ]),
  graph('softmax-argmax-cast-reshape-flatten', [
    { op: 'MatMul', inputs: ['input', 'W'], outputs: ['z'] },
    { op: 'Softmax', inputs: ['z'], outputs: ['sm'], attributes: { axis: { int: -1 } } },
    { op: 'ArgMax', inputs: ['sm'], outputs: ['am'], attributes: { axis: { int: 1 }, keepdims: { int: 1 } } },
    { op: 'Cast', inputs: ['am'], outputs: ['amf'], attributes: { to: { int: 1 } } },
    { op: 'Reshape', inputs: ['sm', 'shape'], outputs: ['flat'] },
    { op: 'Flatten', inputs: ['z'], outputs: ['fz'], attributes: { axis: { int: 1 } } },
    { op: 'Slice', inputs: ['sm', 'one', 'two', 'one'], outputs: ['p1'] },
    { op: 'Exp', inputs: ['fz'], outputs: ['ez'] },
  ], ['sm', 'amf', 'flat', 'p1', 'ez'], [W(), int64('shape', [-1, 2]), int64('one', [1]), int64('two', [2])]),
  graph('scaler-imputer-binarizer-normalizer', [
    { op: 'Imputer', ...ml, inputs: ['input'], outputs: ['i'], attributes: { imputed_value_floats: { floats: [0.25, -1, 2] }, replaced_value_float: { float: NaN } } },
    { op: 'Scaler', ...ml, inputs: ['i'], outputs: ['s'], attributes: { offset: { floats: [0.1, -0.2, 0.3] }, scale: { floats: [2, 0.5, -1] } } },
    { op: 'Binarizer', ...ml, inputs: ['s'], outputs: ['b'], attributes: { threshold: { float: 0.2 } } },
    ...['MAX', 'L1', 'L2'].map((norm) => ({ op: 'Normalizer', ...ml, inputs: ['s'], outputs: [`n_${norm}`], attributes: { norm: { string: norm } } })),
  ], ['i', 's', 'b', 'n_MAX', 'n_L1', 'n_L2']),
  ...posts.map((post) => single(`linear-classifier-3-${post}`, 'LinearClassifier', {
    coefficients: { floats: [1, 0, -1, 0.5, 0.5, 0.5, -1, 2, 0] }, intercepts: { floats: [0, 0.1, -0.1] }, classlabels_ints: { ints: [0, 1, 2] }, post_transform: { string: post },
  }, ['label', 'scores'])),
  ...['NONE', 'LOGISTIC'].map((post) => single(`linear-classifier-binary-two-rows-${post}`, 'LinearClassifier', {
    coefficients: { floats: [-0.5, 1, 0.2, 0.5, -1, -0.2] }, intercepts: { floats: [0.3, -0.3] }, classlabels_ints: { ints: [0, 1] }, post_transform: { string: post },
  }, ['label', 'scores'])),
  // One coefficient row for two classes: onnxruntime writes [1 - s, s] of the raw score, whatever the transform.
  ...['NONE', 'LOGISTIC'].map((post) => single(`linear-classifier-binary-one-row-${post}`, 'LinearClassifier', {
    coefficients: { floats: [-0.5, 1, 0.2] }, intercepts: { floats: [0.3] }, classlabels_ints: { ints: [0, 1] }, post_transform: { string: post },
  }, ['label', 'scores'])),
  ...['NONE', 'LOGISTIC', 'PROBIT'].map((post) => single(`linear-regressor-1-${post}`, 'LinearRegressor', {
    coefficients: { floats: [0.2, -0.4, 1.1] }, intercepts: { floats: [0.05] }, post_transform: { string: post },
  })),
  ...posts.map((post) => single(`linear-regressor-2-${post}`, 'LinearRegressor', {
    coefficients: { floats: [0.2, -0.4, 1.1, 1, 0.5, -0.25] }, intercepts: { floats: [0.05, -0.1] }, targets: { int: 2 }, post_transform: { string: post },
  })),
  ...['SUM', 'AVERAGE', 'MIN', 'MAX'].flatMap((agg) => [
    treeRegressor(`tree-regressor-${agg}`, { aggregate_function: { string: agg }, base_values: { floats: [-1] } }),
    treeRegressor(`tree-regressor-2-${agg}`, { aggregate_function: { string: agg }, base_values: { floats: [-1, 0.5] } }, 2),
  ]),
  // onnxruntime applies only PROBIT to one target; every transform to several.
  ...['LOGISTIC', 'PROBIT'].map((post) => treeRegressor(`tree-regressor-${post}`, { post_transform: { string: post } })),
  ...posts.map((post) => treeRegressor(`tree-regressor-2-${post}`, { post_transform: { string: post } }, 2)),
  ...posts.map((post) => treeClassifier(`tree-classifier-3-${post}`, [0, 1, 2], [0, 1, 2, 0, 1], [1, 2, 0.5, 0.25, 1.5], { post_transform: { string: post }, base_values: { floats: [0.1, -0.1, 0.2] } })),
  // Binary special cases: weights for one class only (sklearn GBM, XGBoost, LightGBM, HGB), mixed-sign or
  // positive, zero, one or two base values; and weights for both classes (random forests).
  ...['NONE', 'LOGISTIC'].flatMap((post) => [
    treeClassifier(`tree-classifier-binary-mixed-base1-${post}`, [0, 1], [0, 0, 0, 0, 0], mixed, { post_transform: { string: post }, base_values: { floats: [-0.7] } }),
    treeClassifier(`tree-classifier-binary-mixed-base0-${post}`, [0, 1], [0, 0, 0, 0, 0], mixed, { post_transform: { string: post } }),
    treeClassifier(`tree-classifier-binary-mixed-base2-${post}`, [0, 1], [0, 0, 0, 0, 0], mixed, { post_transform: { string: post }, base_values: { floats: [0.2, -0.3] } }),
    treeClassifier(`tree-classifier-binary-positive-${post}`, [0, 1], [1, 1, 1, 1, 1], positive.map((w) => w / 2), { post_transform: { string: post } }),
    treeClassifier(`tree-classifier-binary-both-${post}`, [0, 1], [0, 1, 0, 1, 1], positive, { post_transform: { string: post } }),
    treeClassifier(`tree-classifier-binary-both-base2-${post}`, [0, 1], [0, 1, 0, 1, 1], positive, { post_transform: { string: post }, base_values: { floats: [0.2, -0.3] } }),
  ]),
  // ZipMap's map of class probabilities is read as the tensor it is made from.
  graph('tree-classifier-zipmap', [
    { op: 'TreeEnsembleClassifier', ...ml, inputs: ['input'], outputs: ['label', 'probs'], attributes: {
      ...treeAttributes, classlabels_int64s: { ints: [0, 1] }, post_transform: { string: 'LOGISTIC' }, base_values: { floats: [-0.7] },
      class_treeids: { ints: leaves.treeids }, class_nodeids: { ints: leaves.nodeids }, class_ids: { ints: [0, 0, 0, 0, 0] }, class_weights: { floats: mixed },
    } },
    { op: 'ZipMap', ...ml, inputs: ['probs'], outputs: ['zipped'], attributes: { classlabels_int64s: { ints: [0, 1] } } },
  ], ['probs']),
];

const inputs = (() => {
  const random = rng(21);
  // Rows with a missing value too: trees take their tracked branch, the others pass NaN through.
  return Array.from({ length: 64 }, (_, i) => Float64Array.from({ length: WIDTH }, (_, j) => (i % 9 === 4 && j === i % WIDTH ? NaN : random() * 2 - 1)));
})();
const manifest = (outputs: string[]): ModelManifest => ({
  id: 'm', kind: 'propensity', sha256: '0'.repeat(64), inputs: Array.from({ length: WIDTH }, (_, i) => ({ kind: 'numeric', name: `x${i}`, source: `x${i}`, fill: 0 })),
  inputName: 'input', outputs: Object.fromEntries(outputs.map((o) => [o, o])), offers: [], metrics: {},
});
const same = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-5;

describe.each(supported.map((g) => [g.name, g] as const))('compact evaluator: %s', (_, g) => {
  it('runs without ORT and agrees with onnxruntime-web to 1e-5 on 64 rows, missing values included', async () => {
    // Compiled first, so that an unsupported op fails here with its name rather than as a fallback.
    compile(decodeModel(g.bytes), WIDTH);
    const compact = await createModel(manifest(g.outputs), g.bytes);
    const ort = await createModel(manifest(g.outputs), g.bytes, { engine: 'ort' });
    expect(compact.engine).toBe('compact');
    const a = await compact.run(inputs);
    const b = await ort.run(inputs);
    for (const name of g.outputs) {
      expect(a[name]!.shape, name).toEqual(b[name]!.shape);
      a[name]!.data.forEach((v, i) => expect(same(v, b[name]!.data[i]!), `${name}[${i}]: compact ${v}, ort ${b[name]!.data[i]}`).toBe(true));
    }
    // One row at a time (every decision) gives what the batch gives.
    const first = (await compact.run([inputs[1]!]))[g.outputs[0]!]!;
    first.data.forEach((v, i) => expect(same(v, a[g.outputs[0]!]!.data[first.data.length + i]!)).toBe(true));
  });
});

describe('graphs the compact evaluator leaves to onnxruntime', () => {
  const sin = graph('sin', [{ op: 'MatMul', inputs: ['input', 'W'], outputs: ['z'] }, { op: 'Sin', inputs: ['z'], outputs: ['y'] }], ['y'], [W()]);
  // One score for two classes under PROBIT: onnxruntime writes one column of two.
  const probit = treeClassifier('binary-tree-classifier-probit', [0, 1], [0, 0, 0, 0, 0], mixed, { post_transform: { string: 'PROBIT' } });

  it.each([sin, probit].map((g) => [g.name, g] as const))('%s: compile refuses it, createModel falls back to ORT', async (_, g) => {
    const outputs = g.outputs.slice(-1);
    expect(() => compile(decodeModel(g.bytes), WIDTH, { outputs })).toThrow(Unsupported);
    const model = await createModel(manifest(outputs), g.bytes);
    expect(model.engine).toBe('ort');
    const out = await model.run(inputs.slice(0, 2));
    expect(out[outputs[0]!]!.data.length).toBeGreaterThan(0);
  });

  it('names the ops it runs', () => {
    for (const op of ['Gemm', 'Relu', 'Tanh', 'Cast', 'Scaler', 'Normalizer', 'LinearRegressor', 'ZipMap', 'ArgMax', 'Softmax', 'Reshape', 'Concat', 'Flatten', 'TreeEnsembleClassifier', 'TreeEnsembleRegressor'])
      expect(compactOps()).toContain(op);
  });
});

describe('graphs no engine can score with this manifest', () => {
  const logistic = single('lc', 'LinearClassifier', {
    coefficients: { floats: [-0.5, 1, 0.2, 0.5, -1, -0.2] }, intercepts: { floats: [0.3, -0.3] }, classlabels_ints: { ints: [0, 1] }, post_transform: { string: 'LOGISTIC' },
  }, ['label', 'scores']);

  it('refuses another input name on the compact path as onnxruntime does', async () => {
    const m = { ...manifest(['scores']), inputName: 'X' };
    await expect(createModel(m, logistic.bytes)).rejects.toThrow('the model\'s input is "input"; the manifest\'s inputName is "X"');
    await expect(createModel(m, logistic.bytes, { engine: 'ort' })).rejects.toThrow('the model\'s input is "input"; the manifest\'s inputName is "X"');
  });

  it('refuses fewer or more inputs than the weights fit, rather than scoring 0', async () => {
    const short = { ...manifest(['scores']), inputs: manifest([]).inputs.slice(1) };
    await expect(createModel(short, logistic.bytes)).rejects.toThrow('the model\'s input "input" has 3 columns; the manifest gives 2 inputs');
    // A graph that declares no width is held to its weights.
    const undeclared = encodeModel({
      name: 'u', nodes: [{ op: 'MatMul', inputs: ['input', 'W'], outputs: ['y'] }], initializers: [W()],
      inputs: [{ name: 'input', dims: ['N', 'F'] }], outputs: [{ name: 'y', dims: ['N', 2] }],
    });
    await expect(createModel({ ...short, outputs: { y: 'y' } }, undeclared)).rejects.toThrow('MatMul: [1, 2] times [3, 2]: the model expects 3 inputs where it is given 2');
  });

  it('refuses a tree ensemble given fewer inputs than its splits read', async () => {
    const tree = treeRegressor('short-tree', {});
    const undeclared = encodeModel({
      name: 't', initializers: [],
      nodes: [{ op: 'TreeEnsembleRegressor', ...ml, inputs: ['input'], outputs: ['y'], attributes: {
        ...treeAttributes, n_targets: { int: 1 }, target_treeids: { ints: leaves.treeids }, target_nodeids: { ints: leaves.nodeids }, target_ids: { ints: [0, 0, 0, 0, 0] }, target_weights: { floats: mixed },
      } }],
      inputs: [{ name: 'input', dims: ['N', 'F'] }], outputs: [{ name: 'y', dims: ['N', 1] }],
    });
    const two = { ...manifest(['y']), inputs: manifest([]).inputs.slice(0, 2) };
    await expect(createModel(two, tree.bytes)).rejects.toThrow('the model\'s input "input" has 3 columns; the manifest gives 2 inputs');
    await expect(createModel(two, undeclared)).rejects.toThrow('tree ensemble reads input column 2; the model is given 2');
  });

  it('names an output the graph lacks', async () => {
    await expect(createModel(manifest(['probabilities']), logistic.bytes)).rejects.toThrow('the model has no output "probabilities" (outputs: label, scores)');
  });
});

describe('compiled runs', () => {
  it('keep no state between runs: a later run leaves earlier outputs alone and gives the same answer', () => {
    const g = supported[0]!;
    const run = compile(decodeModel(g.bytes), WIDTH);
    const first = run([inputs[0]!]);
    const kept = Float64Array.from(first.p!.data);
    const second = run([inputs[1]!]);
    expect(second.p!.data).not.toEqual(kept);
    expect(first.p!.data).toEqual(kept);
    expect(run([inputs[0]!]).p!.data).toEqual(kept);
    // A batch gives each row what it gives alone.
    expect(run([inputs[0]!, inputs[1]!]).q!.data).toEqual(Float64Array.from([...first.q!.data, ...second.q!.data]));
  });

  it('hand out the input only as a copy (Identity), rounded to float32, untouched by the next run', () => {
    const g = graph('identity', [{ op: 'Identity', inputs: ['input'], outputs: ['x'] }], ['x'], []);
    const run = compile(decodeModel(g.bytes), WIDTH);
    const first = run([inputs[0]!]).x!;
    run([inputs[1]!]);
    expect(first.data).toEqual(inputs[0]!.map(Math.fround));
    expect(first.shape).toEqual([1, WIDTH]);
  });

  it('read a ZipMap as the class probabilities it zips, in label order', async () => {
    const g = supported.find((x) => x.name === 'tree-classifier-zipmap')!;
    const zipped = compile(decodeModel(g.bytes), WIDTH, { outputs: ['zipped'] })(inputs).zipped!;
    const ort = await (await createModel(manifest(['probs']), g.bytes, { engine: 'ort' })).run(inputs);
    expect(zipped.shape).toEqual([inputs.length, 2]);
    zipped.data.forEach((v, i) => expect(Math.abs(v - ort.probs!.data[i]!)).toBeLessThanOrEqual(1e-6));
  });

  it('on onnxruntime, fetch only the outputs the manifest reads: a raw ZipMap export scores instead of failing every run', async () => {
    // skl2onnx's default: outputs label, the [N, 2] probabilities' ZipMap (a sequence of maps), here beside the tensor.
    const zipMapType = new Writer().message(4, new Writer().message(1, new Writer().message(5, new Writer().int(1, 7).message(2, new Writer().message(1, new Writer().int(1, 1))))));
    const bytes = encodeModel({
      name: 'zipmap', initializers: [],
      nodes: [
        { op: 'LinearClassifier', ...ml, inputs: ['input'], outputs: ['label', 'probs'], attributes: { coefficients: { floats: [-0.5, 1, 0.2, 0.5, -1, -0.2] }, intercepts: { floats: [0.3, -0.3] }, classlabels_ints: { ints: [0, 1] }, post_transform: { string: 'LOGISTIC' } } },
        { op: 'ZipMap', ...ml, inputs: ['probs'], outputs: ['output_probability'], attributes: { classlabels_int64s: { ints: [0, 1] } } },
      ],
      inputs: [{ name: 'input', dims: ['N', WIDTH] }],
      outputs: [{ name: 'label', dims: ['N'], elemType: 7 }, { name: 'probs', dims: ['N', 2] }, { name: 'output_probability', dims: [], type: zipMapType }],
    });
    const ort = await createModel({ ...manifest([]), outputs: { probability: { name: 'probs', column: 1 } } }, bytes, { engine: 'ort' });
    const out = await ort.run(inputs);
    expect(Object.keys(out)).toEqual(['probs']);
    const compact = compile(decodeModel(bytes), WIDTH, { outputs: ['output_probability'] })(inputs).output_probability!;
    compact.data.forEach((v, i) => expect(same(v, out.probs!.data[i]!)).toBe(true));
  });

  it('run only the nodes the wanted outputs need: an unsupported branch beside them does not matter', () => {
    const g = graph('branch', [
      { op: 'MatMul', inputs: ['input', 'W'], outputs: ['z'] },
      { op: 'Sigmoid', inputs: ['z'], outputs: ['p'] },
      { op: 'Sin', inputs: ['z'], outputs: ['other'] },
    ], ['p', 'other'], [W()]);
    expect(() => compile(decodeModel(g.bytes), WIDTH)).toThrow(Unsupported);
    const run = compile(decodeModel(g.bytes), WIDTH, { outputs: ['p'] });
    expect(Object.keys(run([inputs[0]!]))).toEqual(['p']);
  });
});
