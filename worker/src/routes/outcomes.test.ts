import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, demo, errorOf, seedDemo } from '../../test/client.ts';
import type { OutcomeCounter } from '../outcomes/index.ts';

let seq = 0;
function batchId(): string {
  seq++;
  return `batch-${String(seq).padStart(4, '0')}-abcdefghijkl`;
}

const today = () => new Date().toISOString().slice(0, 10);
const unit = { experiment: 'hero-personalisation', version: 1 };

function batch(overrides: Record<string, unknown> = {}) {
  return {
    schemaVersion: 2,
    batchId: batchId(),
    reports: [
      { kind: 'exposure', ...unit, arm: 'personalised', segment: 'vip' },
      { kind: 'outcome', ...unit, arm: 'personalised', segment: 'vip', exposed: today(), conversion: 1, revenue: 1 },
      { kind: 'exposure', ...unit, arm: 'control' },
      { kind: 'outcome', ...unit, arm: 'control', exposed: today(), conversion: 0, revenue: 0 },
      { kind: 'holdback', offer: 'new-arrivals', decile: 9, shown: false },
    ],
    ...overrides,
  };
}

async function armCounts() {
  const answer = await call('GET', '/v1/admin/sites/demo/results');
  expect(answer.status).toBe(200);
  const experiment = answer.body.experiments.find((e: any) => e.id === 'hero-personalisation');
  return Object.fromEntries(experiment.arms.map((a: any) => [a.id, a]));
}

