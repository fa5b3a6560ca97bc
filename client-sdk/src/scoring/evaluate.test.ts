// The compact evaluator against onnxruntime-web on hand-built graphs of every op it claims, and the fallback
// for graphs it does not support.
import { describe, expect, it } from 'vitest';
import { encodeModel, floatTensor, type NodeSpec } from '../../../models/onnx/index.ts';
import { rng } from '../../../models/train/dataset.ts';
import type { ModelManifest } from '../../../protocol/index.ts';
import { decodeModel } from './decode.ts';
import { Unsupported, compile } from './evaluate.ts';
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
};

function graph(name: string, nodes: NodeSpec[], outputs: string[], init = nodes[0]?.op === 'MatMul' ? [floatTensor('W', [WIDTH, 2], [0.5, -1, 2, 0.25, -0.75, 1.5])] : []) {
  return { name, bytes: encodeModel({ name, nodes, initializers: init, inputs: [{ name: 'input', dims: ['N', WIDTH] }], outputs: outputs.map((o) => (o === 'label' ? { name: o, dims: ['N'], elemType: 7 } : { name: o, dims: ['N', `${o}_width`] })) }), outputs };
}

const supported = [
  graph('matmul-add-sigmoid', [
    { op: 'MatMul', inputs: ['input', 'W'], outputs: ['z'] },
    { op: 'Add', inputs: ['z', 'b'], outputs: ['z1'] },
    { op: 'Sigmoid', inputs: ['z1'], outputs: ['p'] },
    { op: 'Sub', inputs: ['p', 'half'], outputs: ['d'] },
    { op: 'Mul', inputs: ['d', 'b'], outputs: ['q'] },
  ], ['p', 'q'], [floatTensor('W', [WIDTH, 2], [0.5, -1, 2, 0.25, -0.75, 1.5]), floatTensor('b', [2], [0.3, -0.2]), floatTensor('half', [1], [0.5])]),
  graph('linear-classifier-3', [{
    op: 'LinearClassifier', ...ml, inputs: ['input'], outputs: ['label', 'scores'],
    attributes: { coefficients: { floats: [1, 0, -1, 0.5, 0.5, 0.5, -1, 2, 0] }, intercepts: { floats: [0, 0.1, -0.1] }, classlabels_ints: { ints: [0, 1, 2] }, post_transform: { string: 'SOFTMAX' } },
  }], ['label', 'scores']),
  graph('tree-regressor', [
    { op: 'TreeEnsembleRegressor', ...ml, inputs: ['input'], outputs: ['s'], attributes: {
      ...treeAttributes, n_targets: { int: 1 }, base_values: { floats: [-1] },
      target_treeids: { ints: [0, 0, 0, 1, 1] }, target_nodeids: { ints: [2, 3, 4, 1, 2] }, target_ids: { ints: [0, 0, 0, 0, 0] },
      target_weights: { floats: [0.4, -0.2, 0.9, 0.3, -0.6] },
    } },
    { op: 'Sigmoid', inputs: ['s'], outputs: ['p'] },
  ], ['s', 'p']),
  graph('tree-regressor-average', [{ op: 'TreeEnsembleRegressor', ...ml, inputs: ['input'], outputs: ['s'], attributes: {
    ...treeAttributes, n_targets: { int: 1 }, aggregate_function: { string: 'AVERAGE' }, base_values: { floats: [0.2] },
    target_treeids: { ints: [0, 0, 0, 1, 1] }, target_nodeids: { ints: [2, 3, 4, 1, 2] }, target_ids: { ints: [0, 0, 0, 0, 0] },
    target_weights: { floats: [0.4, -0.2, 0.9, 0.3, -0.6] },
  } }], ['s']),
  graph('tree-classifier-3', [{ op: 'TreeEnsembleClassifier', ...ml, inputs: ['input'], outputs: ['label', 'probs'], attributes: {
    ...treeAttributes, classlabels_int64s: { ints: [0, 1, 2] }, post_transform: { string: 'SOFTMAX' },
    class_treeids: { ints: [0, 0, 0, 0, 1, 1, 1] }, class_nodeids: { ints: [2, 3, 4, 4, 1, 2, 2] }, class_ids: { ints: [0, 1, 2, 0, 1, 2, 0] },
    class_weights: { floats: [1, 2, 0.5, 0.25, 1.5, 1, -0.5] },
  } }], ['label', 'probs']),
];

