// The offer-allocation LP as analysts write it, and its compiled array form that the solver works on.

/** One segment of shoppers: n_s shoppers in the period, m_s offers each at most. */
export interface LpSegment {
  id: string;
  size: number;
  maxOffers: number;
}

/**
 * One offer: c_o the cost of one unit used (a redemption), I_o units (absent or null: unlimited). Showing the
 * offer to a shopper of segment s uses u_so units in expectation (`OfferProblem.units`, default 1).
 */
export interface LpOffer {
  id: string;
  cost: number;
  inventory?: number | null | undefined;
}

/**
 * The LP of DESIGN.md: maximise Σ n_s·v_so·x_so subject to segment slots, Σ_s n_s·u_so·x_so ≤ I_o per offer,
 * Σ n_s·u_so·c_o·x_so ≤ B and 0 ≤ x ≤ 1. `value[s][o]` is v_so, the incremental value of offer o for one shopper
 * of segment s; a missing value means the offer is ineligible for the segment. `units[s][o]` is u_so, the units
 * one shopper given the offer uses in expectation: P(buy | offer) when a unit is a redemption (a coupon is spent
 * only by buyers); absent, 1 (a unit per show). `budget` may be Infinity (no budget row).
 */
export interface OfferProblem {
  segments: readonly LpSegment[];
  offers: readonly LpOffer[];
  value: Readonly<Record<string, Readonly<Record<string, number>>>>;
  units?: Readonly<Record<string, Readonly<Record<string, number>>>> | undefined;
  budget: number;
}

/**
 * Columns are (segment, offer) pairs in y-units: y_so = n_s·x_so shoppers, so every coefficient is 1, u_so or u_so·c_o
 * and the tableau stays well scaled whatever the segment sizes. The duals are the same in either unit.
 */
export interface CompiledProblem {
  problem: OfferProblem;
  /** n_s, m_s per segment. */
  size: Float64Array;
  slots: Float64Array;
  cost: Float64Array;
  /** I_o, Infinity when unlimited. */
  inventory: Float64Array;
  budget: number;
  /** Column pool: every eligible pair that could ever carry flow (see `compile`). */
  colSegment: Int32Array;
  colOffer: Int32Array;
  colValue: Float64Array;
  /** u_so: units one shopper of the column uses, and u_so·c_o, what they spend of the budget. */
  colUnits: Float64Array;
  colCost: Float64Array;
  /** y_k ≤ cap_k = n_s·min(1, m_s): the per-pair ceiling implied by x ≤ 1 and the segment's slots. */
  colCap: Float64Array;
  /** Whether the ceiling needs its own row (m_s > 1 and no inventory row already implies it). */
  colNeedsBound: Uint8Array;
  /** Offers whose inventory row can bind; the others have ν_o = 0. */
  offerRow: Uint8Array;
  /** Whether the budget row can bind; if not, λ = 0. */
  budgetRow: boolean;
  /** Eligible pairs, including those pruned from the pool (for reporting). */
  eligible: number;
}

/**
 * The first number the LP cannot plan with, as `segments[2].size: expected a finite number >= 0, received NaN`,
 * or null. The CLI's zod schema says the same for files; this guards programmatic callers, where a NaN budget
 * would otherwise read as "no budget".
 * @example checkProblem({ segments: [], offers: [], value: {}, budget: Number.NaN }) // 'budget: expected ...'
 */
export function checkProblem(problem: OfferProblem): string | null {
  const bad = (where: string, value: unknown, min: number, infinite = false) =>
    typeof value === 'number' && value >= min && (infinite || Number.isFinite(value))
      ? null
      : `${where}: expected a ${infinite ? '' : 'finite '}number${min > -Infinity ? ` >= ${min}` : ''}, received ${String(value)}`;
  for (const [i, s] of problem.segments.entries()) {
    const issue = bad(`segments[${i}].size`, s.size, 0) ?? bad(`segments[${i}].maxOffers`, s.maxOffers, 0);
    if (issue) return issue;
  }
  for (const [j, o] of problem.offers.entries()) {
    const issue = bad(`offers[${j}].cost`, o.cost, -Infinity) ?? (o.inventory == null ? null : bad(`offers[${j}].inventory`, o.inventory, 0));
    if (issue) return issue;
  }
  for (const [segmentId, row] of Object.entries(problem.units ?? {}))
    for (const [offerId, u] of Object.entries(row)) {
      const issue = bad(`units.${segmentId}.${offerId}`, u, 0);
      if (issue) return issue;
    }
  return bad('budget', problem.budget, -Infinity, true);
}