describe('POST /v1/sites/{site}/outcomes', () => {
  beforeAll(async () => {
    // k = 1: these tests read back single reports, which the demo's k = 20 would hide.
    await seedDemo({ ...demo(), privacy: { epsilon: Math.log(3), k: 1 } });
  });

  it('accepts a batch with 202 and counts it', async () => {
    const before = await armCounts();
    const answer = await call('POST', '/v1/sites/demo/outcomes', { token: null, body: batch() });
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ accepted: 5, duplicate: false, dropped: [] });
    const after = await armCounts();
    // Results count report sets (complete observations); the exposures opened are counted apart.
    expect(after.personalised.exposures - before.personalised.exposures).toBe(1);
    expect(after.control.exposures - before.control.exposures).toBe(1);
  });

  it('counts a retried batch once', async () => {
    const body = batch();
    const before = await armCounts();
    const answers = await Promise.all([1, 2, 3].map(() => call('POST', '/v1/sites/demo/outcomes', { token: null, body })));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
    const after = await armCounts();
    expect(after.personalised.exposures - before.personalised.exposures).toBe(1);
    expect(after.personalised.conversionsReported - before.personalised.conversionsReported).toBe(1);
  });

  it('reads text/plain bodies (sendBeacon) as JSON, padded with spaces as devices send them', async () => {
    const answer = await call('POST', '/v1/sites/demo/outcomes', {
      token: null,
      raw: JSON.stringify(batch()).padEnd(1024),
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });
    expect(answer.status).toBe(202);
  });

  it('rejects malformed JSON', async () => {
    const answer = await call('POST', '/v1/sites/demo/outcomes', { token: null, raw: '{"schemaVersion":1,', headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(400);
    expect(errorOf(answer).code).toBe('invalid_json');
  });

  it('drops a report of the wrong shape, naming the field, and counts the others; a batch of only such reports is a 400', async () => {
    const body = batch();
    (body.reports[1] as any).revenue = 'yes';
    const answer = await call('POST', '/v1/sites/demo/outcomes', { token: null, body });
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({
      accepted: 4,
      duplicate: false,
      dropped: [{ index: 1, code: 'invalid_report', path: ['reports', 1, 'revenue'], message: 'reports[1].revenue: Invalid input: expected number, received string', retry: false }],
    });
    const only = await call('POST', '/v1/sites/demo/outcomes', { token: null, body: batch({ reports: [body.reports[1]] }) });
    expect(only.status).toBe(400);
    expect(errorOf(only)).toMatchObject({ code: 'invalid_outcomes', path: ['reports', 0, 'revenue'] });
    expect(errorOf(only).message).toBe('reports[0].revenue: Invalid input: expected number, received string');
    const v1 = await call('POST', '/v1/sites/demo/outcomes', { token: null, body: batch({ schemaVersion: 1 }) });
    expect(errorOf(v1).path).toEqual(['schemaVersion']);
  });

  it('rejects any field outside the whitelist, so no identifier can be stored', async () => {
    for (const [where, body] of [
      ['batch', batch({ userId: 'u-123' })],
      ['report', batch({ reports: [{ kind: 'exposure', ...unit, arm: 'control', url: 'https://shop/p/1' }] })],
    ] as const) {
      const answer = await call('POST', '/v1/sites/demo/outcomes', { token: null, body });
      expect(answer.status, where).toBe(400);
      expect(errorOf(answer).message, where).toMatch(/Unrecognized key.*(userId|url)/);
    }
  });

  it('drops reports naming what the site lacks: as retryable when the edge may not know it yet, else for good', async () => {
    const closed = { exposed: today(), conversion: 0, revenue: 0 };
    const cases: [Record<string, unknown>, (string | number)[], boolean][] = [
      [{ kind: 'exposure', experiment: 'nope', version: 1, arm: 'control' }, ['reports', 0, 'experiment'], true],
      [{ kind: 'outcome', ...unit, arm: 'zzz', ...closed }, ['reports', 0, 'arm'], true],
      [{ kind: 'exposure', ...unit, arm: 'control', segment: 'aliens' }, ['reports', 0, 'segment'], true],
      [{ kind: 'exposure', ...unit, version: 2, arm: 'control' }, ['reports', 0, 'version'], true],
      [{ kind: 'holdback', offer: 'no-such-offer', decile: 1, shown: true }, ['reports', 0, 'offer'], true],
      [{ kind: 'holdback-outcome', offer: 'new-arrivals', decile: 10, shown: true, ...closed }, ['reports', 0, 'decile'], false],
      // The demo has two revenue levels: index 2 does not exist.
      [{ kind: 'outcome', ...unit, arm: 'control', ...closed, revenue: 2 }, ['reports', 0, 'revenue'], false],
      [{ kind: 'outcome', ...unit, arm: 'control', ...closed, exposed: '2001-01-01' }, ['reports', 0, 'exposed'], false],
    ];
    for (const [report, path, retry] of cases) {
      const answer = await call('POST', '/v1/sites/demo/outcomes', { token: null, body: batch({ reports: [report] }) });
      if (retry) {
        expect(answer.status, JSON.stringify(report)).toBe(202);
        expect(answer.body).toMatchObject({ accepted: 0, dropped: [{ index: 0, path, retry: true }] });
      } else {
        expect(answer.status, JSON.stringify(report)).toBe(400);
        expect(errorOf(answer).path).toEqual(path);
      }
    }
  });

  it('rejects a conversion bit other than 0 or 1 and days far from today', async () => {
    const bit = await call('POST', '/v1/sites/demo/outcomes', {
      token: null,
      body: batch({ reports: [{ kind: 'outcome', ...unit, arm: 'control', exposed: today(), conversion: 4, revenue: 0 }] }),
    });
    expect(errorOf(bit).path).toEqual(['reports', 0, 'conversion']);
    const old = await call('POST', '/v1/sites/demo/outcomes', { token: null, body: batch({ day: '2001-01-01' }) });
    expect(old.status).toBe(400);
    expect(errorOf(old).path).toEqual(['day']);
  });

  it('rejects unknown sites, foreign origins and oversized bodies', async () => {
    const unknown = await call('POST', '/v1/sites/elsewhere/outcomes', { token: null, body: batch() });
    expect(unknown.status).toBe(404);
    const foreign = await call('POST', '/v1/sites/demo/outcomes', { token: null, body: batch(), headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const huge = await call('POST', '/v1/sites/demo/outcomes', { token: null, raw: 'x'.repeat(70 * 1024), headers: { 'content-type': 'application/json' } });
    expect(huge.status).toBe(413);
    expect(errorOf(huge).code).toBe('payload_too_large');
  });

  it('rate limits a site past its batches per minute', async () => {
    const stub = env.OUTCOME_COUNTER.get(env.OUTCOME_COUNTER.idFromName('ratelimit-test'));
    const report = { kind: 'exposure' as const, experiment: 'e', version: 1, arm: 'a' };
    const results = await runInDurableObject(stub, async (counter: OutcomeCounter) => [
      await counter.ingest('rate-limit-batch-0001', '2026-11-22', [report], 2),
      await counter.ingest('rate-limit-batch-0002', '2026-11-22', [report], 2),
      await counter.ingest('rate-limit-batch-0003', '2026-11-22', [report], 2),
    ]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'rate_limited']);
    const cells = await stub.cells();
    expect(cells.reduce((n, c) => n + c.count, 0)).toBe(2);
  });
});
