// The device's customer-value attributes: folded in purchase by purchase, equal to what `edgewise clv` computes
// from the whole history, moving with time, and usable by segments and explain() through the SDK.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { forecastCustomer } from '../../../customer-value/forecast.ts';
import { summariseTransactions } from '../../../customer-value/summary.ts';
import { customerValueSchema, type CustomerValue } from '../../../protocol/customer-value.ts';
import { mulberry32 } from '../../../stats/prng.ts';
import { createEdgewise } from '../index.ts';
import { demoConfig, fakeEdge, uniqueSite } from '../testing/fixtures.ts';
import { applyEvent, emptyState } from './index.ts';
import { customerValue } from './value.ts';
import { cellOf, periodStart } from '../../../customer-value/histogram.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T09:00:00Z');
const model: CustomerValue = customerValueSchema.parse({
  timeUnit: 'week',
  bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 },
  margin: 0.3,
  tiers: { value: { medium: 10, high: 40 }, attrition: { medium: 0.3, high: 0.6 }, potential: { medium: 20, high: 60 } },
});

const purchase = (t: number, value: number) => ({ t, type: 'purchase', items: [], value });

describe('customerValue', () => {
  it('sets nothing before the first purchase', async () => {
    const state = emptyState(T0);
    applyEvent(state, { t: T0, type: 'page_view', items: [] });
    await customerValue(state, { customerValue: model }, T0 + DAY);
    expect(state.profile.clv).toBeUndefined();
    expect(state.days).toBeUndefined();
  });

  it.each([1, 2, 3, 4, 5])('equals the forecast from the whole history, summarised as the CLI does (random history %i)', async (seed) => {
    const rng = mulberry32(seed);
    const state = emptyState(T0);
    const history: { t: number; value: number }[] = [];
    let t = T0;
    for (let i = 0; i < 2 + Math.floor(rng() * 12); i++) {
      // Some purchases on the same day as the one before, most days apart.
      t += rng() < 0.3 ? Math.floor(rng() * 3600_000) : Math.floor(rng() * 40 * DAY);
      const value = Math.round(rng() * 15_000) / 100;
      history.push({ t, value });
      applyEvent(state, purchase(t, value));
    }
    const now = t + Math.floor(rng() * 120 * DAY);
    await customerValue(state, { customerValue: model }, now);
    const [summary] = summariseTransactions(
      history.map((h) => ({ customer: 'me', day: Math.floor(h.t / DAY), value: h.value })),
      { calibrationEnd: Math.floor(now / DAY), unitDays: 7 },
    );
    const f = forecastCustomer(model, summary!);
    const p = state.profile;
    expect(p.clv).toBeCloseTo(f.clv, 2);
    expect(p.pAlive).toBeCloseTo(f.pAlive, 4);
    expect(p.expectedPurchases90d).toBeCloseTo(f.expectedPurchases90d, 4);
    expect(p.expectedSpend).toBeCloseTo(f.expectedSpend, 2);
    expect(p.clvIfActive).toBeCloseTo(f.clvIfActive, 2);
    expect([p.valueTier, p.attritionRisk, p.potentialTier]).toEqual([f.valueTier, f.attritionRisk, f.potentialTier]);
    expect(state.days![2]).toBe(summary!.x);
  });

  it('moves with time: the longer since the last purchase, the lower P(alive)', async () => {
    const state = emptyState(T0);
    for (let week = 0; week < 6; week++) applyEvent(state, purchase(T0 + week * 7 * DAY, 40));
    const last = T0 + 5 * 7 * DAY;
    const seen = [];
    for (const later of [1, 30, 120, 365]) {
      await customerValue(state, { customerValue: model }, last + later * DAY);
      seen.push({ ...state.profile });
    }
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.pAlive!).toBeLessThan(seen[i - 1]!.pAlive!);
      expect(seen[i]!.clv!).toBeLessThan(seen[i - 1]!.clv!);
    }
    expect(seen[0]!.attritionRisk).toBe('low');
    expect(seen[3]!.attritionRisk).toBe('high');
    // What the shopper would be worth if still active falls much more slowly: the win-back case.
    expect(seen[3]!.clvIfActive!).toBeGreaterThan(10 * seen[3]!.clv!);
    expect(seen[3]!.potentialTier).not.toBe('low');
  });
});

