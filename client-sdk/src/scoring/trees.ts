// Tree ensembles (ai.onnx.ml TreeEnsembleClassifier and TreeEnsembleRegressor) as onnxruntime computes them:
// float32 features against float32 thresholds, missing values down their tracked branch, leaf weights summed in
// float32 in tree order, and ONNX-ML's binary special cases (one class's weights, one base value) resolved the
// way onnxruntime resolves them. What onnxruntime leaves undefined is refused, so ORT runs it instead.
import { classLabels } from './ml.ts';
import { cols, f32, logistic, matrix, postTransform, probit, rows, t, Unsupported, type OnnxNode, type Tensor } from './tensor.ts';

interface Forest {
  modes: string[];
  feature: number[];
  value: number[];
  /** Array positions (not node ids) of each node's true and false children. */
  yes: number[];
  no: number[];
  missing: number[];
  /** Leaf position -> [target or class id, weight] in attribute order. */
  leaves: Map<number, [number, number][]>;
  roots: number[];
  /** Every weight is >= 0 (a classifier's binary special case depends on it). */
  positive: boolean;
  /** Distinct class or target ids the leaves write to. */
  ids: Set<number>;
}

// Tree layouts are resolved once per node, not per row: scoring runs on every decision.
const forests = new WeakMap<OnnxNode, Forest>();

/** An attribute list, or its `_as_tensor` (double) form. */
function list(node: OnnxNode, name: string): (number & string)[] {
  const plain = node.attrs[name];
  const tensor = node.attrs[`${name}_as_tensor`] as Tensor | undefined;
  return (plain ?? (tensor ? Array.from(tensor.data) : [])) as (number & string)[];
}

function forest(node: OnnxNode, prefix: 'class' | 'target', width: number): Forest {
  let f = forests.get(node);
  if (f) return f;
  const [tree, ids, modes, feature, value, yes, no, missing] = ['treeids', 'nodeids', 'modes', 'featureids', 'values', 'truenodeids', 'falsenodeids', 'missing_value_tracks_true'].map((k) => list(node, `nodes_${k}`)) as (number & string)[][];
  const index = new Map<string, number>();
  tree!.forEach((tr, i) => index.set(`${tr}:${ids![i]}`, i));
  const at = (tr: number, id: number, what: string) => {
    const i = index.get(`${tr}:${id}`);
    if (i === undefined) throw new Error(`${node.op}: tree ${tr} has no node ${id} (${what})`);
    return i;
  };
  const leaves = new Map<number, [number, number][]>();
  const [lt, ln, li, lw] = ['treeids', 'nodeids', 'ids', 'weights'].map((k) => list(node, `${prefix}_${k}`)) as number[][];
  const targets = new Set<number>();
  lt!.forEach((tr, i) => {
    const n = at(tr, ln![i]!, 'leaf weight');
    if (li![i]! < 0 || li![i]! >= width) throw new Error(`${node.op}: a leaf weight is for ${prefix} ${li![i]}, of ${width}`);
    targets.add(li![i]!);
    (leaves.get(n) ?? leaves.set(n, []).get(n)!).push([li![i]!, lw![i]!]);
  });
  const branch = (i: number) => modes![i] !== 'LEAF';
  f = {
    modes: modes!, feature: feature!, value: value!.map(f32), missing: missing!, leaves,
    yes: yes!.map((id, i) => (branch(i) ? at(tree![i]!, id, 'true branch') : -1)),
    no: no!.map((id, i) => (branch(i) ? at(tree![i]!, id, 'false branch') : -1)),
    roots: [...new Set(tree)].map((tr) => tree!.indexOf(tr)),
    positive: lw!.every((w) => w >= 0),
    ids: targets,
  };
  forests.set(node, f);
  return f;
}

/** The leaf of one tree for one row of float32 features. */
function leaf(f: Forest, x: Float64Array, offset: number, root: number, width: number): number {
  let i = root;
  for (let mode; (mode = f.modes[i]) !== 'LEAF'; ) {
    const j = f.feature[i]!;
    if (j >= width) throw new Error(`tree ensemble reads input column ${j}; the model is given ${width}`);
    const v = x[offset + j]!;
    const th = f.value[i]!;
    const go =
      (v !== v && f.missing[i] === 1) ||
      (mode === 'BRANCH_LEQ' ? v <= th : mode === 'BRANCH_LT' ? v < th : mode === 'BRANCH_GTE' ? v >= th
        : mode === 'BRANCH_GT' ? v > th : mode === 'BRANCH_EQ' ? v === th : mode === 'BRANCH_NEQ' ? v !== th : unknownMode(String(mode)));
    i = (go ? f.yes : f.no)[i]!;
  }
  return i;
}

const unknownMode = (mode: string): never => {
  throw new Unsupported(`tree node mode ${mode}`);
};

/** How leaf weights combine across trees: float32 sums (SUM, AVERAGE) or the smallest or largest. */
const aggregate: Record<string, (score: number, w: number, has: boolean) => number> = {
  SUM: (s, w) => f32(s + w),
  AVERAGE: (s, w) => f32(s + w),
  MIN: (s, w, has) => (!has || w < s ? w : s),
  MAX: (s, w, has) => (!has || w > s ? w : s),
};

