// The certificate every solve must pass: primal feasible, dual feasible, and a duality gap within 1e-6 relative.
import type { CompiledProblem } from './problem.ts';

/** What a solve proves about itself, checked against the problem data and nothing the solver reported. */
export interface Certificate {
  ok: boolean;
  /** Σ n_s·v_so·x_so of the allocation. */
  primalObjective: number;
  /** The dual bound b·(μ, ν, λ) + Σ caps·max(0, reduced cost): an upper bound on every feasible allocation. */
  dualObjective: number;
  /** |dual − primal| / max(1, |primal|, |dual|). */
  relativeGap: number;
  /** Largest constraint violation of the allocation, relative to max(1, |right-hand side|). */
  primalViolation: number;
  /** Largest violation of μ, ν, λ ≥ 0 (and ν = 0 for unlimited offers, λ = 0 without a budget). */
  dualViolation: number;
}

export const TOLERANCE = { gap: 1e-6, primal: 1e-7, dual: 1e-9 } as const;

export interface DualPrices {
  segment: Float64Array;
  inventory: Float64Array;
  budget: number;
}

/**
 * Checks an allocation y (shoppers per pool column) and duals against the problem. The dual objective adds,
 * for every column, its ceiling times its positive reduced cost: that is the dual of x ≤ 1 (w_so) at its best
 * value, so the bound is valid for any non-negative μ, ν, λ (weak duality) and only the gap needs checking.
 * @example const cert = certify(compiled, y, { segment, inventory, budget })
 */
export function certify(cp: CompiledProblem, y: Float64Array, duals: DualPrices): Certificate {
  const S = cp.size.length;
  const O = cp.cost.length;
  const usedSlots = new Float64Array(S);
  const usedUnits = new Float64Array(O);
  let spend = 0;
  let primal = 0;
  let primalViolation = 0;
  const violate = (excess: number, rhs: number) => {
    primalViolation = Math.max(primalViolation, excess / Math.max(1, Math.abs(rhs)));
  };
  let dualBound = 0;
  for (let k = 0; k < y.length; k++) {
    const s = cp.colSegment[k]!;
    const o = cp.colOffer[k]!;
    const yk = y[k]!;
    violate(-yk, cp.colCap[k]!);
    violate(yk - cp.colCap[k]!, cp.colCap[k]!);
    usedSlots[s] = usedSlots[s]! + yk;
    usedUnits[o] = usedUnits[o]! + cp.colUnits[k]! * yk;
    spend += cp.colCost[k]! * yk;
    primal += cp.colValue[k]! * yk;
    const reduced = cp.colValue[k]! - duals.segment[s]! - cp.colUnits[k]! * (duals.inventory[o]! + duals.budget * cp.cost[o]!);
    if (reduced > 0) dualBound += cp.colCap[k]! * reduced;
  }
  let dualViolation = 0;
  for (let s = 0; s < S; s++) {
    const rhs = cp.size[s]! * cp.slots[s]!;
    violate(usedSlots[s]! - rhs, rhs);
    dualViolation = Math.max(dualViolation, -duals.segment[s]!);
    dualBound += rhs * duals.segment[s]!;
  }
  for (let o = 0; o < O; o++) {
    const rhs = cp.inventory[o]!;
    const nu = duals.inventory[o]!;
    dualViolation = Math.max(dualViolation, -nu);
    if (Number.isFinite(rhs)) {
      violate(usedUnits[o]! - rhs, rhs);
      dualBound += rhs * nu;
    } else dualViolation = Math.max(dualViolation, Math.abs(nu));
  }
  dualViolation = Math.max(dualViolation, -duals.budget);
  if (Number.isFinite(cp.budget)) {
    violate(spend - cp.budget, cp.budget);
    dualBound += cp.budget * duals.budget;
  } else dualViolation = Math.max(dualViolation, Math.abs(duals.budget));
  const relativeGap = Math.abs(dualBound - primal) / Math.max(1, Math.abs(primal), Math.abs(dualBound));
  return {
    ok: relativeGap <= TOLERANCE.gap && primalViolation <= TOLERANCE.primal && dualViolation <= TOLERANCE.dual,
    primalObjective: primal,
    dualObjective: dualBound,
    relativeGap,
    primalViolation,
    dualViolation,
  };
}
