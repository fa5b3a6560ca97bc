// The privacy-preserving fit: BG/NBD from the debiased histogram of the cells devices report (histogram.ts), by
// maximising the multinomial likelihood of the cells within each age bucket. A cell's probability is exact in x
// and t_x (no simulation): P(x = n, t_x/T in [ρ1, ρ2] | T) is a sum over n of two closed-form terms, averaged over
// T within the age bucket (uniform, by Gauss-Legendre).
import { categoryKeepProbability, debiasCategories, randomiseCategory } from '../stats/randomised-response.ts';
import type { BgNbdParams } from './bgnbd.ts';
import type { Fit } from './fit.ts';
import { cellCount, describeCells, perAge, type Cell, type Grid } from './histogram.ts';
import { hessian, invert, minimise, type MinimiseOptions } from './minimise.ts';

// 8-point Gauss-Legendre nodes and weights on [−1, 1]: T enters smoothly, 8 nodes are exact to ~1e-6 here.
const GL_X = [-0.9602898564975363, -0.7966664774136267, -0.525532409916329, -0.1834346424956498, 0.1834346424956498, 0.525532409916329, 0.7966664774136267, 0.9602898564975363];
const GL_W = [0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.3626837833783620, 0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];
/** Terms of the sum over n stop once what is left is below this (or at the bucket's top). */
const TAIL = 1e-13;
const MAX_N = 20_000;

/**
 * P(x, t_x/T in each recency bucket | T) for x = 0 .. top (the last entry collects x >= top), in time units:
 * [n][r], with n = 0 in [0][0]. For n >= 1, alive at T with n purchases whose last falls in [ρ1·T, ρ2·T]:
 * B(a, b+n)/B(a, b) · NBD(n; T) · (ρ2^n − ρ1^n); or dropped out right after the n-th purchase, made in that span:
 * B(a+1, b+n−1)/B(a, b) · [I_s2(n, r) − I_s1(n, r)], s = t/(α + t) (the n-th purchase time's Gamma-mixed law).
 */
function countProbabilities({ r, alpha, a, b }: BgNbdParams, T: number, top: number, recency: number): number[][] {
  const out = Array.from({ length: top + 1 }, () => new Array<number>(recency).fill(0));
  const nbd0 = Math.pow(alpha / (alpha + T), r);
  out[0]![0] = nbd0;
  const z = T / (alpha + T);
  const rho = Array.from({ length: recency + 1 }, (_, k) => k / recency);
  const s = rho.map((q) => (q * T) / (alpha + q * T));
  // I_s(1, r) = 1 − (1 − s)^r; I_s(n+1, r) = I_s(n, r) − s^n (1−s)^r Γ(n+r)/(Γ(n+1)Γ(r)).
  const inc = s.map((v) => 1 - Math.pow(1 - v, r));
  const step = s.map((v) => v * Math.pow(1 - v, r) * r);
  const pow = rho.slice();
  let nbd = nbd0 * r * z;
  let beta = b / (a + b);
  for (let n = 1; n < MAX_N; n++) {
    const dropped = (beta * a) / (b + n - 1);
    const row = out[Math.min(n, top)]!;
    let mass = 0;
    for (let k = 0; k < recency; k++) {
      const p = beta * nbd * (pow[k + 1]! - pow[k]!) + dropped * (inc[k + 1]! - inc[k]!);
      row[k]! += p;
      mass += p;
    }
    if (n >= top && mass < TAIL && nbd < TAIL) break;
    for (let k = 0; k <= recency; k++) {
      inc[k]! -= step[k]!;
      step[k]! *= (s[k]! * (n + r)) / (n + 1);
      pow[k]! *= rho[k]!;
    }
    nbd *= ((r + n) / (n + 1)) * z;
    beta *= (b + n) / (a + b + n);
  }
  return out;
}

/**
 * P(each cell | its age bucket) under BG/NBD, T uniform within the bucket; the "no purchase" cell gets NaN (the
 * model starts at the first purchase). `unitDays` converts the grid's days into the parameters' time unit.
 * @example cellProbabilities(params, grid, 7)[1] // P(x = 0 | age bucket 0)
 */
export function cellProbabilities(params: BgNbdParams, g: Grid, unitDays: number): number[] {
  const cells = describeCells(g);
  const top = g.frequency.at(-1)!;
  const out = new Array<number>(cells.length).fill(0);
  out[0] = Number.NaN;
  const stride = perAge(g);
  for (let a = 0; a <= g.ageDays.length; a++) {
    const [lo, hi] = cells[1 + a * stride]!.age;
    for (let i = 0; i < GL_X.length; i++) {
      const T = ((lo + hi) / 2 + ((hi - lo) / 2) * GL_X[i]!) / unitDays;
      const w = GL_W[i]! / 2;
      const probs = countProbabilities(params, T, top, g.recency);
      const base = 1 + a * stride;
      out[base]! += w * probs[0]![0]!;
      g.frequency.forEach((from, j) => {
        const to = j + 1 < g.frequency.length ? g.frequency[j + 1]! - 1 : top;
        for (let n = from; n <= to; n++) for (let k = 0; k < g.recency; k++) out[base + 1 + j * g.recency + k]! += w * probs[n]![k]!;
      });
    }
  }
  return out;
}

