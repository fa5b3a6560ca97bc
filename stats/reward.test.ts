import { describe, expect, it } from 'vitest';
import { mulberry32 } from './prng.ts';
import { randomiseBit, randomiseCategory, roundToLevel } from './randomised-response.ts';
import { rewardEstimate, rewardPosteriors, segmentRewardPosteriors, type RewardEstimate } from './reward.ts';
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

  it('prefers no arm while randomised-response noise cannot tell the arms apart', () => {
    const rng = mulberry32(21);
    const terms = { revenueShare: 0.4, perConversion: -5, perExposure: 0 };
    let preferred = 0;
    const replications = 200;
    for (let r = 0; r < replications; r++) {
      // One arm with 5,000 report sets and 13 with 60-200, all truly alike: 15% buy, for 80 each.
      const estimates = Object.fromEntries(Array.from({ length: 14 }, (_, i) =>
        [`arm${i}`, rewardEstimate(reports(i === 0 ? 5000 : 60 + 10 * i, 0.15, 80, rng), privacy, terms)]));
      const posteriors = Object.values(rewardPosteriors(estimates));
      if (new Set(posteriors.map((p) => p.mean)).size > 1) preferred++;
      else expect(new Set(posteriors.map((p) => p.sd)).size).toBe(1);
    }
    // The arms' spread is taken only when Cochran's Q is significant at 5%.
    expect(preferred / replications).toBeLessThan(0.05 + 4 * Math.sqrt((0.05 * 0.95) / replications));
  });

  it('keeps arms apart when the reports show they differ', () => {
    const rng = mulberry32(22);
    const p = { epsilon: 4, revenueEpsilon: 4, revenueLevels: [0, 80] };
    const terms = { revenueShare: 0.4, perConversion: 0, perExposure: 0 };
    const estimates = { low: rewardEstimate(reports(4000, 0.05, 80, rng, p), p, terms), high: rewardEstimate(reports(4000, 0.15, 80, rng, p), p, terms) };
    const posteriors = rewardPosteriors(estimates);
    // 1.6 and 4.8 per exposure, each known to about ±0.15.
    expect(posteriors.low!.mean).toBeCloseTo(estimates.low.mean, 1);
    expect(posteriors.high!.mean).toBeCloseTo(estimates.high.mean, 1);
    expect(posteriors.high!.mean - posteriors.low!.mean).toBeGreaterThan(2.5);
  });

  it('never takes a handful of identical reports for certainty', () => {
    const terms = { revenueShare: 0.4, perConversion: -12, perExposure: 0 };
    const five = rewardEstimate([[5, 0], [0, 0]], privacy, terms);
    expect(five.variance).toBeGreaterThan(0);
    // The mechanisms alone: revenue (200·q·p/(p − q)² with q = 1/4, p = 3/4: 0.4² · 200² · 0.75) plus the bit's (12² · 0.75).
    expect(five.variance).toBeCloseTo((0.16 * 40000 * 0.75 + 144 * 0.75) / 5, 6);
  });
});

describe('segmentRewardPosteriors', () => {
  const estimate = (mean: number, variance: number, units = 500): RewardEstimate => ({ mean, variance, units });

  it('ranks the arms in a segment as all segments do until the segments are shown to differ', () => {
    const pooled = rewardPosteriors({ a: estimate(8, 0.04, 10_000), b: estimate(6, 0.4, 1000) });
    // vip: higher level, and its own noise says b > a; a segment with ten times less data cannot overturn the rest.
    const segments = { vip: { a: estimate(14, 0.4), b: estimate(15, 4) }, new: { a: estimate(4, 0.4), b: estimate(2, 4) } };
    const out = segmentRewardPosteriors(pooled, segments);
    for (const segment of ['vip', 'new']) {
      expect(out[segment]!.a!.mean - out[segment]!.b!.mean).toBeCloseTo(pooled.a!.mean - pooled.b!.mean, 9);
      expect(out[segment]!.a!.sd).toBeCloseTo(pooled.a!.sd, 9);
    }
    expect(out.vip!.a!.mean).toBeGreaterThan(out.new!.a!.mean + 5);
    expect(out.vip!.b!.units).toBe(500);
  });

  it("keeps a segment's own ranking when its reports clearly reverse the pooled one", () => {
    const pooled = rewardPosteriors({ a: estimate(8, 0.01, 10_000), b: estimate(6, 0.01, 10_000) });
    const segments = { vip: { a: estimate(10, 0.05), b: estimate(16, 0.05) }, new: { a: estimate(8, 0.05), b: estimate(6, 0.05) } };
    const out = segmentRewardPosteriors(pooled, segments);
    expect(out.vip!.b!.mean - out.vip!.a!.mean).toBeGreaterThan(5);
    expect(out.new!.a!.mean - out.new!.b!.mean).toBeGreaterThan(1.5);
    // A segment with no reports gets no posteriors of its own.
    expect(segmentRewardPosteriors(pooled, { empty: { a: { mean: NaN, variance: Infinity, units: 0 } } })).toEqual({});
  });
});
