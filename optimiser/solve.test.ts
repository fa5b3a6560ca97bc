// Random problems: column generation agrees with the whole master, strong duality holds on the public output,
// and the certificate rejects allocations or duals that are wrong.
import { describe, expect, it } from 'vitest';
import { solve } from 'yalps';
import { certify } from './certify.ts';
import { compileProblem, type OfferProblem } from './problem.ts';
import { randomProblem, seededRandom } from './random.ts';
import { solveOfferProblem, type OfferSolution } from './solve.ts';

/** The dual bound recomputed from the published duals alone, with DESIGN.md's units. */
function dualBoundFromOutput(problem: OfferProblem, solution: OfferSolution): number {
  const duals = solution.duals!;
  let bound = Number.isFinite(problem.budget) ? problem.budget * duals.budget : 0;
  for (const o of problem.offers) if (o.inventory != null) bound += o.inventory * duals.inventory[o.id]!;
  for (const s of problem.segments) {
    const mu = duals.segment[s.id]!;
    bound += s.size * s.maxOffers * mu;
    for (const o of problem.offers) {
      const v = problem.value[s.id]?.[o.id];
      if (v === undefined) continue;
      const u = problem.units?.[s.id]?.[o.id] ?? 1;
      const reduced = v - mu - u * (duals.inventory[o.id]! + duals.budget * o.cost);
      if (reduced > 0) bound += s.size * Math.min(1, s.maxOffers) * reduced;
    }
  }
  return bound;
}

/** Largest constraint violation of the published allocation, in shoppers or currency. */
function violation(problem: OfferProblem, solution: OfferSolution): number {
  let worst = 0;
  let spend = 0;
  const units = new Map<string, number>();
  const cost = new Map(problem.offers.map((o) => [o.id, o.cost]));
  for (const s of problem.segments) {
    const row = solution.allocation[s.id] ?? {};
    let slots = 0;
    for (const [o, x] of Object.entries(row)) {
      expect(problem.value[s.id]?.[o], `${s.id}/${o} is eligible`).toBeDefined();
      worst = Math.max(worst, -x, x - 1);
      slots += x;
      const u = problem.units?.[s.id]?.[o] ?? 1;
      units.set(o, (units.get(o) ?? 0) + s.size * x * u);
      spend += s.size * x * u * cost.get(o)!;
    }
    worst = Math.max(worst, slots - s.maxOffers);
  }
  for (const o of problem.offers) if (o.inventory != null) worst = Math.max(worst, (units.get(o.id) ?? 0) - o.inventory);
  return Math.max(worst, spend - problem.budget);
}

/** DESIGN.md's LP typed in literally (x in [0, 1], every bound a row, nothing pruned) for yalps: the reference. */
function literalObjective(p: OfferProblem): { status: string; result: number } {
  const constraints: Record<string, { max: number }> = { budget: { max: p.budget } };
  const variables: Record<string, Record<string, number>> = {};
  for (const s of p.segments) {
    constraints[`s:${s.id}`] = { max: s.size * s.maxOffers };
    for (const o of p.offers) {
      const v = p.value[s.id]?.[o.id];
      if (v === undefined) continue;
      const x = `${s.id}|${o.id}`;
      constraints[`x:${x}`] = { max: 1 };
      const u = p.units?.[s.id]?.[o.id] ?? 1;
      variables[x] = { objective: s.size * v, [`s:${s.id}`]: s.size, [`o:${o.id}`]: s.size * u, budget: s.size * u * o.cost, [`x:${x}`]: 1 };
    }
  }
  for (const o of p.offers) if (o.inventory != null) constraints[`o:${o.id}`] = { max: o.inventory };
  return solve({ direction: 'maximize', objective: 'objective', constraints, variables });
}

