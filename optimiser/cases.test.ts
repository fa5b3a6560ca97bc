// The shared LP cases (optimiser/cases/*.json): known optima, duals and prices, solved and certified.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OfferProblem } from './problem.ts';
import { solveOfferProblem, type LpStatus } from './solve.ts';

/** The shape of one case file; `expected` names only what the case pins down (degenerate duals are not unique). */
export interface LpCase {
  version: 1;
  name: string;
  why: string;
  problem: OfferProblem;
  expected: {
    status: LpStatus;
    objective?: number;
    allocation?: Record<string, Record<string, number>>;
    duals?: { budget?: number; segment?: Record<string, number>; inventory?: Record<string, number> };
    prices?: Record<string, number>;
    minimumSpend?: number;
  };
}

const dir = new URL('./cases/', import.meta.url);
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((file) => [file, JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as LpCase] as const);

const close = (actual: number | undefined, expected: number, what: string) =>
  expect(actual, what).toBeCloseTo(expected, 6);

describe('LP cases', () => {
  it('finds the case files', () => expect(cases.length).toBeGreaterThanOrEqual(10));

  // Each case is solved whole and again through column generation from a nearly empty master.
  it.each(cases.flatMap(([file, c]) => [[file, c, 'direct'], [file, c, 'column generation']] as const))(
    '%s (%s)',
    (_file, c, mode) => {
      const solution = solveOfferProblem(c.problem, mode === 'direct' ? {} : { directColumns: 0 });
      const { expected } = c;
      expect(solution.status, solution.reason).toBe(expected.status);
      if (expected.objective !== undefined) close(solution.objective ?? NaN, expected.objective, 'objective');
      if (expected.status === 'optimal') {
        expect(solution.certificate?.ok).toBe(true);
        expect(solution.certificate!.relativeGap).toBeLessThanOrEqual(1e-6);
      }
      for (const [s, row] of Object.entries(expected.allocation ?? {})) {
        const actual = solution.allocation[s] ?? {};
        expect(Object.keys(actual).sort(), `offers given to ${s}`).toEqual(Object.keys(row).sort());
        for (const [o, x] of Object.entries(row)) close(actual[o], x, `x[${s}][${o}]`);
      }
      const duals = expected.duals;
      if (duals?.budget !== undefined) close(solution.duals?.budget, duals.budget, 'lambda');
      for (const [s, mu] of Object.entries(duals?.segment ?? {})) close(solution.duals?.segment[s], mu, `mu[${s}]`);
      for (const [o, nu] of Object.entries(duals?.inventory ?? {})) close(solution.duals?.inventory[o], nu, `nu[${o}]`);
      for (const [o, p] of Object.entries(expected.prices ?? {})) close(solution.prices?.[o], p, `price[${o}]`);
      if (expected.minimumSpend !== undefined) close(solution.infeasibility?.minimumSpend, expected.minimumSpend, 'minimum spend');
    },
  );
});
