// The simulator: deterministic per seed, sane ground truth, and budgets kept by Edgewise.
import { describe, expect, it } from 'vitest';
import { createWorld, simulate, trueValue } from './index.ts';

const small = { shoppers: 800, days: 7, trainingShoppers: 3000 };

describe('simulate', () => {
  it('gives the same result for the same seed, and a different one for another seed', async () => {
    const a = await simulate({ seed: 3, ...small, policies: ['random', 'edgewise'] });
    const b = await simulate({ seed: 3, ...small, policies: ['random', 'edgewise'] });
    const c = await simulate({ seed: 4, ...small, policies: ['random', 'edgewise'] });
    const strip = (r: typeof a) => JSON.stringify(r, (k, v) => (k === 'seconds' ? 0 : v));
    expect(strip(a)).toBe(strip(b));
    expect(strip(c)).not.toBe(strip(a));
  });

  it('measures "none" as zero and ranks the oracle first in expectation, with no overrun by Edgewise', async () => {
    const results = await Promise.all([11, 12].map((seed) => simulate({ seed, ...small })));
    for (const r of results) {
      const p = r.policies;
      expect(p.none!.incrementalProfit).toBe(0);
      expect(p.none!.spend).toBe(0);
      expect(p.none!.offersShown).toBe(0);
      for (const name of ['random', 'propensity', 'edgewise', 'edgewise-static', 'oracle-observable'])
        expect(p.oracle!.expectedIncrementalProfit).toBeGreaterThan(p[name]!.expectedIncrementalProfit);
      expect(p['oracle-observable']!.expectedIncrementalProfit).toBeGreaterThan(0);
      expect(r.violationsBy.edgewise).toBe(0);
      expect(p.edgewise!.spend).toBeLessThanOrEqual(r.budget);
      // Every policy sees the same visits: the world's random numbers are common to all.
      expect(new Set(Object.values(p).map((x) => x.daily.length))).toEqual(new Set([small.days]));
      expect(p.oracle!.offersShown).toBeLessThanOrEqual(r.visits);
    }
  }, 180_000);

  it('gives every policy the same random numbers: the loop and the static policy agree in a single period', async () => {
    // One period: nothing measured has been carried over yet, so the two run the same decisions on the same draws
    // (the policies' random streams are keyed on shopper and day, not on the policy's name).
    const r = await simulate({ seed: 2, ...small, policies: ['edgewise', 'edgewise-static'] });
    expect(r.policies.edgewise!.incrementalProfit).toBe(r.policies['edgewise-static']!.incrementalProfit);
  });

  it('reports daily cumulative incremental profit that ends at the total, and per-offer figures that add up', async () => {
    const r = await simulate({ seed: 5, ...small, policies: ['edgewise'] });
    const e = r.policies.edgewise!;
    expect(e.daily).toHaveLength(small.days);
    expect(e.daily.at(-1)).toBeCloseTo(e.incrementalProfit, 1);
    const offers = Object.values(e.offers);
    expect(offers.reduce((a, o) => a + o.shows, 0)).toBe(e.offersShown);
    expect(offers.reduce((a, o) => a + o.expectedIncrementalProfit, 0)).toBeCloseTo(e.expectedIncrementalProfit, 0);
  });

  it('runs budget periods in a row, each with its own budget and units, and sums them', async () => {
    const r = await simulate({ seed: 7, ...small, periods: 2, policies: ['edgewise', 'oracle'] });
    expect(r.periods).toBe(2);
    for (const name of ['edgewise', 'oracle']) {
      const p = r.policies[name]!;
      expect(p.periods).toHaveLength(2);
      expect(p.daily).toHaveLength(2 * small.days);
      expect(p.periods[0]!.incrementalProfit + p.periods[1]!.incrementalProfit).toBeCloseTo(p.incrementalProfit, 1);
    }
    for (const period of r.policies.edgewise!.periods) expect(period.spend).toBeLessThanOrEqual(r.budget);
  });
});

describe('edgewise', () => {
  it('ships one pooled uplift model trained on an earlier test, which devices load and score without error, and holds back a few decisions', async () => {
    const r = await simulate({ seed: 6, shoppers: 600, days: 4, policies: ['edgewise'], trainingShoppers: 3000 });
    const details = r.policies.edgewise!.details as { models: number; modelErrors: number; holdbacks: { shown: number; held: number } };
    expect(details.models).toBe(1);
    expect(details.modelErrors).toBe(0);
    expect(details.holdbacks.shown + details.holdbacks.held).toBeGreaterThan(0);
  });
});

describe('createWorld', () => {
  it('has heterogeneous true uplift: some offers lose loyal buyers, some win sensitive ones', () => {
    const world = createWorld({ seed: 1, shoppers: 2000, days: 14 });
    const uplift = world.shoppers.flatMap((s) => world.offers.map((o) => s.pTreatment[o.id]! - s.pControl));
    expect(uplift.some((u) => u < -0.005)).toBe(true);
    expect(uplift.some((u) => u > 0.01)).toBe(true);
    const loyal = world.shoppers.filter((s) => s.loyalty > 0.8 && s.priceSensitivity < 0.2);
    const sensitive = world.shoppers.filter((s) => s.loyalty < 0.2 && s.priceSensitivity > 0.8);
    const flash = world.offers.find((o) => o.id === 'bargain-flash')!;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(loyal.map((s) => s.pTreatment[flash.id]! - s.pControl))).toBeLessThan(0);
    expect(mean(sensitive.map((s) => s.pTreatment[flash.id]! - s.pControl))).toBeGreaterThan(0);
    // True values are positive for some pairs and negative for most: targeting is what earns money.
    const values = world.shoppers.flatMap((s) => world.offers.map((o) => trueValue(s, o)));
    const positive = values.filter((v) => v > 0).length / values.length;
    expect(positive).toBeGreaterThan(0.02);
    expect(positive).toBeLessThan(0.6);
    expect(Math.min(...world.shoppers.map((s) => trueValue(s, flash)))).toBeLessThan(0);
    expect(world.budget).toBeGreaterThan(0);
  });

  it('is the same world for the same seed', () => {
    const a = createWorld({ seed: 9, shoppers: 50, days: 7 });
    const b = createWorld({ seed: 9, shoppers: 50, days: 7 });
    expect(a.shoppers).toEqual(b.shoppers);
    expect(createWorld({ seed: 10, shoppers: 50, days: 7 }).shoppers[0]!.key).not.toBe(a.shoppers[0]!.key);
  });
});