/** Small problems full of ties, zeros, empty segments, earning offers and negative budgets. */
function degenerateProblem(seed: number): OfferProblem {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const segments = Array.from({ length: 1 + Math.floor(r() * 6) }, (_, i) => ({ id: `s${i}`, size: pick([0, 10, 100, 100]), maxOffers: pick([0, 1, 2, 3]) }));
  const offers = Array.from({ length: 1 + Math.floor(r() * 8) }, (_, j) => ({ id: `o${j}`, cost: pick([0, 1, 1, 2, 2, 1, 0, 1, -1]), inventory: r() < 0.5 ? pick([0, 50, 100]) : null }));
  const value: Record<string, Record<string, number>> = {};
  // Half the problems count units per redemption: a share of the shoppers shown, 0 included.
  const redemptions = r() < 0.5;
  const units: Record<string, Record<string, number>> = {};
  for (const s of segments) {
    value[s.id] = {};
    units[s.id] = {};
    for (const o of offers)
      if (r() < 0.7) {
        value[s.id]![o.id] = Math.floor(r() * 7) - 2;
        if (redemptions) units[s.id]![o.id] = pick([0, 0.1, 0.25, 0.5, 1]);
      }
  }
  return { segments, offers, value, ...(redemptions ? { units } : {}), budget: pick([0, 100, 200, 1000, -10]) };
}

describe('against the literal LP', () => {
  it.each(Array.from({ length: 200 }, (_, i) => i + 1))('degenerate problem %i: same status and optimum', (seed) => {
    const problem = degenerateProblem(seed);
    const reference = literalObjective(problem);
    for (const options of [{}, { directColumns: 0, initialPerSegment: 1 }]) {
      const solution = solveOfferProblem(problem, options);
      expect(solution.status, solution.reason).toBe(reference.status === 'optimal' ? 'optimal' : 'infeasible');
      if (reference.status === 'optimal') {
        expect(Math.abs(solution.objective! - reference.result)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(reference.result)));
        expect(solution.certificate!.ok).toBe(true);
      } else expect(solution.infeasibility!.minimumSpend).toBeGreaterThan(problem.budget);
    }
  });
});

const shapes = [
  { segments: 6, offers: 12, density: 0.7, maxSlots: 1 },
  { segments: 10, offers: 30, density: 0.5, maxSlots: 3 },
  { segments: 25, offers: 60, density: 0.4, maxSlots: 2, limitedShare: 0.6 },
  { segments: 40, offers: 80, density: 0.3, maxSlots: 1, budgetShare: 0.02 },
  { segments: 40, offers: 80, density: 0.3, maxSlots: 2, budgetShare: 5 },
  { segments: 10, offers: 30, density: 0.5, maxSlots: 1, redemptions: true },
  { segments: 25, offers: 60, density: 0.4, maxSlots: 2, limitedShare: 0.6, redemptions: true },
];

describe('solveOfferProblem on random problems', () => {
  it.each(shapes.flatMap((shape) => [1, 2, 3].map((seed) => ({ ...shape, seed }))))(
    'certified, and column generation from one column per segment agrees: %o',
    (shape) => {
      const problem = randomProblem(shape);
      const direct = solveOfferProblem(problem, { directColumns: Infinity });
      const generated = solveOfferProblem(problem, { directColumns: 0, initialPerSegment: 1 });
      expect(direct.status, direct.reason).toBe('optimal');
      expect(generated.status, generated.reason).toBe('optimal');
      expect(direct.stats.rounds).toBe(1);
      expect(generated.objective!).toBeCloseTo(direct.objective!, 4);
      for (const solution of [direct, generated]) {
        const objective = solution.objective!;
        const bound = dualBoundFromOutput(problem, solution);
        expect(Math.abs(bound - objective) / Math.max(1, Math.abs(objective))).toBeLessThanOrEqual(1e-6);
        expect(violation(problem, solution)).toBeLessThanOrEqual(1e-6 * Math.max(1, problem.budget));
        for (const offer of problem.offers)
          expect(solution.prices![offer.id]).toBeCloseTo(solution.duals!.budget * offer.cost + solution.duals!.inventory[offer.id]!, 9);
      }
    },
  );

  it('needs several rounds when the first master is small, and prices out nothing at the end', () => {
    const problem = randomProblem({ segments: 30, offers: 200, density: 0.8, seed: 7 });
    const generated = solveOfferProblem(problem, { directColumns: 0, initialPerSegment: 1 });
    expect(generated.status).toBe('optimal');
    expect(generated.stats.rounds).toBeGreaterThan(1);
    expect(generated.stats.master).toBeLessThan(generated.stats.pool);
  });

  it('reports failed-certificate, not a wrong answer, when the master may not grow', () => {
    const problem = randomProblem({ segments: 30, offers: 200, density: 0.8, seed: 7 });
    const solution = solveOfferProblem(problem, { directColumns: 0, initialPerSegment: 1, maxRounds: 1 });
    expect(solution.status).toBe('failed-certificate');
    expect(solution.prices).toBeNull();
    expect(solution.reason).toMatch(/did not converge/);
  });

  it('reports failed-certificate when the master exceeds the memory limit', () => {
    const problem = randomProblem({ segments: 20, offers: 100, seed: 2 });
    const solution = solveOfferProblem(problem, { maxTableauCells: 1000 });
    expect(solution.status).toBe('failed-certificate');
    expect(solution.reason).toMatch(/exceeds the tableau limit/);
  });
});

