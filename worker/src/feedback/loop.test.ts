import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, demo, seedDemo } from '../../test/client.ts';
import worker from '../index.ts';

async function send(site: string, reports: Record<string, unknown>[]) {
  const answer = await call('POST', `/v1/sites/${site}/outcomes`, {
    token: null,
    body: { schemaVersion: 2, batchId: crypto.randomUUID().replace(/-/g, ''), reports },
  });
  expect(answer.status).toBe(202);
}

function banditSite(site: string, autoPublish: boolean) {
  const config = demo();
  config.site = site;
  config.autoPublish = autoPublish;
  // ε = 10 and revenue levels [0, 80] (the demo's average order): the reports are all but exact.
  config.privacy = { epsilon: 10, revenueEpsilon: 10, revenueLevels: [0, 80], dailyEpsilon: 30, k: 1 };
  config.experiments!.push({
    id: 'hero-bandit', slot: 'hero', bandit: true, version: 1,
    arms: [
      { id: 'free', weight: 1, policy: 'offer', offerId: 'free-shipping' },
      { id: 'women', weight: 1, policy: 'offer', offerId: 'women-15' },
    ],
  });
  return config;
}

function reports(arm: string, exposures: number, ones: number, segment = 'vip') {
  const base = { experiment: 'hero-bandit', version: 1, arm, segment };
  const exposed = new Date().toISOString().slice(0, 10);
  return [
    ...Array(exposures).fill({ kind: 'exposure', ...base }),
    ...Array(ones).fill({ kind: 'outcome', ...base, exposed, conversion: 1, revenue: 1 }),
    ...Array(exposures - ones).fill({ kind: 'outcome', ...base, exposed, conversion: 0, revenue: 0 }),
  ];
}

