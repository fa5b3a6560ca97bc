import { beforeAll, describe, expect, it } from 'vitest';
import { call, demo, seedDemo } from '../../test/client.ts';

const experiment = 'hero-personalisation';
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);

/** Posts `reports` for `site` in batches of at most 200, made on `day`. */
async function post(site: string, reports: Record<string, unknown>[], day = daysAgo(0)) {
  for (let sent = 0; sent < reports.length; sent += 200) {
    const answer = await call('POST', `/v1/sites/${site}/outcomes`, {
      token: null,
      body: { schemaVersion: 2, batchId: crypto.randomUUID().replace(/-/g, ''), day, reports: reports.slice(sent, sent + 200) },
    });
    expect(answer.status).toBe(202);
  }
}

/** n units of an arm exposed `daysAgo` days ago; `sets` of them sent report sets, `ones` with conversion 1. */
async function units(site: string, arm: string, n: number, exposedDaysAgo: number, sets: number, ones: number, segment?: string) {
  const labels = { experiment, version: 1, arm, ...(segment ? { segment } : {}) };
  await post(site, Array.from({ length: n }, () => ({ kind: 'exposure', ...labels })), daysAgo(exposedDaysAgo));
  const set = (conversion: number) => ({ kind: 'outcome', ...labels, exposed: daysAgo(exposedDaysAgo), conversion, revenue: conversion });
  await post(site, Array.from({ length: sets }, (_, i) => set(i < ones ? 1 : 0)));
}

describe('GET /v1/admin/sites/{site}/results', () => {
  beforeAll(async () => {
    // ε large enough that randomised response barely flips: the debiased figures stay close to the true ones.
    await seedDemo({ ...demo(), privacy: { epsilon: 10, revenueEpsilon: 10, revenueLevels: [0, 100], dailyEpsilon: 20, k: 20 } });
    // Exposed 10 days ago (window 7): every window has closed.
    await units('demo', 'control', 1000, 10, 1000, 100);
    await units('demo', 'personalised', 1000, 10, 1000, 150);
    await units('demo', 'holdout', 10, 10, 10, 1, 'vip');
    // Exposed 2 days ago: pending, and not in any statistic.
    await units('demo', 'control', 40, 2, 0, 0);
    await units('demo', 'personalised', 30, 2, 0, 0);
  });

  it('reports rates, lift, p-value, probability to beat control and SRM per arm', async () => {
    const answer = await call('GET', '/v1/admin/sites/demo/results');
    expect(answer.status).toBe(200);
    const result = answer.body.experiments.find((e: any) => e.id === experiment);
    expect(result.control).toBe('control');
    const arms = Object.fromEntries(result.arms.map((a: any) => [a.id, a]));
    expect(arms.control.rate).toBeCloseTo(0.1, 3);
    expect(arms.personalised.rate).toBeCloseTo(0.15, 3);
    expect(arms.personalised.absoluteLift).toBeCloseTo(0.05, 3);
    expect(arms.personalised.relativeLift).toBeCloseTo(0.5, 2);
    // Pooled two-proportion z-test: p = 0.125, se = sqrt(p(1-p)·2/1000) → z = 3.381, two-sided p = 0.000722.
    expect(arms.personalised.pValue).toBeCloseTo(0.000722, 4);
    expect(arms.personalised.probBeatsControl).toBeGreaterThan(0.999);
    expect(arms.personalised.ci[0]).toBeGreaterThan(0);
    // 10 holdout exposures are fewer than k = 20: hidden, not shown as zero.
    expect(arms.holdout.hidden).toBe(true);
    expect(arms.holdout.exposures).toBeNull();
    // Revenue levels [0, 100]: the buyers' level is 100, almost never flipped at ε = 10.
    expect(arms.personalised.revenuePerExposure).toBeCloseTo(15, 0);
    expect(arms.personalised.revenueLift).toBeCloseTo(5, 0);
    // 1000:1000:10 against 47.5%:47.5%:5% is a clear sample-ratio mismatch.
    expect(result.srm.pValue).toBeLessThan(1e-6);
  });

  it('counts complete observations only, and shows pending exposures apart with when their windows close', async () => {
    const result = (await call('GET', '/v1/admin/sites/demo/results')).body.experiments.find((e: any) => e.id === experiment);
    const arms = Object.fromEntries(result.arms.map((a: any) => [a.id, a]));
    expect([arms.control.exposures, arms.personalised.exposures]).toEqual([1000, 1000]);
    expect(result.windowDays).toBe(7);
    const reporting = Object.fromEntries(result.reporting.arms.map((a: any) => [a.id, a]));
    expect(reporting.control).toMatchObject({ opened: 1040, due: 1000, arrived: 1000, share: 1, pending: 40 });
    expect(reporting.personalised).toMatchObject({ opened: 1030, due: 1000, arrived: 1000, share: 1, pending: 30 });
    // The pending units opened 2 days ago; their 7-day windows have closed by the end of the 5th day from now.
    expect(result.reporting.pendingUntil).toBe(new Date(Date.now() + 5 * DAY).toISOString().slice(0, 10));
    expect(result.reporting.warning).toBeNull();
  });
});