describe('checkProblem', () => {
  const ok: OfferProblem = { segments: [{ id: 's', size: 1, maxOffers: 1 }], offers: [{ id: 'o', cost: 1, inventory: 2 }], value: {}, budget: Infinity };
  it.each([
    [{ ...ok, budget: Number.NaN }, 'budget: expected a number, received NaN'],
    [{ ...ok, segments: [{ id: 's', size: -1, maxOffers: 1 }] }, 'segments[0].size: expected a finite number >= 0, received -1'],
    [{ ...ok, offers: [{ id: 'o', cost: Number.POSITIVE_INFINITY }] }, 'offers[0].cost: expected a finite number, received Infinity'],
    [{ ...ok, offers: [{ id: 'o', cost: 1, inventory: Number.NaN }] }, 'offers[0].inventory: expected a finite number >= 0, received NaN'],
  ])('refuses %#, naming the field', (problem, reason) => {
    const solution = solveOfferProblem(problem);
    expect(solution.status).toBe('failed-certificate');
    expect(solution.reason).toBe(reason);
  });

  it('accepts an infinite budget (no budget row)', () => expect(solveOfferProblem(ok).status).toBe('optimal'));
});

describe('certify', () => {
  const problem = randomProblem({ segments: 8, offers: 20, density: 0.8, maxSlots: 2, seed: 11 });
  const cp = compileProblem(problem);
  const solution = solveOfferProblem(problem);
  const S = problem.segments.length;
  const y = new Float64Array(cp.colValue.length);
  for (let k = 0; k < y.length; k++) {
    const segment = problem.segments[cp.colSegment[k]!]!;
    y[k] = (solution.allocation[segment.id]?.[problem.offers[cp.colOffer[k]!]!.id] ?? 0) * segment.size;
  }
  const duals = {
    segment: Float64Array.from(problem.segments, (s) => solution.duals!.segment[s.id]!),
    inventory: Float64Array.from(problem.offers, (o) => solution.duals!.inventory[o.id]!),
    budget: solution.duals!.budget,
  };

  it('accepts the optimum', () => expect(certify(cp, y, duals).ok).toBe(true));

  it('rejects an allocation that overspends', () => {
    const over = y.map((v, k) => Math.min(cp.colCap[k]!, v * 1.5 + 1));
    const cert = certify(cp, over, duals);
    expect(cert.ok).toBe(false);
    expect(cert.primalViolation).toBeGreaterThan(1e-7);
  });

  it('rejects a feasible but suboptimal allocation by its gap', () => {
    const cert = certify(cp, y.map((v) => v * 0.9), duals);
    expect(cert.primalViolation).toBe(0);
    expect(cert.relativeGap).toBeGreaterThan(1e-6);
    expect(cert.ok).toBe(false);
  });

  it('rejects negative or shifted duals', () => {
    expect(certify(cp, y, { ...duals, budget: -0.1 }).ok).toBe(false);
    expect(certify(cp, y, { ...duals, segment: duals.segment.map((m) => m + 0.5) }).ok).toBe(false);
    expect(S).toBeGreaterThan(0);
  });
});
