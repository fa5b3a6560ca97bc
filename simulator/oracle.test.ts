// The oracle's dual: its prices make the greedy choice keep the budget, and no price is charged when nothing binds.
import { describe, expect, it } from 'vitest';
import { oracleDuals } from './oracle.ts';

describe('oracleDuals', () => {
  // Two shoppers, two offers; values, expected costs and units per (shopper, offer).
  const n = Float64Array.from([10, 10]);
  const value = Float64Array.from([5, 3, 4, 1]);
  const cost = Float64Array.from([4, 1, 4, 1]);
  const units = Float64Array.from([0.5, 0.5, 0.5, 0.5]);
  const eligible = Uint8Array.from([1, 1, 1, 1]);

  it('prices nothing when the budget is loose', () => {
    const { lambda, nu } = oracleDuals(n, value, cost, units, eligible, 2, 1000, [null, null]);
    expect(lambda).toBe(0);
    expect([...nu]).toEqual([0, 0]);
  });

  it('raises λ until the best offers fit the budget, moving a shopper to the cheaper offer', () => {
    // At λ = 0 both pick offer 0: spend 80. With budget 50 the exact LP dual is λ = 2/3 (shopper 0 switches to offer 1 at
    // 5 − 4λ = 3 − λ); greedy at λ just above it spends 10·1 + 10·4 = 50.
    const { lambda } = oracleDuals(n, value, cost, units, eligible, 2, 50, [null, null]);
    expect(lambda).toBeCloseTo(2 / 3, 4);
  });

  it('prices an offer whose units bind', () => {
    const { nu } = oracleDuals(n, value, cost, units, eligible, 2, 1000, [4, null]);
    expect(nu[0]).toBeGreaterThan(0);
    expect(nu[1]).toBe(0);
  });
});
