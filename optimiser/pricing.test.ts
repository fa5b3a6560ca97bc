// Prices from a site config: values from priors and observations, budget pacing, and failure keeping no prices.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { siteConfigSchema, type SiteConfig, type SiteConfigInput } from '../protocol/index.ts';
import { buildPricingProblem, priceOffers, remainingShare } from './pricing.ts';

const offer = (id: string, redemptionCost: number, margin: number, upliftPrior: Record<string, number>, extra: object = {}) => ({
  id,
  slots: ['hero'],
  content: { title: id },
  margin,
  redemptionCost,
  upliftPrior,
  ...extra,
});

const input: SiteConfigInput = {
  schemaVersion: 2,
  site: 'shop',
  segments: [
    { id: 'loyal', name: 'Loyal', condition: {}, priority: 2, size: 1000, maxOffers: 1, baseline: 0.2 },
    { id: 'casual', name: 'Casual', condition: {}, priority: 1, size: 3000, maxOffers: 1, baseline: 0.05 },
  ],
  offers: [
    offer('big', 20, 100, { loyal: 0.1, casual: 0.08 }),
    offer('small', 5, 100, { loyal: 0.03, casual: 0.04 }),
    offer('scarce', 10, 200, { loyal: 0.05 }, { inventory: 50 }),
    offer('unplanned', 5, 50, {}),
    offer('expired', 2, 100, { loyal: 0.5, casual: 0.5 }, { validTo: '2026-10-31T00:00:00Z' }),
  ],
  constraints: { budget: 2000, periodStart: '2026-11-01T00:00:00Z', periodEnd: '2026-12-01T00:00:00Z' },
};
const config: SiteConfig = siteConfigSchema.parse(input);
const start = new Date('2026-11-01T00:00:00Z');
const middle = new Date('2026-11-16T00:00:00Z');

describe('buildPricingProblem', () => {
  it('values pairs as (pT − pC)·margin − pT·redemptionCost from baseline and uplift, observations first, expired offers out', () => {
    const { problem } = buildPricingProblem(config, { now: start, observedUplift: { casual: { unplanned: 0.1, big: 0.05 } } });
    // loyal, big: pC 0.2, pT 0.3: 0.1·100 − 0.3·20 = 4
    expect(problem.value.loyal!.big).toBeCloseTo(4, 12);
    expect(problem.value.loyal!.small).toBeCloseTo(0.03 * 100 - 0.23 * 5, 12);
    expect(problem.value.loyal!.scarce).toBeCloseTo(0.05 * 200 - 0.25 * 10, 12);
    expect(Object.keys(problem.value.loyal!).sort()).toEqual(['big', 'scarce', 'small']);
    expect(problem.value.casual!.unplanned).toBeCloseTo(0.1 * 50 - 0.15 * 5, 12);
    expect(problem.value.casual!.big).toBeCloseTo(0.05 * 100 - 0.1 * 20, 12);
    // Units are redemptions: P(buy | shown).
    expect(problem.units!.loyal!.big).toBeCloseTo(0.3, 12);
    expect(problem.units!.casual!.small).toBeCloseTo(0.09, 12);
    expect(problem.offers.map((o) => o.id)).toContain('expired');
    expect(problem.offers.find((o) => o.id === 'big')!.cost).toBe(20);
  });

  it('derives the cost per redemption from the discount and the site economics when not given', () => {
    const derived = siteConfigSchema.parse({
      ...input,
      economics: { averageOrderValue: 80, shippingCost: 6 },
      offers: [
        { id: 'pct', slots: ['hero'], content: { title: 'p' }, margin: 30, discount: { kind: 'percent', value: 15 } },
        { id: 'amt', slots: ['hero'], content: { title: 'a' }, margin: 30, discount: { kind: 'amount', value: 10 } },
        { id: 'ship', slots: ['hero'], content: { title: 's' }, margin: 30, discount: { kind: 'free_shipping', value: 0 } },
        { id: 'content', slots: ['hero'], content: { title: 'c' }, margin: 30 },
      ],
    });
    expect(buildPricingProblem(derived, { now: start }).problem.offers.map((o) => o.cost)).toEqual([12, 10, 6, 0]);
  });

  it('paces: sizes and unused inventory scale with the period left, the budget is what is left', () => {
    const plan = buildPricingProblem(config, { now: middle, spent: 500 });
    expect(plan.remainingShare).toBeCloseTo(0.5, 9);
    expect(plan.budget).toBe(1500);
    expect(plan.problem.segments.map((s) => s.size)).toEqual([500, 1500]);
    expect(plan.problem.offers.find((o) => o.id === 'scarce')!.inventory).toBeCloseTo(25, 9);
    expect(buildPricingProblem(config, { now: middle, used: { scarce: 45 } }).problem.offers.find((o) => o.id === 'scarce')!.inventory).toBe(5);
    expect(buildPricingProblem(config, { now: middle, spent: 9000 }).budget).toBe(0);
  });

  it('treats a finished period as one more period with the leftover budget, and says so', () => {
    expect(remainingShare(config, new Date('2026-12-02T00:00:00Z'))).toEqual({ share: 1, periodOver: true });
    expect(remainingShare(config, new Date('2026-10-01T00:00:00Z'))).toEqual({ share: 1, periodOver: false });
  });
});