describe('results when shoppers come back at different rates per arm', () => {
  it('warns, naming each arm\'s share of report sets that arrived', async () => {
    const config = demo();
    config.site = 'returns';
    config.privacy = { epsilon: 10, revenueEpsilon: 10, dailyEpsilon: 20, k: 20 };
    await seedDemo(config);
    await units('returns', 'control', 500, 10, 400, 40);
    await units('returns', 'personalised', 500, 10, 300, 40);
    const result = (await call('GET', '/v1/admin/sites/returns/results')).body.experiments[0];
    const shares = Object.fromEntries(result.reporting.arms.map((a: any) => [a.id, a.share]));
    expect([shares.control, shares.personalised]).toEqual([0.8, 0.6]);
    expect(result.reporting.test.pValue).toBeLessThan(1e-6);
    expect(result.reporting.warning).toMatch(/^report sets arrived for 60% of personalised, 80% of control/);
  });
});

describe('results of an experiment without a control arm or holdout', () => {
  it('compares against the first arm instead of failing', async () => {
    const config = demo();
    config.site = 'nocontrol';
    config.globalHoldout = 0;
    config.privacy = { epsilon: 10, dailyEpsilon: 20, k: 1 };
    config.experiments = [{
      id: 'offers-only', slot: 'hero', version: 1,
      arms: [{ id: 'a', weight: 1, policy: 'offer', offerId: 'women-15' }, { id: 'b', weight: 1, policy: 'offer', offerId: 'men-15' }],
    }];
    await seedDemo(config);
    const report = (arm: string) => ({ kind: 'exposure', experiment: 'offers-only', version: 1, arm });
    await post('nocontrol', [report('a'), report('b'), report('b')]);
    const answer = await call('GET', '/v1/admin/sites/nocontrol/results');
    expect(answer.status).toBe(200);
    const experiment = answer.body.experiments[0];
    expect(experiment.control).toBe('a');
    // Nothing complete yet: the arms are hidden, and the exposures are pending.
    expect(experiment.arms.map((a: any) => [a.id, a.hidden, a.exposures, a.rate])).toEqual([['a', true, null, null], ['b', true, null, null]]);
    expect(experiment.reporting.arms.map((a: any) => [a.id, a.opened, a.pending])).toEqual([['a', 1, 1], ['b', 2, 2]]);
  });
});

describe('several running experiments on one slot', () => {
  it('splits the slot between them, shows each its share, and refuses a config where two could claim one shopper', async () => {
    const config = demo();
    config.site = 'split';
    config.experiments!.push({ ...config.experiments![0]!, id: 'hero-second' });
    await seedDemo(config);
    const device = (await call('GET', '/v1/sites/split/config', { token: null })).body;
    expect(device.experiments.map((e: any) => [e.id, e.namespace])).toEqual([
      ['hero-personalisation', { id: 'auto:hero', range: [0, 0.5] }], ['hero-second', { id: 'auto:hero', range: [0.5, 1] }],
    ]);
    const results = (await call('GET', '/v1/admin/sites/split/results')).body.experiments;
    expect(results.map((e: any) => [e.id, e.traffic.share])).toEqual([['hero-personalisation', 0.5], ['hero-second', 0.5]]);
    config.experiments![1]!.namespace = { id: 'mine', range: [0, 1] };
    const refused = await call('PUT', '/v1/admin/sites/split/config', { body: config });
    expect(refused.status).toBe(400);
    expect(refused.body.error.path).toEqual(['experiments', 1, 'namespace']);
    expect(refused.body.error.message).toMatch(/experiments "hero-personalisation" and "hero-second" both run on slot "hero"/);
  });
});
