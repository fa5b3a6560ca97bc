import { beforeAll, describe, expect, it } from 'vitest';
import { call, demo, seedDemo } from '../../test/client.ts';

const experiment = 'hero-personalisation';

/** Sends `n` copies of one report, in batches of at most 500. */
async function send(arm: string, metric: 'exposure' | 'conversion' | 'revenue', value: number, n: number, segment?: string) {
  for (let sent = 0; sent < n; sent += 500) {
    const count = Math.min(500, n - sent);
    const report = { experiment, version: 1, arm, metric, value, ...(segment ? { segment } : {}) };
    const answer = await call('POST', '/v1/sites/demo/outcomes', {
      token: null,
      body: { schemaVersion: 1, batchId: crypto.randomUUID().replace(/-/g, ''), reports: Array(count).fill(report) },
    });
    expect(answer.status).toBe(202);
  }
}

describe('GET /v1/admin/sites/{site}/results', () => {
  beforeAll(async () => {
    // ε large enough that randomised response barely flips: the debiased figures stay close to the true ones.
    await seedDemo({ ...demo(), privacy: { epsilon: 10, k: 20 } });
    await send('control', 'exposure', 1, 1000);
    await send('control', 'conversion', 1, 100);
    await send('control', 'conversion', 0, 900);
    await send('personalised', 'exposure', 1, 1000);
    await send('personalised', 'conversion', 1, 150);
    await send('personalised', 'conversion', 0, 850);
    await send('holdout', 'exposure', 1, 10, 'vip');
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
    // 1000:1000:10 against 47.5%:47.5%:5% is a clear sample-ratio mismatch.
    expect(result.srm.pValue).toBeLessThan(1e-6);
  });
});

describe('results of an experiment without a control arm or holdout', () => {
  it('compares against the first arm instead of failing', async () => {
    const config = demo();
    config.site = 'nocontrol';
    config.globalHoldout = 0;
    config.privacy = { epsilon: 10, k: 1 };
    config.experiments = [{
      id: 'offers-only', slot: 'hero', version: 1,
      arms: [{ id: 'a', weight: 1, policy: 'offer', offerId: 'women-15' }, { id: 'b', weight: 1, policy: 'offer', offerId: 'men-15' }],
    }];
    await seedDemo(config);
    const report = (arm: string) => ({ experiment: 'offers-only', version: 1, arm, metric: 'exposure', value: 1 });
    const sent = await call('POST', '/v1/sites/nocontrol/outcomes', {
      token: null,
      body: { schemaVersion: 1, batchId: 'nocontrol-batch-0001', reports: [report('a'), report('b'), report('b')] },
    });
    expect(sent.status).toBe(202);
    const answer = await call('GET', '/v1/admin/sites/nocontrol/results');
    expect(answer.status).toBe(200);
    const experiment = answer.body.experiments[0];
    expect(experiment.control).toBe('a');
    // Exposures are shown before any conversion report arrives (k = 1); rates wait for conversion reports.
    expect(experiment.arms.map((a: any) => [a.id, a.hidden, a.exposures, a.rate])).toEqual([['a', false, 1, null], ['b', false, 2, null]]);
  });
});
