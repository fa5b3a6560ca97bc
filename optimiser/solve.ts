// Solves the offer LP exactly: yalps on a restricted master, duals from the restricted dual, column generation
// over the full pool until no pair prices out, then a certificate computed from the problem data alone.
import { certify, TOLERANCE, type Certificate, type DualPrices } from './certify.ts';
import { checkProblem, compileProblem, type CompiledProblem, type OfferProblem } from './problem.ts';
import { solveRestrictedDual, solveRestrictedPrimal, type MasterRows } from './restricted.ts';

export type LpStatus = 'optimal' | 'infeasible' | 'unbounded' | 'failed-certificate';

/** Duals in the units of DESIGN.md: λ per currency unit, ν_o per inventory unit, μ_s per shopper-slot. */
export interface OfferDuals {
  budget: number;
  inventory: Record<string, number>;
  segment: Record<string, number>;
}

export interface OfferSolution {
  status: LpStatus;
  /** Σ n_s·v_so·x_so at the optimum; null unless optimal. */
  objective: number | null;
  /** segment id -> offer id -> x_so (share of the segment given the offer); zero shares left out. */
  allocation: Record<string, Record<string, number>>;
  duals: OfferDuals | null;
  /** p_o = λ·c_o + ν_o for every offer, per unit used (a shopper expected to use u units costs u·p_o); null unless optimal. */
  prices: Record<string, number> | null;
  /** For optimal: the optimality certificate. For infeasible: the certified minimum spend's certificate. */
  certificate: Certificate | null;
  /** For infeasible: the least spend any allocation needs, certified, against the budget. */
  infeasibility?: { minimumSpend: number; budget: number };
  /** Why the solve is not optimal. */
  reason?: string;
  /** Eligible pairs, columns that could carry flow, columns in the last master, rounds, and the largest
   * yalps tableau built (cells of 8 bytes; the primal's and the dual's are about the same size). */
  stats: { eligible: number; pool: number; master: number; rounds: number; tableauCells: number };
}

export interface SolveOptions {
  /** Largest restricted master, in tableau cells (doubles) of the larger of primal and dual. Default 6e6 (48 MB). */
  maxTableauCells?: number;
  /** Pool sizes up to this go to the master whole, with no column generation. Default 2,000. */
  directColumns?: number;
  maxRounds?: number;
  /** Columns per segment in the first master, by value and by value per cost. Default 3 + 2·m_s. */
  initialPerSegment?: number;
}

interface Master {
  status: 'optimal' | 'infeasible' | 'failed';
  y: Float64Array;
  duals: DualPrices;
  rounds: number;
  master: number;
  tableauCells: number;
  reason?: string;
}

/** Columns of the first master: per segment the best by value and the best by value per unit of cost. */
function initialSubset(cp: CompiledProblem, direct: number, perSegment: number | undefined): number[] {
  const K = cp.colValue.length;
  if (K <= direct) return Array.from({ length: K }, (_, k) => k);
  const chosen = new Uint8Array(K);
  const bySegment = new Map<number, number[]>();
  for (let k = 0; k < K; k++) {
    if (cp.colCost[k]! < 0) chosen[k] = 1; // feasibility can depend on them: keep them all
    let list = bySegment.get(cp.colSegment[k]!);
    if (!list) bySegment.set(cp.colSegment[k]!, (list = []));
    list.push(k);
  }
  for (const [s, list] of bySegment) {
    const t = perSegment ?? 3 + 2 * Math.ceil(cp.slots[s]!);
    const byValue = [...list].sort((a, b) => cp.colValue[b]! - cp.colValue[a]!);
    const ratio = (k: number) => cp.colValue[k]! / Math.max(cp.colCost[k]!, 1e-9);
    const byRatio = [...list].sort((a, b) => ratio(b) - ratio(a));
    for (const k of byValue.slice(0, t)) chosen[k] = 1;
    for (const k of byRatio.slice(0, t)) chosen[k] = 1;
  }
  const out: number[] = [];
  for (let k = 0; k < K; k++) if (chosen[k]) out.push(k);
  return out;
}

function masterCells(cp: CompiledProblem, subset: readonly number[], rows: MasterRows): number {
  let count = cp.size.length + 1;
  for (const k of subset) count += rows.bounded[k]!;
  for (const r of rows.offers) count += r;
  return (subset.length + 1) * (count + 1);
}

/**
 * The restricted primal with inventory rows and x ≤ 1 rows added lazily (row generation): most offers never
 * run out and most pairs never reach their ceiling, so a row joins only once a solve violates it. Once the
 * relaxation's optimum satisfies every row it is optimal for the full master, and its dual, with ν = 0 and
 * w = 0 on the rows left out, is a dual optimum of the full master too.
 */
