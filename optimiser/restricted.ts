// The restricted master LPs on a subset of columns, primal and dual, each solved with yalps' dense simplex.
import { solve, type Constraint, type Model } from 'yalps';
import type { CompiledProblem } from './problem.ts';

export interface RestrictedPrimal {
  status: 'optimal' | 'infeasible' | 'unbounded' | 'failed';
  /** Shoppers per column of the subset, in subset order. */
  y: Float64Array;
}

export interface RestrictedDual {
  status: 'optimal' | 'infeasible' | 'unbounded' | 'failed';
  segment: Float64Array;
  inventory: Float64Array;
  budget: number;
}

/** Which optional rows the master carries: x ≤ 1 per column, inventory per offer (both added lazily). */
export interface MasterRows {
  bounded: Uint8Array;
  offers: Uint8Array;
}

/** Pivots allowed: yalps' default (8,192) is far too few for a few thousand columns. */
function pivotLimit(rows: number, cols: number): number {
  return Math.max(8192, 20 * (rows + cols));
}

const mapStatus = (status: string): RestrictedPrimal['status'] =>
  status === 'optimal' || status === 'infeasible' || status === 'unbounded' ? status : 'failed';

/**
 * max Σ v_k·y_k over the subset under segment, inventory and budget rows (inventory rows only for the offers
 * marked in `rows.offers`), and y_k ≤ cap_k rows only for the columns marked in `rows.bounded`: every row
 * costs a full tableau row in yalps.
 * @example const { y } = solveRestrictedPrimal(compiled, Int32Array.of(0, 1, 2))
 */
export function solveRestrictedPrimal(cp: CompiledProblem, subset: Int32Array, rows?: MasterRows): RestrictedPrimal {
  const values = cp.colValue;
  const { bounded, offers } = rows ?? { bounded: cp.colNeedsBound, offers: cp.offerRow };
  const constraints = new Map<string, Constraint>();
  const variables: [string, [string, number][]][] = [];
  for (let i = 0; i < subset.length; i++) {
    const k = subset[i]!;
    const s = cp.colSegment[k]!;
    const o = cp.colOffer[k]!;
    const coefs: [string, number][] = [['v', values[k]!], [`s${s}`, 1]];
    if (!constraints.has(`s${s}`)) constraints.set(`s${s}`, { max: cp.size[s]! * cp.slots[s]! });
    if (offers[o]) {
      coefs.push([`o${o}`, cp.colUnits[k]!]);
      if (!constraints.has(`o${o}`)) constraints.set(`o${o}`, { max: cp.inventory[o]! });
    }
    if (cp.budgetRow && cp.colCost[k] !== 0) coefs.push(['b', cp.colCost[k]!]);
    if (bounded[k]) {
      coefs.push([`u${k}`, 1]);
      constraints.set(`u${k}`, { max: cp.colCap[k]! });
    }
    variables.push([`${i}`, coefs]);
  }
  if (cp.budgetRow) constraints.set('b', { max: cp.budget });
  const model: Model = { direction: 'maximize', objective: 'v', constraints, variables };
  const solution = solve(model, { precision: 1e-9, maxPivots: pivotLimit(constraints.size, variables.length) });
  const y = new Float64Array(subset.length);
  if (solution.status === 'optimal') for (const [name, value] of solution.variables) y[Number(name)] = value;
  return { status: mapStatus(solution.status), y };
}

/**
 * The dual of the restricted primal: min Σ n_s·m_s·μ_s + Σ I_o·ν_o + B·λ + Σ cap_k·w_k subject to
 * μ_s + u_k·ν_o + u_k·c_o·λ + w_k ≥ v_k for every column of the subset (ν_o and w_k only for the rows the primal carries).
 * @example const { segment, inventory, budget } = solveRestrictedDual(compiled, subset)
 */
export function solveRestrictedDual(cp: CompiledProblem, subset: Int32Array, rows?: MasterRows): RestrictedDual {
  const values = cp.colValue;
  const { bounded, offers } = rows ?? { bounded: cp.colNeedsBound, offers: cp.offerRow };
  const S = cp.size.length;
  const O = cp.cost.length;
  const constraints = new Map<string, Constraint>();
  const segmentCoefs = new Map<number, [string, number][]>();
  const offerCoefs = new Map<number, [string, number][]>();
  const budgetCoefs: [string, number][] = [['d', cp.budget]];
  const variables: [string, [string, number][]][] = [];
  for (let i = 0; i < subset.length; i++) {
    const k = subset[i]!;
    const s = cp.colSegment[k]!;
    const o = cp.colOffer[k]!;
    const row = `${i}`;
    constraints.set(row, { min: values[k]! });
    let sc = segmentCoefs.get(s);
    if (!sc) segmentCoefs.set(s, (sc = [['d', cp.size[s]! * cp.slots[s]!]]));
    sc.push([row, 1]);
    if (offers[o]) {
      let oc = offerCoefs.get(o);
      if (!oc) offerCoefs.set(o, (oc = [['d', cp.inventory[o]!]]));
      oc.push([row, cp.colUnits[k]!]);
    }
    if (cp.budgetRow && cp.colCost[k] !== 0) budgetCoefs.push([row, cp.colCost[k]!]);
    if (bounded[k]) variables.push([`w${i}`, [['d', cp.colCap[k]!], [row, 1]]]);
  }
  for (const [s, coefs] of segmentCoefs) variables.push([`m${s}`, coefs]);
  for (const [o, coefs] of offerCoefs) variables.push([`n${o}`, coefs]);
  if (cp.budgetRow) variables.push(['l', budgetCoefs]);
  const model: Model = { direction: 'minimize', objective: 'd', constraints, variables };
  const solution = solve(model, { precision: 1e-9, maxPivots: pivotLimit(constraints.size, variables.length) });
  const segment = new Float64Array(S);
  const inventory = new Float64Array(O);
  let budget = 0;
  if (solution.status === 'optimal')
    for (const [name, value] of solution.variables) {
      if (name[0] === 'm') segment[Number(name.slice(1))] = value;
      else if (name[0] === 'n') inventory[Number(name.slice(1))] = value;
      else if (name === 'l') budget = value;
    }
  return { status: mapStatus(solution.status), segment, inventory, budget };
}