/** Counts of reported cells as randomised k-ary responses, for simulation: each true cell goes through the mechanism. */
export function simulateReports(trueCells: Iterable<number>, k: number, epsilon: number, rng: () => number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (const c of trueCells) counts[randomiseCategory(c, k, epsilon, rng)]!++;
  return counts;
}

export interface HistogramFit extends Fit<BgNbdParams> {
  /** Debiased, non-negative counts per cell (Norm-Sub): the histogram the reports stand for. */
  counts: number[];
  /** Estimated share of reporting shoppers who have bought. */
  buyerShare: number;
  cells: Cell[];
}

/**
 * Fits BG/NBD to reported cell counts. Exact counts (no `epsilon`): the multinomial likelihood Σ_c n_c·ln P(c | its
 * age bucket) over the cells of shoppers who have bought. Counts of k-ary randomised responses at `epsilon`: the
 * likelihood of the reports themselves, Σ_j c_j·ln(q + (p − q)·π_j(θ)), with π_j = w_a·P(j | a, θ) and the shares
 * w of the age buckets (and of shoppers without a purchase) taken from the debiased counts. Unlike fitting the
 * debiased histogram, it needs no clipping of negative estimates, and it weighs each cell by its real noise.
 * @example fitFromHistogram(counts, grid, { epsilon: 2, unitDays: 7 }).params
 */
export function fitFromHistogram(
  reported: readonly number[],
  g: Grid,
  options: MinimiseOptions & { epsilon?: number; unitDays?: number; start?: BgNbdParams } = {},
): HistogramFit {
  const k = cellCount(g);
  if (reported.length !== k) throw new RangeError(`counts: expected one count per cell (${k}), received ${reported.length}`);
  reported.forEach((c, j) => {
    if (!(c >= 0)) throw new RangeError(`counts[${j}]: expected a count >= 0, received ${c}`);
  });
  const { epsilon } = options;
  const counts = epsilon === undefined ? reported.slice() : debiasCategories(reported, epsilon).projected;
  const unitDays = options.unitDays ?? 1;
  const total = counts.reduce((s, c) => s + c, 0);
  const buyers = total - counts[0]!;
  if (!(buyers > 0)) throw new RangeError('the histogram holds no shopper who has bought');
  const stride = perAge(g);
  const ageOf = (c: number) => Math.floor((c - 1) / stride);
  // Shares of "no purchase" and of each age bucket, from the debiased counts: the nuisance part of the model.
  const shares = [counts[0]! / total];
  for (let a = 0; a <= g.ageDays.length; a++) shares.push(counts.slice(1 + a * stride, 1 + (a + 1) * stride).reduce((s, c) => s + c, 0) / total);
  const keep = epsilon === undefined ? 1 : categoryKeepProbability(k, epsilon);
  const other = (1 - keep) / (k - 1);
  const toParams = (v: number[]): BgNbdParams => ({ r: Math.exp(v[0]!), alpha: Math.exp(v[1]!), a: Math.exp(v[2]!), b: Math.exp(v[3]!) });
  const n = reported.reduce((s, c) => s + c, 0);
  const negLogLik = (v: number[]) => {
    const p = cellProbabilities(toParams(v), g, unitDays);
    let ll = 0;
    if (epsilon === undefined) {
      for (let c = 1; c < k; c++) if (counts[c]! > 0) ll += counts[c]! * Math.log(p[c]!);
      return -ll / buyers;
    }
    for (let c = 0; c < k; c++) {
      const pi = c === 0 ? shares[0]! : shares[1 + ageOf(c)]! * p[c]!;
      if (reported[c]! > 0) ll += reported[c]! * Math.log(other + (keep - other) * pi);
    }
    return -ll / n;
  };
  const weight = epsilon === undefined ? buyers : n;
  const start = options.start ?? { r: 1, alpha: g.ageDays[0]! / unitDays / 4, a: 1, b: 1 };
  const found = minimise(negLogLik, [start.r, start.alpha, start.a, start.b].map(Math.log), { tolerance: 1e-10, ...options });
  const params = toParams(found.x);
  const covariance = invert(hessian((v) => negLogLik(v) * weight, found.x));
  const standardErrors = covariance && covariance.every((row, i) => row[i]! >= 0)
    ? { r: params.r * Math.sqrt(covariance[0]![0]!), alpha: params.alpha * Math.sqrt(covariance[1]![1]!), a: params.a * Math.sqrt(covariance[2]![2]!), b: params.b * Math.sqrt(covariance[3]![3]!) }
    : null;
  const boundary = params.a / (params.a + params.b) < 1e-5 ? 'no-dropout' : found.x.some((v) => Math.abs(v) > 12) ? 'divergent' : null;
  return {
    params, boundary, standardErrors: boundary ? null : standardErrors, logLikelihood: -found.f * weight, customers: buyers,
    evaluations: found.evaluations, converged: found.converged, counts, buyerShare: buyers / total, cells: describeCells(g),
  };
}