/** Per row, the leaf weights per id aggregated over the trees in order, and whether any leaf wrote to it. */
function leafScores(node: OnnxNode, x: Tensor, prefix: 'class' | 'target', width: number, agg = 'SUM', firstOnly = false): { score: number[]; has: boolean[] }[] {
  const f = forest(node, prefix, width);
  const add = aggregate[agg];
  if (!add) throw new Unsupported(`aggregate_function ${agg}`);
  const k = cols(x);
  return Array.from({ length: rows(x) }, (_, r) => {
    const score = new Array<number>(width).fill(0);
    const has = new Array<boolean>(width).fill(false);
    for (const root of f.roots) {
      const weights = f.leaves.get(leaf(f, x.data, r * k, root, k)) ?? [];
      // onnxruntime's single-target path reads one weight per leaf.
      for (const [id, w] of firstOnly ? weights.slice(0, 1) : weights) (score[id] = add(score[id]!, w, has[id]!)), (has[id] = true);
    }
    return { score, has };
  });
}

export const treeOps: Record<string, (node: OnnxNode, x: Tensor[]) => Tensor[]> = {
  TreeEnsembleRegressor: (node, [x]) => {
    const n = (node.attrs.n_targets as number | undefined) ?? 1;
    const agg = String(node.attrs.aggregate_function ?? 'SUM');
    const base = list(node, 'base_values') as number[];
    const kind = node.attrs.post_transform ?? 'NONE';
    const trees = forest(node, 'target', n).roots.length;
    const mean = (v: number) => (agg === 'AVERAGE' ? f32(v / trees) : v);
    const out = leafScores(node, x!, 'target', n, agg, n === 1).map(({ score, has }) => {
      if (n === 1) {
        // onnxruntime's single-target path: one base value, PROBIT the only transform it applies.
        const v = f32((has[0] ? mean(score[0]!) : 0) + (base.length === 1 ? base[0]! : 0));
        return [kind === 'PROBIT' ? probit(v) : v];
      }
      // onnxruntime writes 0 for a target no leaf wrote to, base value or not.
      const useBase = base.length === n;
      return postTransform(kind, score.map((v, i) => (has[i] ? f32(mean(v) + (useBase ? base[i]! : 0)) : 0)));
    });
    return [matrix(out, n)];
  },
  TreeEnsembleClassifier: (node, [x]) => {
    const labels = classLabels(node);
    const n = labels.length;
    if (n < 2) throw new Unsupported('TreeEnsembleClassifier with fewer than two classes');
    const f = forest(node, 'class', n);
    const base = list(node, 'base_values') as number[];
    const kind = node.attrs.post_transform ?? 'NONE';
    // ONNX-ML's binary special case: two labels, leaf weights for one class only.
    const binary = n === 2 && f.ids.size === 1;
    const label: number[] = [];
    const scores = leafScores(node, x!, 'class', n).map(({ score, has }) => {
      if (n > 2) {
        for (let k = 0; k < base.length && k < n; k++) (score[k] = has[k] ? f32(score[k]! + base[k]!) : base[k]!), (has[k] = true);
        let best = -1;
        score.forEach((v, k) => has[k] && (best === -1 || v > score[best]!) && (best = k));
        label.push(labels[Math.max(best, 0)]!);
        return postTransform(kind, score.map((v, k) => (has[k] ? v : 0)));
      }
      let write = -1;
      let s = score;
      if (base.length === 2) {
        // As onnxruntime has it: with scores for both classes, class 1's becomes base[1] + class 0's.
        if (has[1]) (s[1] = f32(base[1]! + s[0]!)), (s[0] = -s[1]!);
        else (s[1] = f32(s[1]! + base[1]!)), (s[0] = f32(s[0]! + base[0]!));
      } else if (base.length === 1) {
        s[0] = f32(s[0]! + base[0]!);
        if (!has[1]) s = [s[0]!];
      } else if (base.length === 0) {
        write = 3;
        if (!has[1]) s = [s[0]!];
      }
      const positive = s.length === 2 && has[1] ? s[1]! : has[0] ? s[0]! : 0;
      let win: boolean;
      if (binary) {
        win = f.positive ? positive > 0.5 : positive > 0;
        write = f.positive ? (win ? 0 : 1) : win ? 2 : 3;
        label.push(labels[win ? 1 : 0]!);
      } else label.push(positive > 0 ? 1 : 0);
      // onnxruntime writes 0 for a class no leaf wrote to, whatever was added to it.
      if (s.length === 2) return postTransform(kind, s.map((v, k) => (has[k] ? v : 0)));
      // One score for two classes: onnxruntime writes the second column only in these cases.
      if (kind === 'PROBIT' || write < 0) throw new Unsupported('binary TreeEnsembleClassifier without a second score');
      const v = has[0] ? s[0]! : 0;
      return write < 2 ? [1 - v, v] : kind === 'LOGISTIC' ? [logistic(-v), logistic(v)] : [-v, v];
    });
    return [t([label.length], Float64Array.from(label)), matrix(scores, n)];
  },
};
