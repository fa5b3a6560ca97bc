// Gradient-boosted trees for a binary outcome (logistic loss, Newton leaves, histogram splits): the non-linear
// learner behind the "-gbt" methods, exported as ONNX-ML TreeEnsembleRegressor.

/** One regression tree as node arrays; `left[i] < 0` marks a leaf whose output is `value[i]`. */
export interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

/** The model's logit is base + Σ tree outputs. */
export interface Gbt {
  base: number;
  trees: Tree[];
}

export interface GbtOptions {
  trees?: number;
  depth?: number;
  rate?: number;
  /** Smallest summed row weight in a leaf; default 1% of the total weight, at least 20. */
  minLeaf?: number;
  /** L2 penalty on leaf values. */
  lambda?: number;
  bins?: number;
  weights?: ArrayLike<number>;
}

const f32 = Math.fround;

/** Split candidates per feature: float32 data values, so ONNX's float thresholds cut exactly where training did. */
function edgesOf(X: readonly Float64Array[], j: number, bins: number): number[] {
  const values = Float64Array.from(X, (x) => f32(x[j]!)).sort();
  const unique: number[] = [];
  for (const v of values) if (unique[unique.length - 1] !== v) unique.push(v);
  if (unique.length <= bins) return unique.slice(0, -1);
  const edges = new Set<number>();
  for (let b = 1; b < bins; b++) edges.add(values[Math.floor((b * values.length) / bins)]!);
  const max = unique[unique.length - 1];
  return [...edges].filter((e) => e !== max).sort((a, b) => a - b);
}

/**
 * Fits boosted trees to P(y = 1 | x).
 * @example const model = fitGbt(X, y, { trees: 100, depth: 3 })
 */
export function fitGbt(X: readonly Float64Array[], y: ArrayLike<number>, options: GbtOptions = {}): Gbt {
  const { trees = 100, depth = 3, rate = 0.05, lambda = 1, bins = 32 } = options;
  const n = X.length;
  const d = X[0]?.length ?? 0;
  const w = Float64Array.from({ length: n }, (_, i) => options.weights?.[i] ?? 1);
  const edges = Array.from({ length: d }, (_, j) => edgesOf(X, j, bins));
  // Column-major bin indices: bin b holds values <= edges[b] (and > edges[b-1]).
  const binned = edges.map((e, j) => Uint8Array.from(X, (x) => {
    const v = f32(x[j]!);
    let lo = 0;
    let hi = e.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v <= e[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }));
  let sw = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) (sw += w[i]!), (sy += w[i]! * y[i]!);
  const minLeaf = options.minLeaf ?? Math.max(20, 0.01 * sw);
  const mean = Math.min(Math.max(sy / sw, 1e-6), 1 - 1e-6);
  const base = Math.log(mean / (1 - mean));
  const F = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const model: Gbt = { base, trees: [] };
  for (let t = 0; t < trees; t++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-F[i]!));
      g[i] = w[i]! * (p - y[i]!);
      h[i] = w[i]! * Math.max(p * (1 - p), 1e-12);
    }
    const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
    const grow = (rows: Int32Array, level: number): number => {
      const id = tree.feature.length;
      tree.feature.push(0), tree.threshold.push(0), tree.left.push(-1), tree.right.push(-1), tree.value.push(0);
      let G = 0;
      let H = 0;
      let W = 0;
      for (const i of rows) (G += g[i]!), (H += h[i]!), (W += w[i]!);
      let best = { gain: 1e-9, j: -1, b: -1 };
      if (level < depth && W >= 2 * minLeaf) {
        for (let j = 0; j < d; j++) {
          const k = edges[j]!.length + 1;
          if (k < 2) continue;
          const hg = new Float64Array(k);
          const hh = new Float64Array(k);
          const hw = new Float64Array(k);
          const col = binned[j]!;
          for (const i of rows) {
            const b = col[i]!;
            hg[b] = hg[b]! + g[i]!;
            hh[b] = hh[b]! + h[i]!;
            hw[b] = hw[b]! + w[i]!;
          }
          let gl = 0;
          let hl = 0;
          let wl = 0;
          for (let b = 0; b < k - 1; b++) {
            (gl += hg[b]!), (hl += hh[b]!), (wl += hw[b]!);
            if (wl < minLeaf || W - wl < minLeaf) continue;
            const gain = (gl * gl) / (hl + lambda) + ((G - gl) * (G - gl)) / (H - hl + lambda) - (G * G) / (H + lambda);
            if (gain > best.gain) best = { gain, j, b };
          }
        }
      }
      if (best.j < 0) {
        const value = (-G / (H + lambda)) * rate;
        tree.value[id] = value;
        for (const i of rows) F[i] = F[i]! + value;
        return id;
      }
      const col = binned[best.j]!;
      tree.feature[id] = best.j;
      tree.threshold[id] = edges[best.j]![best.b]!;
      tree.left[id] = grow(rows.filter((i) => col[i]! <= best.b), level + 1);
      tree.right[id] = grow(rows.filter((i) => col[i]! > best.b), level + 1);
      return id;
    };
    grow(Int32Array.from({ length: n }, (_, i) => i), 0);
    model.trees.push(tree);
  }
  return model;
}

/** P(y = 1) per row, with the float32 comparisons the ONNX runtimes make. */
export function predictGbt(model: Gbt, X: readonly Float64Array[]): Float64Array {
  return Float64Array.from(X, (x) => {
    let z = model.base;
    for (const tree of model.trees) {
      let i = 0;
      while (tree.left[i]! >= 0) i = f32(x[tree.feature[i]!]!) <= tree.threshold[i]! ? tree.left[i]! : tree.right[i]!;
      z += tree.value[i]!;
    }
    return 1 / (1 + Math.exp(-z));
  });
}