/**
 * Compiles a problem into columns. A pair with v_so ≤ 0 and u_so·c_o ≥ 0 is pruned: for any non-negative duals its
 * reduced cost v − μ − u·(ν + λc) is ≤ 0, so it never enters an optimal solution and never violates dual feasibility.
 * @example const compiled = compileProblem({ segments, offers, value, budget: 1000 })
 */
export function compileProblem(problem: OfferProblem): CompiledProblem {
  const S = problem.segments.length;
  const O = problem.offers.length;
  const size = new Float64Array(S);
  const slots = new Float64Array(S);
  const cost = new Float64Array(O);
  const inventory = new Float64Array(O);
  const offerIndex = new Map<string, number>();
  problem.segments.forEach((s, i) => {
    size[i] = s.size;
    slots[i] = s.maxOffers;
  });
  problem.offers.forEach((o, j) => {
    cost[j] = o.cost;
    inventory[j] = o.inventory ?? Infinity;
    offerIndex.set(o.id, j);
  });
  const seg: number[] = [];
  const off: number[] = [];
  const val: number[] = [];
  const use: number[] = [];
  let eligible = 0;
  problem.segments.forEach((s, i) => {
    const row = problem.value[s.id];
    if (!row) return;
    const unitsRow = problem.units?.[s.id];
    for (const [offerId, v] of Object.entries(row)) {
      const j = offerIndex.get(offerId);
      if (j === undefined || !Number.isFinite(v)) continue;
      eligible++;
      if (size[i]! <= 0 || slots[i]! <= 0) continue;
      const u = unitsRow?.[offerId] ?? 1;
      if (v <= 0 && cost[j]! * u >= 0) continue;
      seg.push(i);
      off.push(j);
      val.push(v);
      use.push(u);
    }
  });
  const K = seg.length;
  const colCap = new Float64Array(K);
  const colUnits = Float64Array.from(use);
  const colCost = new Float64Array(K);
  const reach = new Float64Array(O);
  let maxSpend = 0;
  let negativeCost = false;
  for (let k = 0; k < K; k++) {
    const s = seg[k]!;
    const o = off[k]!;
    colCap[k] = size[s]! * Math.min(1, slots[s]!);
    colCost[k] = cost[o]! * colUnits[k]!;
    reach[o] = reach[o]! + colCap[k]! * colUnits[k]!;
    if (colCost[k]! > 0) maxSpend += colCost[k]! * colCap[k]!;
    if (colCost[k]! < 0) negativeCost = true;
  }
  // A row that cannot bind even if every column sat at its ceiling is left out: fewer rows, same optimum, dual 0.
  const offerRow = new Uint8Array(O);
  for (let o = 0; o < O; o++) offerRow[o] = Number.isFinite(inventory[o]!) && inventory[o]! < reach[o]! ? 1 : 0;
  const budgetRow = Number.isFinite(problem.budget) && (negativeCost || problem.budget < maxSpend);
  const colNeedsBound = new Uint8Array(K);
  for (let k = 0; k < K; k++) {
    const s = seg[k]!;
    const o = off[k]!;
    // The offer's row caps y_k at I_o / u_k, which implies y_k ≤ n_s when I_o ≤ n_s·u_k.
    const impliedByInventory = offerRow[o] === 1 && colUnits[k]! > 0 && inventory[o]! <= size[s]! * colUnits[k]!;
    colNeedsBound[k] = slots[s]! > 1 && !impliedByInventory ? 1 : 0;
  }
  return {
    problem,
    size,
    slots,
    cost,
    inventory,
    budget: problem.budget,
    colSegment: Int32Array.from(seg),
    colOffer: Int32Array.from(off),
    colValue: Float64Array.from(val),
    colUnits,
    colCost,
    colCap,
    colNeedsBound,
    offerRow,
    budgetRow,
    eligible,
  };
}