function solvePrimalWithRows(cp: CompiledProblem, ids: Int32Array, rows: MasterRows) {
  const units = new Float64Array(cp.cost.length);
  for (;;) {
    const primal = solveRestrictedPrimal(cp, ids, rows);
    if (primal.status !== 'optimal') return primal;
    let added = 0;
    units.fill(0);
    ids.forEach((k, i) => {
      units[cp.colOffer[k]!]! += cp.colUnits[k]! * primal.y[i]!;
      if (!rows.bounded[k] && cp.colNeedsBound[k] && primal.y[i]! > cp.colCap[k]! * (1 + 1e-9)) {
        rows.bounded[k] = 1;
        added++;
      }
    });
    units.forEach((used, o) => {
      if (!rows.offers[o] && cp.offerRow[o] && used > cp.inventory[o]! * (1 + 1e-9) + 1e-9) {
        rows.offers[o] = 1;
        added++;
      }
    });
    if (added === 0) return primal;
  }
}

/** Column generation: the master grows by the pairs whose reduced cost under the master's duals is positive. */
function solveMaster(cp: CompiledProblem, options: SolveOptions): Master {
  const K = cp.colValue.length;
  const maxCells = options.maxTableauCells ?? 6e6;
  const subset = initialSubset(cp, options.directColumns ?? 2000, options.initialPerSegment);
  const inSubset = new Uint8Array(K);
  const rows: MasterRows = { bounded: new Uint8Array(K), offers: new Uint8Array(cp.cost.length) };
  for (const k of subset) inSubset[k] = 1;
  const empty = (): DualPrices => ({ segment: new Float64Array(cp.size.length), inventory: new Float64Array(cp.cost.length), budget: 0 });
  const maxRounds = options.maxRounds ?? 200;
  let tableauCells = 0;
  // yalps rounds the duals it reports to 1e-9, so a tied pair can price out by ~1e-9·(1 + |c|) of noise; a
  // pair below this threshold left out costs at most its ceiling times it, which the certificate still checks.
  let largest = 1;
  for (const v of cp.colValue) largest = Math.max(largest, Math.abs(v));
  for (const c of cp.colCost) largest = Math.max(largest, Math.abs(c));
  const threshold = 1e-7 * largest;
  for (let round = 1; round <= maxRounds; round++) {
    if (masterCells(cp, subset, rows) > maxCells)
      return { status: 'failed', y: new Float64Array(K), duals: empty(), rounds: round, master: subset.length, tableauCells, reason: `restricted master of ${subset.length} columns exceeds the tableau limit of ${maxCells} cells` };
    const ids = Int32Array.from(subset);
    const primal = solvePrimalWithRows(cp, ids, rows);
    if (primal.status === 'infeasible') return { status: 'infeasible', y: new Float64Array(K), duals: empty(), rounds: round, master: subset.length, tableauCells };
    if (primal.status !== 'optimal')
      return { status: 'failed', y: new Float64Array(K), duals: empty(), rounds: round, master: subset.length, tableauCells, reason: `primal simplex: ${primal.status}` };
    tableauCells = Math.max(tableauCells, masterCells(cp, subset, rows));
    const dual = solveRestrictedDual(cp, ids, rows);
    if (dual.status !== 'optimal')
      return { status: 'failed', y: new Float64Array(K), duals: empty(), rounds: round, master: subset.length, tableauCells, reason: `dual simplex: ${dual.status}` };
    // Price the pool: per segment, the pairs with the largest positive reduced cost join the master.
    const entering = new Map<number, [number, number][]>();
    for (let k = 0; k < K; k++) {
      if (inSubset[k]) continue;
      const s = cp.colSegment[k]!;
      const o = cp.colOffer[k]!;
      const reduced = cp.colValue[k]! - dual.segment[s]! - cp.colUnits[k]! * (dual.inventory[o]! + dual.budget * cp.cost[o]!);
      if (reduced <= threshold) continue;
      let list = entering.get(s);
      if (!list) entering.set(s, (list = []));
      list.push([reduced, k]);
    }
    if (entering.size === 0) {
      const y = new Float64Array(K);
      ids.forEach((k, i) => (y[k] = primal.y[i]!));
      return { status: 'optimal', y, duals: dual, rounds: round, master: subset.length, tableauCells };
    }
    for (const [s, list] of entering) {
      list.sort((a, b) => b[0] - a[0]);
      for (const [, k] of list.slice(0, 2 + 2 * Math.ceil(cp.slots[s]!))) {
        inSubset[k] = 1;
        subset.push(k);
      }
    }
  }
  return { status: 'failed', y: new Float64Array(K), duals: empty(), rounds: maxRounds, master: subset.length, tableauCells, reason: `column generation did not converge in ${maxRounds} rounds` };
}

