// The shop's books through the admin API, and the feedback loop pacing prices by them.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { startingLambda } from '../../../optimiser/index.ts';
import { call, demo, errorOf, seedDemo } from '../../test/client.ts';
import { lastPricingDetail } from '../storage/index.ts';

const DAY = 86_400_000;
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The demo site with a budget period of 10 days that started 3 days ago, so books of the last days count. */
function pacedSite(site: string) {
  const config = demo();
  config.site = site;
  config.autoPublish = true;
  const start = Date.parse(`${dayOf(Date.now() - 3 * DAY)}T00:00:00Z`);
  config.constraints = { ...config.constraints, budget: 1000, periodStart: new Date(start).toISOString(), periodEnd: new Date(start + 10 * DAY).toISOString() };
  return { config, start };
}

describe('books', () => {
  it('stores a day of the books, replaces a corrected day, and lists them', async () => {
    await seedDemo(pacedSite('books-a').config);
    const day = dayOf(Date.now() - DAY);
    const first = await call('PUT', `/v1/admin/sites/books-a/books/${day}`, { body: { spend: 120, redemptions: { 'women-15': 10 } } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ day, spend: 120, redemptions: { 'women-15': 10 } });
    await call('PUT', `/v1/admin/sites/books-a/books/${day}`, { body: { spend: 130.5, redemptions: { 'women-15': 11 } } });
    const list = await call('GET', '/v1/admin/sites/books-a/books');
    expect(list.body.days).toHaveLength(1);
    expect(list.body.days[0]).toMatchObject({ day, spend: 130.5, redemptions: { 'women-15': 11 } });
    const audit = await call('GET', '/v1/admin/sites/books-a/audit');
    expect(audit.body.entries[0]).toMatchObject({ action: 'books', summary: `books for ${day}: spend 130.5, 11 redemptions` });
  });

  it('names what is wrong with a day or a body, and stores nothing', async () => {
    await seedDemo(pacedSite('books-b').config);
    const badDay = await call('PUT', '/v1/admin/sites/books-b/books/2026-13-45', { body: { spend: 1 } });
    expect(badDay.status).toBe(400);
    expect(errorOf(badDay).message).toMatch(/^day: expected a calendar day/);
    const negative = await call('PUT', `/v1/admin/sites/books-b/books/${dayOf(Date.now())}`, { body: { spend: -5 } });
    expect(negative.status).toBe(400);
    expect(errorOf(negative).path).toEqual(['spend']);
    const fractional = await call('PUT', `/v1/admin/sites/books-b/books/${dayOf(Date.now())}`, { body: { spend: 5, redemptions: { 'women-15': 1.5 } } });
    expect(errorOf(fractional).path).toEqual(['redemptions', 'women-15']);
    // Offer ids are ids: a name every object already has is no offer (devices key objects by offer id).
    const inherited = await call('PUT', `/v1/admin/sites/books-b/books/${dayOf(Date.now())}`, { body: { spend: 5, redemptions: { constructor: 1 } } });
    expect(inherited.status).toBe(400);
    expect(errorOf(inherited).message).toMatch(/constructor/);
    expect((await call('GET', '/v1/admin/sites/books-b/books')).body.days).toEqual([]);
    expect((await call('PUT', `/v1/admin/sites/books-b/books/${dayOf(Date.now())}`, { body: { spend: 1 }, token: null })).status).toBe(401);
  });

  it('paces: spending ahead of the budget left per day raises the price of a redemption, behind lowers it', async () => {
    const prices: Record<string, Record<string, number>> = {};
    for (const [site, spendPerDay] of [['books-ahead', 400], ['books-behind', 10]] as const) {
      const { config, start } = pacedSite(site);
      await seedDemo(config);
      for (let d = 0; d < 3; d++)
        expect((await call('PUT', `/v1/admin/sites/${site}/books/${dayOf(start + d * DAY)}`, { body: { spend: spendPerDay, redemptions: { 'women-15': 2 } } })).status).toBe(200);
      const feedback = await call('POST', `/v1/admin/sites/${site}/feedback`);
      expect(feedback.status).toBe(200);
      expect(feedback.body.spentEstimate).toBe(3 * spendPerDay);
      expect(feedback.body.pacing).toMatchObject({ booksThrough: dayOf(start + 2 * DAY), periodStart: config.constraints.periodStart });
      const device = (await call('GET', `/v1/sites/${site}/config`, { token: null })).body;
      prices[site] = device.prices;
      // Devices get λ·redemptionCost + ν per redemption: women-15 (15% of 80) costs 12 a redemption.
      const { lambda, nu } = feedback.body.pacing;
      expect(device.prices['women-15']).toBeCloseTo(lambda * 12 + (nu['women-15'] ?? 0), 9);
      expect(device.prices['new-arrivals']).toBeCloseTo(nu['new-arrivals'] ?? 0, 9);
      // A second run with no new books day steps nothing.
      const again = await call('POST', `/v1/admin/sites/${site}/feedback`);
      expect(again.body.pacing.lambda).toBe(lambda);
    }
    expect(prices['books-ahead']!['women-15']).toBeGreaterThan(prices['books-behind']!['women-15']!);
    // 400 a day against 1000 for 10 days: λ goes up; 10 a day: down to 0.
    expect(prices['books-behind']!['women-15']).toBe(0);
  });

  it('starts a new budget period at the price the last period\'s books point to, its unit prices from the new plan', async () => {
    const site = 'books-period';
    const config = demo();
    config.site = site;
    config.autoPublish = true;
    const start = Date.parse(`${dayOf(Date.now() - 8 * DAY)}T00:00:00Z`);
    config.constraints = { ...config.constraints, budget: 5000, periodStart: new Date(start).toISOString(), periodEnd: new Date(start + 10 * DAY).toISOString() };
    await seedDemo(config);
    // Spending ahead of 500 a day raises λ day by day while the spend falls: a falling spend curve.
    for (let d = 0; d < 7; d++)
      await call('PUT', `/v1/admin/sites/${site}/books/${dayOf(start + d * DAY)}`, { body: { spend: 900 - 100 * d, redemptions: { 'women-15': 3 } } });
    const last = (await call('POST', `/v1/admin/sites/${site}/feedback`)).body.pacing;
    expect(last.days).toHaveLength(7);
    const expected = startingLambda(last.days, 4000 / 10);
    expect(expected).not.toBeNull();

    // The marketer publishes the next period (from tomorrow, 10 days, 4000).
    const next = Date.parse(`${dayOf(Date.now() + DAY)}T00:00:00Z`);
    config.constraints = { ...config.constraints, budget: 4000, periodStart: new Date(next).toISOString(), periodEnd: new Date(next + 10 * DAY).toISOString() };
    await seedDemo(config);
    const detail = await lastPricingDetail(env.DB, site);
    expect(detail?.pacing).toEqual({
      lambda: expected, nu: detail?.duals?.inventory ?? {}, booksThrough: null, periodStart: config.constraints.periodStart, days: [],
    });
    const device = (await call('GET', `/v1/sites/${site}/config`, { token: null })).body;
    expect(device.prices['women-15']).toBeCloseTo(expected! * 12 + (detail?.duals?.inventory['women-15'] ?? 0), 9);
  });
});
