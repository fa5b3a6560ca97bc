// ONNX graphs for the models the pipeline trains: logistic propensity, T-learner and class-transformation uplift.
import type { Gbt } from '../train/gbt.ts';
import { DataType, Writer, encodeModel, floatTensor, type NodeSpec } from './proto.ts';

/** Coefficients of one logistic model over the standardised input vector. */
export interface Linear {
  weights: number[];
  bias: number;
}

/** Graph input name every Edgewise model uses: float32 [N, features]. */
export const INPUT_NAME = 'input';

function longTensor(name: string, values: number[]): Writer {
  const w = new Writer().int(1, values.length).int(2, DataType.INT64);
  for (const v of values) w.int(7, v);
  return w.string(8, name);
}

/** A fitted probability model: logistic coefficients or boosted trees. */
export type Learned = Linear | Gbt;

const isTrees = (m: Learned): m is Gbt => 'trees' in m;

/** sigmoid(base + Σ trees) as ai.onnx.ml TreeEnsembleRegressor (logit) then Sigmoid, `[N, 1]` into `out`. */
function treeNodes(prefix: string, model: Gbt, out: string): NodeSpec[] {
  const a = { treeids: [] as number[], nodeids: [] as number[], featureids: [] as number[], values: [] as number[], modes: [] as string[], truenodeids: [] as number[], falsenodeids: [] as number[] };
  const leaf = { treeids: [] as number[], nodeids: [] as number[], weights: [] as number[] };
  model.trees.forEach((tree, t) => {
    tree.left.forEach((left, i) => {
      const isLeaf = left < 0;
      a.treeids.push(t), a.nodeids.push(i), a.featureids.push(isLeaf ? 0 : tree.feature[i]!), a.values.push(isLeaf ? 0 : tree.threshold[i]!);
      a.modes.push(isLeaf ? 'LEAF' : 'BRANCH_LEQ'), a.truenodeids.push(isLeaf ? 0 : left), a.falsenodeids.push(isLeaf ? 0 : tree.right[i]!);
      if (isLeaf) leaf.treeids.push(t), leaf.nodeids.push(i), leaf.weights.push(tree.value[i]!);
    });
  });
  return [
    {
      op: 'TreeEnsembleRegressor', domain: 'ai.onnx.ml', inputs: [INPUT_NAME], outputs: [`${prefix}_logit`],
      attributes: {
        n_targets: { int: 1 }, aggregate_function: { string: 'SUM' }, post_transform: { string: 'NONE' }, base_values: { floats: [model.base] },
        nodes_treeids: { ints: a.treeids }, nodes_nodeids: { ints: a.nodeids }, nodes_featureids: { ints: a.featureids },
        nodes_values: { floats: a.values }, nodes_modes: { strings: a.modes },
        nodes_truenodeids: { ints: a.truenodeids }, nodes_falsenodeids: { ints: a.falsenodeids },
        target_treeids: { ints: leaf.treeids }, target_nodeids: { ints: leaf.nodeids }, target_ids: { ints: leaf.treeids.map(() => 0) },
        target_weights: { floats: leaf.weights },
      },
    },
    { op: 'Sigmoid', inputs: [`${prefix}_logit`], outputs: [out] },
  ];
}

/** Nodes computing P(y = 1) `[N, 1]` into `out` for either kind of model. */
function probabilityNodes(prefix: string, model: Learned, out: string, ml: boolean): { nodes: NodeSpec[]; init: Writer[] } {
  return isTrees(model) ? { nodes: treeNodes(prefix, model, out), init: [] } : logisticNodes(prefix, forMl(model, ml), out, ml);
}

const width = (m: Learned, n: number) => (isTrees(m) ? n : m.weights.length);

/** Nodes computing sigmoid(input · w + b) as `[N, 1]` into `out`; `prefix` keeps initializer names unique. */
function logisticNodes(prefix: string, model: Linear, out: string, ml: boolean): { nodes: NodeSpec[]; init: Writer[] } {
  const n = model.weights.length;
  if (ml) {
    // ai.onnx.ml LinearClassifier with two classes emits [N, 2] scores; column 1 is P(y = 1).
    const probs = `${prefix}_probs`;
    return {
      nodes: [
        {
          op: 'LinearClassifier', domain: 'ai.onnx.ml', inputs: [INPUT_NAME], outputs: [`${prefix}_label`, probs],
          attributes: {
            coefficients: { floats: [...model.weights.map((w) => -w), ...model.weights] },
            intercepts: { floats: [-model.bias, model.bias] },
            classlabels_ints: { ints: [0, 1] },
            post_transform: { string: 'SOFTMAX' },
          },
        },
        { op: 'Slice', inputs: [probs, `${prefix}_one`, `${prefix}_two`, `${prefix}_axis`], outputs: [out] },
      ],
      init: [
        longTensor(`${prefix}_one`, [1]), longTensor(`${prefix}_two`, [2]), longTensor(`${prefix}_axis`, [1]),
      ],
    };
  }
  return {
    nodes: [
      { op: 'MatMul', inputs: [INPUT_NAME, `${prefix}_W`], outputs: [`${prefix}_z0`] },
      { op: 'Add', inputs: [`${prefix}_z0`, `${prefix}_b`], outputs: [`${prefix}_z`] },
      { op: 'Sigmoid', inputs: [`${prefix}_z`], outputs: [out] },
    ],
    init: [floatTensor(`${prefix}_W`, [n, 1], model.weights), floatTensor(`${prefix}_b`, [1], [model.bias])],
  };
}


