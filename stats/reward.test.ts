import { describe, expect, it } from 'vitest';
import { mulberry32 } from './prng.ts';
import { randomiseBit, randomiseCategory, roundToLevel } from './randomised-response.ts';
import { rewardEstimate, rewardPosteriors } from './reward.ts';
import { thompsonNormalShares } from './thompson.ts';

const privacy = { epsilon: Math.log(3), revenueEpsilon: Math.log(3), revenueLevels: [0, 200] };

/** Joint report counts of n units through the device mechanisms: each buys with `rate`, a buyer spends `spend`. */
function reports(n: number, rate: number, spend: number, rng: () => number, p = privacy): [number[], number[]] {
  const joint: [number[], number[]] = [p.revenueLevels.map(() => 0), p.revenueLevels.map(() => 0)];
  for (let i = 0; i < n; i++) {
    const bought = rng() < rate;
    const c = randomiseBit(bought ? 1 : 0, p.epsilon, rng);
    const j = randomiseCategory(roundToLevel(bought ? spend : 0, p.revenueLevels, rng), p.revenueLevels.length, p.revenueEpsilon, rng);
    joint[c]![j]!++;
  }
  return joint;
}

describe('reward: profit per exposure from report sets', () => {
  it('is unbiased for margin share of revenue less redemption costs, with a variance formula that holds', () => {
    const rng = mulberry32(4);
    // Buyers (12%) spend 80, of which 40% is margin; each redemption costs 12: 0.12 · (32 − 12) = 2.4 per exposure.
    const terms = { revenueShare: 0.4, perConversion: -12, perExposure: 0 };
    const replications = 1500;
    let sum = 0;
    let sum2 = 0;
    let formula = 0;
    for (let r = 0; r < replications; r++) {
      const e = rewardEstimate(reports(800, 0.12, 80, rng), privacy, terms);
      sum += e.mean;
      sum2 += e.mean ** 2;
      formula += e.variance / replications;
    }
    const mean = sum / replications;
    const variance = (sum2 - replications * mean * mean) / (replications - 1);
    expect(Math.abs(mean - 2.4)).toBeLessThan(4 * Math.sqrt(formula / replications));
    expect(Math.abs(variance / formula - 1)).toBeLessThan(4 * Math.sqrt(2 / (replications - 1)));
    expect(rewardEstimate([[], []], privacy, terms)).toEqual({ mean: NaN, variance: Infinity, units: 0 });
  });

  it('puts traffic on the offer that earns, not the one that converts best by giving money away', () => {
    const rng = mulberry32(8);
    // A generous ε and a revenue level at the order value keep the noise small enough for 20,000 units an arm.
    const p = { epsilon: 4, revenueEpsilon: 4, revenueLevels: [0, 80] };
    const arms = {
      // Control converts 8%: 0.08 · 32 = 2.56. A deep discount converts 14% but costs 20 a redemption: 1.68.
      // A shallow one converts 10% and costs 3: 2.90, the best.
      control: { rate: 0.08, cost: 0 },
      deep: { rate: 0.14, cost: 20 },
      shallow: { rate: 0.1, cost: 3 },
    };
    const estimates = Object.fromEntries(Object.entries(arms).map(([id, a]) =>
      [id, rewardEstimate(reports(20_000, a.rate, 80, rng, p), p, { revenueShare: 0.4, perConversion: -a.cost, perExposure: 0 })]));
    expect(estimates.deep!.mean).toBeLessThan(estimates.control!.mean);
    const shares = thompsonNormalShares(Object.keys(arms), rewardPosteriors(estimates), mulberry32(1), { explorationFloor: 0.01 });
    expect(shares.shallow).toBeGreaterThan(0.9);
    expect(shares.deep).toBeLessThan(0.02);
    expect(shares.deep).toBeGreaterThanOrEqual(0.01);
    // Rewarded by conversion alone, the deep discount would have won.
    expect(Math.max(...Object.values(arms).map((a) => a.rate))).toBe(arms.deep.rate);
  });

  it('shrinks an arm with little data toward the others, and has no posterior before any data', () => {
    const a = { mean: 3, variance: 0.01, units: 5000 };
    const b = { mean: 10, variance: 25, units: 4 };
    const posteriors = rewardPosteriors({ a, b });
    expect(posteriors.a!.mean).toBeCloseTo(3, 1);
    expect(posteriors.b!.mean).toBeLessThan(10);
    expect(posteriors.b!.mean).toBeGreaterThan(3);
    expect(rewardPosteriors({ a: { mean: NaN, variance: Infinity, units: 0 } })).toEqual({});
  });
});
