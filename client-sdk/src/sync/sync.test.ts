// Outcome reporting: randomised response, revenue buckets, attribution, and the bounded outbox.
import { describe, expect, it } from 'vitest';
import type { Assignment } from '../store/index.ts';
import {
  MAX_OUTBOX_REPORTS, Outbox, Reporter, closedWindowReports, exposureReports, keepProbability, purchaseReports, randomisedResponse,
  revenueBucket,
} from './index.ts';
import { batchDone, batchFailed, dueBatches } from './deliver.ts';

const DAY = 86_400_000;

/** Deterministic uniform numbers (mulberry32), so the statistical checks cannot flake. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const assignment = (changes: Partial<Assignment> = {}): Assignment => ({
  experiment: 'e', version: 1, arm: 'a', assignedAt: 0, exposedAt: null, exposureReported: false, conversionReported: false, ...changes,
});

describe('randomised response', () => {
  it('keeps the true bit with probability e^ε/(1+e^ε), and the edge can debias it', () => {
    expect(keepProbability(Math.log(3))).toBeCloseTo(0.75, 12);
    const random = prng(7);
    const epsilon = Math.log(3);
    const p = keepProbability(epsilon);
    // 30% true converters among 40,000 devices.
    let ones = 0;
    const n = 40_000;
    for (let i = 0; i < n; i++) ones += randomisedResponse(i % 10 < 3 ? 1 : 0, epsilon, random);
    const debiased = (ones / n - (1 - p)) / (2 * p - 1);
    expect(debiased).toBeGreaterThan(0.28);
    expect(debiased).toBeLessThan(0.32);
  });

  it('buckets revenue by REVENUE_BUCKET_EDGES', () => {
    expect([0, 9.99, 10, 42, 99.99, 100, 999, 1000, 5000].map(revenueBucket)).toEqual([0, 0, 1, 2, 3, 4, 6, 7, 7]);
  });
});

describe('attribution', () => {
  const ctx = (now: number) => ({ epsilon: 50, attributionDays: 7, now, random: prng(1) });

  it('reports one exposure per version, then one conversion and a revenue bucket per purchase in the window', () => {
    const a = assignment({ segment: 'vip' });
    expect(exposureReports(a, ctx(0))).toEqual([{ experiment: 'e', version: 1, arm: 'a', segment: 'vip', metric: 'exposure', value: 1 }]);
    expect(exposureReports(a, ctx(DAY))).toEqual([]);
    expect(a.exposedAt).toBe(DAY);
    const first = purchaseReports([a], 60, ctx(2 * DAY));
    expect(first.map((r) => [r.metric, r.value])).toEqual([['conversion', 1], ['revenue', 3]]);
    expect(purchaseReports([a], 5, ctx(3 * DAY)).map((r) => [r.metric, r.value])).toEqual([['revenue', 0]]);
    expect(purchaseReports([a], 5, ctx(9 * DAY))).toEqual([]);
    expect(closedWindowReports([a], ctx(30 * DAY))).toEqual([]);
  });

  it('owes a conversion bit of 0 once the window closes without a purchase', () => {
    const a = assignment({ exposedAt: 0, exposureReported: true });
    expect(closedWindowReports([a], ctx(6 * DAY))).toEqual([]);
    expect(closedWindowReports([a], ctx(8 * DAY)).map((r) => [r.metric, r.value])).toEqual([['conversion', 0]]);
    expect(closedWindowReports([a], ctx(9 * DAY))).toEqual([]);
  });
});

describe('Outbox', () => {
  const report = { experiment: 'e', version: 1, arm: 'a', metric: 'exposure' as const, value: 1 };

  it('batches up to 500 reports per batch and a fresh id per batch', () => {
    const outbox = new Outbox();
    outbox.add(Array(1200).fill(report), '2026-11-01', 0);
    expect(outbox.batches.map((b) => b.reports.length)).toEqual([500, 500, 200]);
    expect(new Set(outbox.batches.map((b) => b.batchId)).size).toBe(3);
    expect(outbox.batches.every((b) => /^[A-Za-z0-9_-]{16,64}$/.test(b.batchId))).toBe(true);
  });

  it('drops the oldest batches first beyond its bound, and counts them', () => {
    const outbox = new Outbox();
    outbox.add(Array(500).fill({ ...report, arm: 'old' }), '2026-11-01', 0);
    outbox.add(Array(MAX_OUTBOX_REPORTS).fill(report), '2026-11-02', 0);
    expect(outbox.size).toBeLessThanOrEqual(MAX_OUTBOX_REPORTS);
    expect(outbox.dropped).toBe(500);
    expect(outbox.batches.some((b) => b.reports.some((r) => r.arm === 'old'))).toBe(false);
  });

  it('retries a failed batch under the same id with growing backoff, and never adds to a batch already tried', () => {
    const outbox = new Outbox();
    outbox.add([report], '2026-11-01', 0);
    const { batch } = dueBatches(outbox, 0)[0]!;
    batchFailed(outbox, batch.batchId, 0, () => 0.999);
    const first = batch.nextAttemptAt;
    expect(dueBatches(outbox, first - 1)).toEqual([]);
    expect(dueBatches(outbox, first)).toHaveLength(1);
    batchFailed(outbox, batch.batchId, 0, () => 0.999);
    expect(batch.nextAttemptAt).toBeGreaterThan(first);
    outbox.add([report], '2026-11-01', 0);
    expect(outbox.batches).toHaveLength(2);
    expect(dueBatches(outbox, batch.nextAttemptAt)[0]!.body).toEqual({ schemaVersion: 1, batchId: batch.batchId, day: '2026-11-01', reports: [report] });
    batchDone(outbox, batch.batchId);
    expect(outbox.batches).toHaveLength(1);
  });
});

describe('Reporter', () => {
  it('never loses reports added while a batch is in flight', async () => {
    const report = { experiment: 'e', version: 1, arm: 'a', metric: 'exposure' as const, value: 1 };
    const received: unknown[][] = [];
    let reporter!: Reporter;
    const fetcher = (async (_url: string, init: RequestInit) => {
      // While the first batch is on the wire, the page queues another report.
      if (received.length === 0) reporter.add([{ ...report, arm: 'late' }]);
      received.push(JSON.parse(String(init.body)).reports.map((r: { arm: string }) => r.arm));
      return new Response(null, { status: 202 });
    }) as typeof fetch;
    reporter = new Reporter({
      api: 'https://edge.test', site: 's', fetch: fetcher, now: () => 0, random: () => 0.5,
      allowed: () => true, changed: () => {}, log: () => {},
    });
    reporter.add([report]);
    expect(await reporter.send()).toBe(1);
    expect(await reporter.send()).toBe(1);
    expect(received).toEqual([['a'], ['late']]);
    expect(reporter.outbox.batches).toEqual([]);
  });

  it('sends nothing while reporting is not allowed', async () => {
    const calls: string[] = [];
    const reporter = new Reporter({
      api: 'https://edge.test', site: 's', fetch: (async (url: string) => { calls.push(url); return new Response(null, { status: 202 }); }) as typeof fetch,
      now: () => 0, random: () => 0.5, allowed: () => false, changed: () => {}, log: () => {},
    });
    reporter.outbox.add([{ experiment: 'e', version: 1, arm: 'a', metric: 'exposure', value: 1 }], '2026-11-01', 0);
    expect(await reporter.send()).toBe(0);
    expect(calls).toEqual([]);
  });
});