const inputs = (() => {
  const random = rng(21);
  return Array.from({ length: 64 }, () => Float64Array.from({ length: WIDTH }, () => random() * 2 - 1));
})();
const manifest = (outputs: string[]): ModelManifest => ({
  id: 'm', kind: 'propensity', sha256: '0'.repeat(64), inputs: Array.from({ length: WIDTH }, (_, i) => ({ kind: 'numeric', name: `x${i}`, source: `x${i}`, fill: 0 })),
  inputName: 'input', outputs: Object.fromEntries(outputs.map((o) => [o, o])), offers: [], metrics: {},
});

describe.each(supported.map((g) => [g.name, g] as const))('compact evaluator: %s', (_, g) => {
  it('runs without ORT and agrees with onnxruntime-web to 1e-5 on 64 rows', async () => {
    const compact = await createModel(manifest(g.outputs), g.bytes);
    const ort = await createModel(manifest(g.outputs), g.bytes, { engine: 'ort' });
    expect(compact.engine).toBe('compact');
    const a = await compact.run(inputs);
    const b = await ort.run(inputs);
    for (const name of g.outputs) {
      expect(a[name]!.data.length).toBe(b[name]!.data.length);
      a[name]!.data.forEach((v, i) => expect(Math.abs(v - b[name]!.data[i]!)).toBeLessThanOrEqual(1e-5));
    }
  });
});

describe('unsupported graphs', () => {
  const tanh = graph('tanh', [{ op: 'MatMul', inputs: ['input', 'W'], outputs: ['z'] }, { op: 'Tanh', inputs: ['z'], outputs: ['y'] }], ['y']);
  const binaryTree = graph('binary-tree-classifier', [{ op: 'TreeEnsembleClassifier', ...ml, inputs: ['input'], outputs: ['label', 'probs'], attributes: {
    ...treeAttributes, classlabels_int64s: { ints: [0, 1] }, post_transform: { string: 'LOGISTIC' },
    class_treeids: { ints: [0, 0, 0, 1, 1] }, class_nodeids: { ints: [2, 3, 4, 1, 2] }, class_ids: { ints: [0, 0, 0, 0, 0] },
    class_weights: { floats: [0.4, -0.2, 0.9, 0.3, -0.6] },
  } }], ['probs']);

  // Valid ONNX the compact set leaves to ORT: Gemm, LinearRegressor, a regressor's post_transform.
  const others = [
    graph('gemm', [{ op: 'Gemm', inputs: ['input', 'Wt', 'c'], outputs: ['y'], attributes: { transB: { int: 1 }, alpha: { float: 0.5 }, beta: { float: 2 } } }], ['y'],
    [floatTensor('Wt', [2, WIDTH], [0.5, -1, 2, 0.25, -0.75, 1.5]), floatTensor('c', [1, 2], [0.1, 0.2])]),
    graph('linear-regressor', [{ op: 'LinearRegressor', ...ml, inputs: ['input'], outputs: ['y'], attributes: { coefficients: { floats: [0.2, -0.4, 1.1] }, intercepts: { floats: [0.05] } } }], ['y']),
    graph('tree-regressor-logistic', [{ op: 'TreeEnsembleRegressor', ...ml, inputs: ['input'], outputs: ['s'], attributes: {
      ...treeAttributes, n_targets: { int: 1 }, post_transform: { string: 'LOGISTIC' },
      target_treeids: { ints: [0, 1] }, target_nodeids: { ints: [2, 1] }, target_ids: { ints: [0, 0] }, target_weights: { floats: [0.4, 0.3] },
    } }], ['s']),
  ];

  it.each([tanh, binaryTree, ...others].map((g) => [g.name, g] as const))('%s: compile refuses it, createModel falls back to ORT', async (_, g) => {
    expect(() => compile(decodeModel(g.bytes), WIDTH)).toThrow(Unsupported);
    const model = await createModel(manifest(g.outputs), g.bytes);
    expect(model.engine).toBe('ort');
    const out = await model.run(inputs.slice(0, 2));
    expect(out[g.outputs[0]!]!.data.length).toBeGreaterThan(0);
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
});
