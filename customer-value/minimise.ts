// Derivative-free minimisation (Nelder-Mead with restarts) and a numerical Hessian, for the maximum-likelihood fits
// of the customer-value models. Parameters are fitted on a log scale, so the simplex never leaves (0, ∞).

export interface MinimiseOptions {
  /** Relative change in f below which the simplex counts as converged. Default 1e-12. */
  tolerance?: number;
  /** Largest number of function evaluations over all restarts. Default 20,000. */
  maxEvaluations?: number;
  /** Initial simplex: x0 plus `step` along each axis. Default 0.5. */
  step?: number;
}

export interface Minimum {
  x: number[];
  f: number;
  evaluations: number;
  /** False when the evaluation budget ran out before a restart stopped improving. */
  converged: boolean;
}

/**
 * Minimises f from x0 by Nelder-Mead (the dimension-adaptive coefficients of Gao and Han 2012), restarted from the
 * best vertex until a restart no longer improves f: a restart undoes the simplex collapsing early in a curved
 * valley, which BG/NBD's likelihood has in its (a, b) direction. A non-finite f counts as +∞.
 * @example minimise(([x, y]) => (x! - 1) ** 2 + 10 * (y! + 2) ** 2, [0, 0]).x // ≈ [1, −2]
 */
export function minimise(f: (x: number[]) => number, x0: number[], options: MinimiseOptions = {}): Minimum {
  const tolerance = options.tolerance ?? 1e-12;
  const maxEvaluations = options.maxEvaluations ?? 20_000;
  const n = x0.length;
  let evaluations = 0;
  const value = (x: number[]) => {
    evaluations++;
    const y = f(x);
    return Number.isFinite(y) ? y : Infinity;
  };
  const [alpha, gamma, rho, sigma] = [1, 1 + 2 / n, 0.75 - 1 / (2 * n), 1 - 1 / n];
  let best = { x: x0.slice(), f: value(x0) };
  let step = options.step ?? 0.5;
  for (;;) {
    const points = [best.x.slice()];
    for (let i = 0; i < n; i++) points.push(best.x.map((v, j) => (j === i ? v + step : v)));
    let simplex = points.map((x, i) => ({ x, f: i === 0 ? best.f : value(x) }));
    while (evaluations < maxEvaluations) {
      simplex.sort((p, q) => p.f - q.f);
      const lo = simplex[0]!;
      const hi = simplex[n]!;
      if (Math.abs(hi.f - lo.f) <= tolerance * (Math.abs(lo.f) + tolerance)) break;
      const centroid = new Array<number>(n).fill(0);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += simplex[i]!.x[j]! / n;
      const along = (t: number) => centroid.map((c, j) => c + t * (c - hi.x[j]!));
      const reflected = { x: along(alpha), f: 0 };
      reflected.f = value(reflected.x);
      if (reflected.f < lo.f) {
        const expanded = { x: along(alpha * gamma), f: 0 };
        expanded.f = value(expanded.x);
        simplex[n] = expanded.f < reflected.f ? expanded : reflected;
      } else if (reflected.f < simplex[n - 1]!.f) {
        simplex[n] = reflected;
      } else {
        const outside = reflected.f < hi.f;
        const contracted = { x: along(outside ? alpha * rho : -rho), f: 0 };
        contracted.f = value(contracted.x);
        if (contracted.f < (outside ? reflected.f : hi.f)) simplex[n] = contracted;
        else
          simplex = simplex.map((p, i) => {
            if (i === 0) return p;
            const x = lo.x.map((v, j) => v + sigma * (p.x[j]! - v));
            return { x, f: value(x) };
          });
      }
    }
    simplex.sort((p, q) => p.f - q.f);
    const improved = best.f - simplex[0]!.f;
    if (simplex[0]!.f < best.f) best = simplex[0]!;
    if (evaluations >= maxEvaluations) return { x: best.x, f: best.f, evaluations, converged: false };
    if (improved <= tolerance * 10 * (Math.abs(best.f) + tolerance)) return { x: best.x, f: best.f, evaluations, converged: true };
    step = Math.max(step / 2, 1e-3);
  }
}

/**
 * The Hessian of f at x by central differences (step h on every axis): the observed information of a
 * log-likelihood fit, whose inverse gives the parameters' standard errors.
 * @example hessian(([x, y]) => x! * x! + 3 * x! * y!, [1, 2]) // ≈ [[2, 3], [3, 0]]
 */
export function hessian(f: (x: number[]) => number, x: number[], h = 1e-4): number[][] {
  const n = x.length;
  const at = (di: number, si: number, dj: number, sj: number) => f(x.map((v, k) => v + (k === di ? si * h : 0) + (k === dj ? sj * h : 0)));
  const f0 = f(x);
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    out.push([]);
    for (let j = 0; j < n; j++) {
      out[i]![j] = i === j
        ? (at(i, 1, -1, 0) - 2 * f0 + at(i, -1, -1, 0)) / (h * h)
        : (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h * h);
    }
  }
  return out;
}

/**
 * The inverse of a small symmetric positive-definite matrix (Gauss-Jordan with partial pivoting); null if singular.
 * @example invert([[2, 0], [0, 4]]) // [[0.5, 0], [0, 0.25]]
 */
export function invert(m: number[][]): number[][] | null {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    if (!(Math.abs(a[pivot]![c]!) > 1e-300)) return null;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    const d = a[c]![c]!;
    for (let k = 0; k < 2 * n; k++) a[c]![k]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const factor = a[r]![c]!;
      if (factor) for (let k = 0; k < 2 * n; k++) a[r]![k]! -= factor * a[c]![k]!;
    }
  }
  return a.map((row) => row.slice(n));
}
