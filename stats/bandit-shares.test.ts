import { describe, expect, it } from 'vitest';
import { banditAllocation } from './bandit-shares.ts';
import { mulberry32 } from './prng.ts';
import { normalCdf } from './special.ts';

describe('banditAllocation', () => {
  const weights = { personalised: 82, control: 8, explore: 10 };
  const arms = Object.keys(weights);

  it('keeps the configured weights, normalised, until the posteriors show the Thompson shares earn more', () => {
    // Control may well be best (its sd is three times the personalised arm's), so Thompson would move traffic to it;
    // but its mean is lower, so the move is not shown to pay.
    const posteriors = { personalised: { mean: 8.2, sd: 0.7 }, control: { mean: 7.8, sd: 2 }, explore: { mean: 7.9, sd: 2.1 } };
    const kept = banditAllocation(arms, posteriors, weights, mulberry32(1));
    expect(kept.moved).toBe(false);
    expect(kept.shares).toEqual({ personalised: 0.82, control: 0.08, explore: 0.1 });
    expect(kept.probabilityBetter).toBeLessThan(0.95);
    // The same posteriors with no gate: the Thompson shares, which take traffic from the personalised arm.
    const ungated = banditAllocation(arms, posteriors, weights, mulberry32(1), { confidence: 0 });
    expect(ungated.moved).toBe(true);
    expect(ungated.shares.personalised).toBeLessThan(0.82);
  });

  it('adopts the Thompson shares when the posteriors show they earn more, with the exact probability', () => {
    const posteriors = { personalised: { mean: 9, sd: 0.3 }, control: { mean: 5, sd: 0.8 }, explore: { mean: 4, sd: 0.9 } };
    const moved = banditAllocation(arms, posteriors, weights, mulberry32(2), { explorationFloor: 0.01 });
    expect(moved.moved).toBe(true);
    expect(moved.shares.personalised).toBeCloseTo(0.98, 9);
    // P(Σ Δ·θ > 0) for Δ = shares − weights: a normal with mean Σ Δ·mean and variance Σ Δ²·sd².
    const delta = { personalised: 0.16, control: -0.07, explore: -0.09 };
    const mean = 0.16 * 9 - 0.07 * 5 - 0.09 * 4;
    const sd = Math.sqrt((0.16 * 0.3) ** 2 + (0.07 * 0.8) ** 2 + (0.09 * 0.9) ** 2);
    expect(Object.values(delta).reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    expect(moved.probabilityBetter).toBeCloseTo(normalCdf(mean / sd), 9);
  });
});