describe('the SDK with a customerValue model', () => {
  it('segments on the VAP tiers at decision time and explains with them', async () => {
    const config = demoConfig({ experiments: [], globalHoldout: 0, customerValue: model });
    config.segments = [
      { id: 'at-risk', name: 'High value, at risk', condition: { potentialTier: 'high', attritionRisk: 'high' }, priority: 1000, size: 100, maxOffers: 1, baseline: 0.05 },
      ...config.segments,
    ];
    config.offers = config.offers.map((o) => (o.id === 'winback-25' ? { ...o, upliftPrior: { ...o.upliftPrior, 'at-risk': 0.2 } } : o));
    let now = T0;
    const sdk = createEdgewise({ site: uniqueSite(), api: 'https://edge.test', fetch: fakeEdge(config).fetch, consent: 'implied', now: () => now });
    await sdk.ready;
    for (let week = 0; week < 8; week++) {
      now = T0 + week * 7 * DAY;
      await sdk.track('purchase', { value: 60, items: [{ item_id: `sku-${week}`, price: 60 }] });
    }
    now += 10 * DAY;
    expect((await sdk.decide('hero'))?.segment).not.toBe('at-risk');
    now += 300 * DAY;
    await sdk.track('page_view');
    const decision = await sdk.decide('hero');
    expect(decision?.segment).toBe('at-risk');
    expect(decision?.offerId).toBe('winback-25');
    const explanation = await sdk.explain('hero');
    expect(explanation?.topFeatures.map((f) => f.name)).toEqual(['potentialTier', 'attritionRisk']);
    const data = await sdk.exportData();
    expect('profile' in data && (data.profile as { profile: { attritionRisk: string } }).profile.attritionRisk).toBe('high');
  });
});

describe('the customer-value report', () => {
  const reporting = customerValueSchema.parse({ ...model, report: { epsilon: 10 } });
  const grid = reporting.report!;

  it('is due once a period for every device, buyer or not, with its (randomised) histogram cell', async () => {
    const buyer = emptyState(T0);
    for (const week of [0, 3, 9]) applyEvent(buyer, purchase(T0 + week * 7 * DAY, 50));
    const now = T0 + 80 * DAY;
    const first = await customerValue(buyer, { customerValue: reporting }, now, mulberry32(1));
    expect(first?.opened).toEqual({ kind: 'value', period: periodStart(now, grid.periodDays) });
    // At ε = 10 the true cell is kept with probability 0.998: age 77 days, x = 2 (bucket 2-3), t_x/T = 63/80.
    expect(first?.cell).toBe(cellOf(grid, { x: 2, txDays: 63, TDays: 80 }));
    expect(first?.epsilon).toBe(10);
    expect(await customerValue(buyer, { customerValue: reporting }, now + DAY)).toBeUndefined();
    expect((await customerValue(buyer, { customerValue: reporting }, now + grid.periodDays * DAY))?.opened.kind).toBe('value');
    const visitor = emptyState(T0);
    expect((await customerValue(visitor, { customerValue: reporting }, now, mulberry32(2)))?.cell).toBe(0);
    expect(visitor.profile.clv).toBeUndefined();
    expect(await customerValue(emptyState(T0), { customerValue: model }, now)).toBeUndefined();
  });

  it('reaches the edge as one opening report and one report set, counted in the daily ε budget', async () => {
    const config = demoConfig({ experiments: [], globalHoldout: 0, customerValue: { ...reporting, report: { ...grid, epsilon: 4 } } });
    const edge = fakeEdge(config);
    let now = T0;
    const sdk = createEdgewise({ site: uniqueSite(), api: 'https://edge.test', fetch: edge.fetch, consent: 'implied', now: () => now });
    await sdk.ready;
    await sdk.track('purchase', { value: 30, items: [{ item_id: 'a', price: 30 }] });
    now += 3 * DAY;
    await sdk.decide('hero');
    await sdk.flush();
    await sdk.flush();
    const reports = edge.batches.flatMap((b) => b.reports).filter((r) => r.kind === 'value' || r.kind === 'value-outcome');
    expect(reports.map((r) => r.kind).sort()).toEqual(['value', 'value-outcome']);
    expect(new Set(reports.map((r) => (r as { period: string }).period))).toEqual(new Set([periodStart(now, grid.periodDays)]));
    const data = await sdk.exportData();
    expect('budget' in data && data.budget).toMatchObject({ spent: 4 });
  });
});