describe('priceOffers', () => {
  it('prices a redemption of every offer from certified duals, p = lambda·redemptionCost + nu', () => {
    const result = priceOffers(config, { now: start });
    expect(result.status).toBe('optimal');
    expect(result.certificate!.ok).toBe(true);
    expect(Object.keys(result.prices!).sort()).toEqual(['big', 'expired', 'scarce', 'small', 'unplanned']);
    const { budget, inventory } = result.duals!;
    expect(budget).toBeGreaterThan(0);
    expect(inventory.scarce).toBeGreaterThan(0);
    expect(result.prices!.big).toBeCloseTo(budget * 20, 9);
    expect(result.prices!.scarce).toBeCloseTo(budget * 10 + inventory.scarce!, 9);
    expect(result.allocation.loyal?.expired).toBeUndefined();
    // 50 units at 0.25 redemptions per shopper shown: 200 of the 1,000 loyal shoppers, not 50.
    expect(result.allocation.loyal?.scarce).toBeCloseTo(0.2, 9);
  });

  it('raises the budget price when spending runs ahead of the period and lowers it when behind', () => {
    const even = priceOffers(config, { now: middle, spent: 1000 });
    const ahead = priceOffers(config, { now: middle, spent: 1500 });
    const behind = priceOffers(config, { now: middle, spent: 400 });
    const whole = priceOffers(config, { now: start });
    for (const r of [even, ahead, behind]) expect(r.status).toBe('optimal');
    expect(even.duals!.budget).toBeCloseTo(whole.duals!.budget, 9);
    expect(even.objective!).toBeCloseTo(whole.objective! / 2, 6);
    expect(ahead.duals!.budget).toBeGreaterThan(even.duals!.budget);
    expect(behind.duals!.budget).toBeLessThan(even.duals!.budget);
  });

  it('gives no prices when the solve cannot be certified, so the caller keeps the previous ones', () => {
    const result = priceOffers(config, { now: start, solve: { maxTableauCells: 1 } });
    expect(result.status).toBe('failed-certificate');
    expect(result.prices).toBeNull();
    expect(result.reason).toBeTruthy();
  });

  it('refuses, rather than dropping the budget, when the spend is not a number', () => {
    const result = priceOffers(config, { now: start, spent: Number.NaN });
    expect(result.status).toBe('failed-certificate');
    expect(result.prices).toBeNull();
    expect(result.reason).toBe('budget: expected a number, received NaN');
  });

  it('prices the demo site', () => {
    const demo = siteConfigSchema.parse(JSON.parse(readFileSync(new URL('../demo/site-config.json', import.meta.url), 'utf8')));
    const result = priceOffers(demo, { now: new Date('2026-11-10T00:00:00Z'), spent: 500 });
    expect(result.status).toBe('optimal');
    expect(result.certificate!.relativeGap).toBeLessThanOrEqual(1e-6);
    expect(Object.keys(result.prices!)).toHaveLength(demo.offers.length);
  });
});