export interface GraphOptions {
  /** Use ai.onnx.ml LinearClassifier instead of MatMul+Add+Sigmoid. */
  ml?: boolean;
  metadata?: Record<string, string>;
  /** Input width; required for tree models, which do not imply it. */
  features?: number;
}

/** softmax([-z/2, z/2])[1] = sigmoid(z): halve the weights so LinearClassifier reproduces the logistic model. */
function forMl(model: Linear, ml: boolean | undefined): Linear {
  return ml ? { weights: model.weights.map((w) => w / 2), bias: model.bias / 2 } : model;
}

/**
 * A propensity model: output `probability` = P(y = 1 | x), float32 [N, 1].
 * @example const bytes = propensityGraph({ weights: [0.4, -1.2], bias: -2 })
 */
export function propensityGraph(model: Learned, options: GraphOptions = {}): Uint8Array {
  const part = probabilityNodes('m', model, 'probability', options.ml ?? false);
  return encodeModel({
    name: 'edgewise_propensity',
    nodes: part.nodes,
    initializers: part.init,
    inputs: [{ name: INPUT_NAME, dims: ['N', width(model, options.features ?? 0)] }],
    outputs: [{ name: 'probability', dims: ['N', 1] }],
    ...(options.metadata ? { metadata: options.metadata } : {}),
  });
}

/**
 * A two-model (T-learner) uplift model in one graph: outputs p_treatment, p_control and uplift, each [N, 1].
 * @example const bytes = tLearnerGraph(treated, control)
 */
export function tLearnerGraph(treatment: Learned, control: Learned, options: GraphOptions = {}): Uint8Array {
  const t = probabilityNodes('t', treatment, 'p_treatment', options.ml ?? false);
  const c = probabilityNodes('c', control, 'p_control', options.ml ?? false);
  return encodeModel({
    name: 'edgewise_t_learner',
    nodes: [...t.nodes, ...c.nodes, { op: 'Sub', inputs: ['p_treatment', 'p_control'], outputs: ['uplift'] }],
    initializers: [...t.init, ...c.init],
    inputs: [{ name: INPUT_NAME, dims: ['N', width(treatment, options.features ?? 0)] }],
    outputs: ['p_treatment', 'p_control', 'uplift'].map((name) => ({ name, dims: ['N', 1] })),
    ...(options.metadata ? { metadata: options.metadata } : {}),
  });
}

/**
 * A class-transformation uplift model: with z = y·w + (1-y)(1-w) under balanced arms, uplift = 2·P(z=1) - 1.
 * @example const bytes = classTransformGraph(model)
 */
export function classTransformGraph(model: Learned, options: GraphOptions = {}): Uint8Array {
  const part = probabilityNodes('z', model, 'p_z', options.ml ?? false);
  return encodeModel({
    name: 'edgewise_class_transformation',
    nodes: [
      ...part.nodes,
      { op: 'Mul', inputs: ['p_z', 'two'], outputs: ['p_z2'] },
      { op: 'Sub', inputs: ['p_z2', 'one'], outputs: ['uplift'] },
    ],
    initializers: [...part.init, floatTensor('two', [1], [2]), floatTensor('one', [1], [1])],
    inputs: [{ name: INPUT_NAME, dims: ['N', width(model, options.features ?? 0)] }],
    outputs: [{ name: 'uplift', dims: ['N', 1] }],
    ...(options.metadata ? { metadata: options.metadata } : {}),
  });
}

/** A baked multi-column logistic model: per column k, P = sigmoid(input · W[:, k] + b[k]). */
export interface MultiLinear {
  /** One weight vector per column, all of the input's width. */
  weights: ArrayLike<number>[];
  bias: number[];
}

/**
 * A pooled uplift model: output `p` = [N, K] purchase probabilities, column 0 without an offer and one column per
 * offer after it, from one MatMul (the compact evaluator's cheapest path; scoring 200 offers costs one pass).
 * @example const bytes = pooledGraph({ weights: [[0.1, 0.2], [0.3, 0.1]], bias: [-3, -2.8] })
 */
export function pooledGraph(model: MultiLinear, options: Pick<GraphOptions, 'metadata'> = {}): Uint8Array {
  const K = model.weights.length;
  const d = model.weights[0]?.length ?? 0;
  const W: number[] = [];
  for (let i = 0; i < d; i++) for (let k = 0; k < K; k++) W.push(model.weights[k]![i]!);
  return encodeModel({
    name: 'edgewise_pooled_uplift',
    nodes: [
      { op: 'MatMul', inputs: [INPUT_NAME, 'W'], outputs: ['z0'] },
      { op: 'Add', inputs: ['z0', 'b'], outputs: ['z'] },
      { op: 'Sigmoid', inputs: ['z'], outputs: ['p'] },
    ],
    initializers: [floatTensor('W', [d, K], W), floatTensor('b', [K], model.bias)],
    inputs: [{ name: INPUT_NAME, dims: ['N', d] }],
    outputs: [{ name: 'p', dims: ['N', K] }],
    ...(options.metadata ? { metadata: options.metadata } : {}),
  });
}