/** Proves infeasibility: the least spend the other constraints allow, certified by its own dual, exceeds B. */
function minimumSpend(cp: CompiledProblem, options: SolveOptions): { master: Master; certificate: Certificate; bound: number } {
  const spendProblem: CompiledProblem = {
    ...cp,
    budget: Infinity,
    budgetRow: false,
    colValue: Float64Array.from(cp.colCost, (c) => -c),
  };
  const master = solveMaster(spendProblem, options);
  const certificate = certify(spendProblem, master.y, master.duals);
  return { master, certificate, bound: -certificate.dualObjective };
}

/**
 * Solves the offer LP of DESIGN.md and certifies the result. Never throws on numbers: a solve that cannot be
 * certified comes back as `failed-certificate` with a reason, and the caller keeps its previous prices.
 * @example
 * const solution = solveOfferProblem({
 *   segments: [{ id: 'vip', size: 100, maxOffers: 1 }],
 *   offers: [{ id: 'ten-off', cost: 5, inventory: 50 }],
 *   value: { vip: { 'ten-off': 8 } },
 *   budget: 200,
 * });
 * // status 'optimal', objective 320 (40 shoppers at 8), duals.budget 1.6 per currency unit, prices['ten-off'] 8
 */
export function solveOfferProblem(problem: OfferProblem, options: SolveOptions = {}): OfferSolution {
  const invalid = checkProblem(problem);
  if (invalid)
    return { status: 'failed-certificate', objective: null, allocation: {}, duals: null, prices: null, certificate: null, reason: invalid, stats: { eligible: 0, pool: 0, master: 0, rounds: 0, tableauCells: 0 } };
  const cp = compileProblem(problem);
  const master = solveMaster(cp, options);
  const stats = { eligible: cp.eligible, pool: cp.colValue.length, master: master.master, rounds: master.rounds, tableauCells: master.tableauCells };
  const base = { allocation: {}, duals: null, prices: null, stats };
  if (master.status === 'infeasible') {
    const spend = minimumSpend(cp, options);
    const proven = spend.certificate.ok && spend.bound > problem.budget + TOLERANCE.primal * Math.max(1, Math.abs(problem.budget));
    if (proven)
      return { ...base, status: 'infeasible', objective: null, certificate: spend.certificate, infeasibility: { minimumSpend: spend.bound, budget: problem.budget }, reason: `the least possible spend ${spend.bound} exceeds the budget ${problem.budget}` };
    return { ...base, status: 'failed-certificate', objective: null, certificate: spend.certificate, reason: 'the simplex reported infeasible but no certificate of infeasibility was found' };
  }
  if (master.status === 'failed') return { ...base, status: 'failed-certificate', objective: null, certificate: null, reason: master.reason ?? 'solver failed' };
  const certificate = certify(cp, master.y, master.duals);
  if (!certificate.ok)
    return { ...base, status: 'failed-certificate', objective: null, certificate, reason: `certificate failed: gap ${certificate.relativeGap}, primal violation ${certificate.primalViolation}, dual violation ${certificate.dualViolation}` };
  return { status: 'optimal', objective: certificate.primalObjective, certificate, stats, ...present(cp, master) };
}

/** The solution in ids and DESIGN.md units: shares x = y / n_s, duals per constraint, prices per offer. */
function present(cp: CompiledProblem, master: Master): Pick<OfferSolution, 'allocation' | 'duals' | 'prices'> {
  const { segments, offers } = cp.problem;
  const allocation: Record<string, Record<string, number>> = {};
  for (const segment of segments) allocation[segment.id] = {};
  master.y.forEach((y, k) => {
    const s = cp.colSegment[k]!;
    if (y <= 0) return;
    // The simplex leaves round-off of ~1e-12 on shares at their ceiling; a share above 1 would read as a bug.
    allocation[segments[s]!.id]![offers[cp.colOffer[k]!]!.id] = Math.min(1, y / cp.size[s]!);
  });
  const duals: OfferDuals = { budget: master.duals.budget, inventory: {}, segment: {} };
  const prices: Record<string, number> = {};
  offers.forEach((offer, o) => {
    duals.inventory[offer.id] = master.duals.inventory[o]!;
    prices[offer.id] = master.duals.budget * offer.cost + master.duals.inventory[o]!;
  });
  segments.forEach((segment, s) => (duals.segment[segment.id] = master.duals.segment[s]!));
  return { allocation, duals, prices };
}