describe('feedback loop', () => {
  beforeAll(async () => {
    await seedDemo(banditSite('auto', true));
    await seedDemo(banditSite('manual', false));
    for (const site of ['auto', 'manual']) {
      await send(site, reports('free', 100, 30));
      await send(site, reports('women', 100, 10));
    }
  });

  it('publishes posteriors and fresh prices when auto-publish is on', async () => {
    const answer = await call('POST', '/v1/admin/sites/auto/feedback');
    expect(answer.status).toBe(200);
    expect(answer.body.published).toMatchObject({ version: 1, pricing: { status: 'optimal', fresh: true } });
    const device = (await call('GET', '/v1/sites/auto/config', { token: null })).body;
    const free = device.posteriors['hero-bandit']['*'].free;
    const women = device.posteriors['hero-bandit'].vip.women;
    // Profit per exposure: buyers spend 80, the margin share of it is margin / 80; free shipping costs 5 a redemption,
    // 15% off an 80 order 12. free: 0.3 · (35 − 5) = 9; women: 0.1 · (45 − 12) = 3.3; each shrunk a little toward
    // the pooled reward (a prior worth 20 report sets).
    expect(free.units).toBe(100);
    expect(free.mean).toBeGreaterThan(8.2);
    expect(free.mean).toBeLessThan(9);
    expect(women.mean).toBeGreaterThan(3.3);
    expect(women.mean).toBeLessThan(4.2);
    expect(free.sd).toBeGreaterThan(1);
    // 9 against 3.3 a shopper, on 100 shoppers each: Thompson sampling all but always picks "free"; the floor keeps 1%.
    const shares = device.banditShares['hero-bandit'].vip;
    expect(shares.free).toBeGreaterThan(0.95);
    expect(shares.women).toBeGreaterThanOrEqual(0.005);
    expect(shares.free + shares.women).toBeCloseTo(1, 9);
    const publications = (await call('GET', '/v1/admin/sites/auto/publications')).body.publications;
    expect(publications[0].reason).toBe('feedback');
    const history = await env.DB.prepare(
      "SELECT SUM(count) AS n FROM report_history WHERE site = 'auto' AND report LIKE '%\"kind\":\"exposure\"%'",
    ).first<{ n: number }>();
    expect(history?.n).toBe(200);
  });

  it('computes but does not publish when auto-publish is off', async () => {
    const before = (await call('GET', '/v1/admin/sites/manual/publications')).body.publications.length;
    const answer = await call('POST', '/v1/admin/sites/manual/feedback');
    expect(answer.status).toBe(200);
    expect(answer.body.published).toBeNull();
    expect(answer.body.posteriors['hero-bandit']['*'].free.units).toBe(100);
    const after = (await call('GET', '/v1/admin/sites/manual/publications')).body.publications.length;
    expect(after).toBe(before);
    const audit = (await call('GET', '/v1/admin/sites/manual/audit')).body.entries;
    expect(audit[0].action).toBe('feedback.computed');
  });

  it('runs for every published site on the cron trigger', async () => {
    const before = (await call('GET', '/v1/admin/sites/auto/publications')).body.publications.length;
    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController({ cron: '*/15 * * * *' }), env as Env, ctx);
    await waitOnExecutionContext(ctx);
    const after = (await call('GET', '/v1/admin/sites/auto/publications')).body.publications;
    expect(after.length).toBe(before + 1);
    expect(after[0].actor).toBe('cron');
  });

  it('plans with the uplift observed in fixed-offer experiments', async () => {
    const config = demo();
    // Prices are the LP's duals: they move only when what is learnt moves the budget's marginal pair. The demo's
    // VAP segments add a win-back pair that already sits at that margin, so this site plans without them.
    const vap = new Set(['value-at-risk', 'high-value']);
    config.segments = config.segments.filter((s) => !vap.has(s.id));
    for (const offer of config.offers) for (const id of vap) delete offer.upliftPrior?.[id];
    config.site = 'learn';
    config.autoPublish = true;
    config.privacy = { epsilon: 10, dailyEpsilon: 20, k: 1 };
    config.experiments = [{
      id: 'hero-test', slot: 'hero', version: 1,
      arms: [{ id: 'control', weight: 1, policy: 'control' }, { id: 'free', weight: 1, policy: 'offer', offerId: 'free-shipping' }],
    }];
    await seedDemo(config);
    expect((await call('GET', '/v1/sites/learn/config', { token: null })).body.learnedUplift).toEqual({});
    const cell = (arm: string, exposures: number, ones: number) => {
      const base = { experiment: 'hero-test', version: 1, arm, segment: 'vip' };
      const exposed = new Date().toISOString().slice(0, 10);
      return [
        ...Array(exposures).fill({ kind: 'exposure', ...base }),
        ...Array(ones).fill({ kind: 'outcome', ...base, exposed, conversion: 1, revenue: 0 }),
        ...Array(exposures - ones).fill({ kind: 'outcome', ...base, exposed, conversion: 0, revenue: 0 }),
      ];
    };
    for (let i = 0; i < 4; i++) {
      for (const reports of [cell('control', 500, 25), cell('free', 500, 75)])
        for (let from = 0; from < reports.length; from += 200) await send('learn', reports.slice(from, from + 200));
    }
    const answer = await call('POST', '/v1/admin/sites/learn/feedback');
    expect(answer.status).toBe(200);
    // 15% against 5% on 2,000 shoppers each: +0.10, shrunk a little toward the pooled prior.
    expect(answer.body.observedUplift.vip['free-shipping']).toBeGreaterThan(0.08);
    expect(answer.body.observedUplift.vip['free-shipping']).toBeLessThanOrEqual(0.1);
    const device = (await call('GET', '/v1/sites/learn/config', { token: null })).body;
    // The LP plans with it (buildPricingProblem's observedUplift, optimiser/pricing.test.ts) and republished.
    expect(device.version).toBe(1);
    expect(device.publishedAt).not.toBe((await call('GET', '/v1/admin/sites/learn/publications')).body.publications.at(-1).publishedAt);
    // Devices score with what was learnt, and a marketer's later publish keeps it.
    expect(device.learnedUplift.vip['free-shipping']).toBe(answer.body.observedUplift.vip['free-shipping']);
    await call('POST', '/v1/admin/sites/learn/publish', { body: { version: device.version } });
    const republished = (await call('GET', '/v1/sites/learn/config', { token: null })).body;
    expect(republished.learnedUplift).toEqual(device.learnedUplift);
  });

  it('answers 404 for a site never published', async () => {
    const answer = await call('POST', '/v1/admin/sites/nowhere/feedback');
    expect(answer.status).toBe(404);
  });
});
