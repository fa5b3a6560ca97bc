// Outcome reporting: units and their report sets, the ε budget, the bounded outbox, and the transport.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { outcomeBatchSchema, UNIT_KINDS, type OpeningReport } from '../../../protocol/outcomes.ts';
import { DEFAULT_REVENUE_LEVELS, privacySchema } from '../../../protocol/site-config.ts';
import { mulberry32 } from '../../../stats/prng.ts';
import type { StoredEvent } from '../events/index.ts';
import { openIdbStore } from '../store/index.ts';
import { uniqueSite } from '../testing/fixtures.ts';
import {
  CLOSES, MAX_OUTBOX_REPORTS, Outbox, PAD_BYTES, Reporter, addReports, outboxSize, closeUnits, openUnit, padded, reportSet, spend, unitEpsilon,
  type OutcomeContext, type UnitPlace,
} from './index.ts';
import { batchDone, batchFailed, dueBatches } from './deliver.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-10T09:00:00Z');
const privacy = privacySchema.parse({});
const ctx = (now: number, random: () => number = mulberry32(1)): OutcomeContext => ({ privacy, attributionDays: 7, holdbackDays: 1, now, random });
const memory = (): UnitPlace => ({ store: null, memory: { units: [], budget: null, events: [] } });
const exposure: OpeningReport = { kind: 'exposure', experiment: 'e', version: 1, arm: 'a', segment: 'vip' };
const purchase = (t: number, value: number): StoredEvent => ({ t, type: 'purchase', value, items: [] });

describe('units and their report sets', () => {
  it('mirrors the protocol: opening kinds, closing kinds and the default privacy', () => {
    expect(Object.values(UNIT_KINDS).map((k) => [k.opens, k.closes])).toEqual(Object.entries(CLOSES));
    expect(privacy.revenueLevels).toEqual(DEFAULT_REVENUE_LEVELS);
    expect(unitEpsilon(privacy)).toBeCloseTo(Math.log(9), 12);
  });

  it('opens units while the day\'s budget lasts, then none until the next UTC day', async () => {
    const place = memory();
    const outbox = new Outbox();
    // dailyEpsilon 7 holds three units of ln 9 = 2.197.
    const opened = [];
    for (let i = 0; i < 4; i++) opened.push(await openUnit(place, exposure, ctx(T0 + i), 7, outbox));
    expect(opened.map((r) => r !== null)).toEqual([true, true, true, false]);
    expect(place.memory.units).toHaveLength(3);
    expect(place.memory.budget?.day).toBe('2026-11-10');
    expect(place.memory.budget?.spent).toBeCloseTo(3 * Math.log(9), 12);
    expect(outbox.batches.flatMap((b) => b.reports)).toEqual([exposure, exposure, exposure]);
    expect(await openUnit(place, exposure, ctx(T0 + DAY), 7, outbox)).toEqual(exposure);
    expect(spend(null, 1, T0, 0.5)).toBeNull();
    expect(spend(undefined, 1, T0, Number.NaN)).toBeNull();
  });

  it('sends exactly one report set per unit once its window closes, from the purchases inside the window', async () => {
    const place = memory();
    const outbox = new Outbox();
    await openUnit(place, exposure, ctx(T0), 7, outbox);
    await openUnit(place, { kind: 'holdback', offer: 'o', decile: 3, shown: false }, ctx(T0), 1, outbox);
    place.memory.events.push(purchase(T0 - 1000, 500), purchase(T0 + 2 * DAY, 40), purchase(T0 + 3 * DAY, 20), purchase(T0 + 7 * DAY, 999));
    // random() = 0: every bit kept true, every amount rounded down, every level kept.
    const sure = () => 0;
    expect(await closeUnits(place, ctx(T0 + DAY - 1, sure), outbox)).toEqual([]);
    const first = await closeUnits(place, ctx(T0 + DAY, sure), outbox);
    // The holdback's window (1 day) saw no purchase: it reports conversion 0, revenue level 0.
    expect(first).toEqual([{ kind: 'holdback-outcome', offer: 'o', decile: 3, shown: false, exposed: '2026-11-10', conversion: 0, revenue: 0 }]);
    expect(await closeUnits(place, ctx(T0 + 7 * DAY - 1, sure), outbox)).toEqual([]);
    const [set] = await closeUnits(place, ctx(T0 + 8 * DAY, () => 0.999999), outbox);
    // The experiment unit bought 60 in its window (not the 500 before it, nor the 999 after): conversion 1, and
    // with random() just under 1 the bit is flipped, 60 is rounded down to level 0 (60/200 < 0.999) and the level
    // is moved to the other index.
    expect(set).toEqual({ ...exposure, kind: 'outcome', exposed: '2026-11-10', conversion: 0, revenue: 1 });
    expect(place.memory.units).toEqual([]);
    expect(await closeUnits(place, ctx(T0 + 30 * DAY), outbox)).toEqual([]);
    expect(outbox.batches.flatMap((b) => b.reports).filter((r) => r.kind !== 'exposure' && r.kind !== 'holdback')).toHaveLength(2);
  });

  it('gives buyers and non-buyers report sets of the same keys and size, every value drawn by the mechanisms', () => {
    const unit = { opened: exposure, at: T0, until: T0 + 7 * DAY };
    const random = mulberry32(3);
    const sizes = new Set<number>();
    const keys = new Set<string>();
    let ones = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const buyer = i % 4 === 0;
      const set = reportSet(unit, buyer ? [purchase(T0 + DAY, 80)] : [], ctx(T0 + 8 * DAY, random));
      sizes.add(JSON.stringify(set).length);
      keys.add(Object.keys(set).sort().join());
      ones += set.conversion;
      expect(outcomeBatchSchema.shape.reports.element.safeParse(set).success).toBe(true);
    }
    expect(sizes.size).toBe(1);
    expect(keys.size).toBe(1);
    // 25% buyers at ε = ln 3: E[share of ones] = 0.25 + 0.25·0.5 = 0.375.
    expect(Math.abs(ones / n - 0.375)).toBeLessThan(5 * Math.sqrt((0.375 * 0.625) / n));
  });

  it('shares one budget and reports each unit once across two tabs of one IndexedDB database', async () => {
    const name = `edgewise-${uniqueSite()}`;
    const [a, b] = [await openIdbStore(name), await openIdbStore(name)];
    const tab = (store: typeof a): UnitPlace => ({ store, memory: { units: [], budget: null, events: [] } });
    const outboxes = [new Outbox(), new Outbox()];
    // Two tabs open units at once: the budget of three per day holds across them.
    const opened = await Promise.all([0, 1, 2, 3, 4].map((i) => openUnit(tab(i % 2 ? a : b), exposure, ctx(T0 + i), 7, outboxes[i % 2]!)));
    expect(opened.filter((r) => r !== null)).toHaveLength(3);
    await a.commit({ events: [purchase(T0 + DAY, 120)], assignments: [] });
    // Both tabs close at once: three report sets in all, each converted, none twice.
    const closed = await Promise.all([closeUnits(tab(a), ctx(T0 + 8 * DAY, () => 0), outboxes[0]!), closeUnits(tab(b), ctx(T0 + 8 * DAY, () => 0), outboxes[1]!)]);
    expect(closed.flat().map((s) => ('conversion' in s ? s.conversion : null))).toEqual([1, 1, 1]);
    expect((await a.load()).units).toEqual([]);
    // A window of 0 days closes at the next look, with no purchase in it.
    await openUnit(tab(a), exposure, ctx(T0 + 2 * DAY), 0, outboxes[0]!);
    expect((await closeUnits(tab(a), ctx(T0 + 2 * DAY), outboxes[0]!)).map((s) => s.kind)).toEqual(['outcome']);
    a.close();
    b.close();
  });
});

describe('the wire', () => {
  it('pads every body with spaces to a multiple of PAD_BYTES, still valid JSON', () => {
    const body = { schemaVersion: 2 as const, batchId: 'b'.repeat(22), day: '2026-11-10', reports: [exposure] };
    const text = padded(body);
    expect(text.length % PAD_BYTES).toBe(0);
    expect(JSON.parse(text)).toEqual(body);
    expect(outcomeBatchSchema.safeParse(JSON.parse(text)).success).toBe(true);
  });
});

describe('Outbox', () => {
  const report: OpeningReport = { kind: 'exposure', experiment: 'e', version: 1, arm: 'a' };

  it('batches up to 200 reports per batch and a fresh id per batch', () => {
    const outbox = new Outbox();
    addReports(outbox, Array(500).fill(report), '2026-11-01', 0);
    expect(outbox.batches.map((b) => b.reports.length)).toEqual([200, 200, 100]);
    expect(new Set(outbox.batches.map((b) => b.batchId)).size).toBe(3);
    expect(outbox.batches.every((b) => /^[A-Za-z0-9_-]{16,64}$/.test(b.batchId))).toBe(true);
  });

  it('drops the oldest batches first beyond its bound, and counts them', () => {
    const outbox = new Outbox();
    addReports(outbox, Array(500).fill({ ...report, arm: 'old' }), '2026-11-01', 0);
    addReports(outbox, Array(MAX_OUTBOX_REPORTS).fill(report), '2026-11-02', 0);
    expect(outboxSize(outbox)).toBeLessThanOrEqual(MAX_OUTBOX_REPORTS);
    expect(outbox.dropped).toBe(500);
    expect(outbox.batches.some((b) => b.reports.some((r) => 'arm' in r && r.arm === 'old'))).toBe(false);
  });

  it('never adds to a batch read back from storage: it may have been sent on pagehide before its attempt was written', () => {
    const stored = [{ batchId: 'a'.repeat(22), day: '2026-11-01', reports: [report], attempts: 0, nextAttemptAt: 0 }];
    const outbox = new Outbox(structuredClone(stored));
    addReports(outbox, [report], '2026-11-01', 0);
    expect(outbox.batches.map((b) => b.reports.length)).toEqual([1, 1]);
    expect(dueBatches(outbox, 0).map((d) => d.body.batchId)[0]).toBe(stored[0]!.batchId);
  });

  it('retries a failed batch under the same id with growing backoff, and never adds to a batch already tried', () => {
    const outbox = new Outbox();
    addReports(outbox, [report], '2026-11-01', 0);
    const { batch } = dueBatches(outbox, 0)[0]!;
    batchFailed(outbox, batch.batchId, 0, () => 0.999);
    const first = batch.nextAttemptAt;
    expect(dueBatches(outbox, first - 1)).toEqual([]);
    expect(dueBatches(outbox, first)).toHaveLength(1);
    batchFailed(outbox, batch.batchId, 0, () => 0.999);
    expect(batch.nextAttemptAt).toBeGreaterThan(first);
    addReports(outbox, [report], '2026-11-01', 0);
    expect(outbox.batches).toHaveLength(2);
    expect(dueBatches(outbox, batch.nextAttemptAt)[0]!.body).toEqual({ schemaVersion: 2, batchId: batch.batchId, day: '2026-11-01', reports: [report] });
    batchDone(outbox, batch.batchId);
    expect(outbox.batches).toHaveLength(1);
  });
});

describe('Reporter', () => {
  it('never loses reports added while a batch is in flight', async () => {
    const report: OpeningReport = { kind: 'exposure', experiment: 'e', version: 1, arm: 'a' };
    const received: unknown[][] = [];
    let reporter!: Reporter;
    const fetcher = (async (_url: string, init: RequestInit) => {
      // While the first batch is on the wire, the page queues another report.
      if (received.length === 0) {
        addReports(reporter.outbox, [{ ...report, arm: 'late' }], '1970-01-01', 0);
        reporter.added();
      }
      received.push(JSON.parse(String(init.body)).reports.map((r: { arm: string }) => r.arm));
      return new Response(null, { status: 202 });
    }) as typeof fetch;
    reporter = new Reporter({
      api: 'https://edge.test', site: 's', fetch: fetcher, now: () => 0, random: () => 0.5,
      allowed: () => true, changed: () => {}, log: () => {},
    });
    addReports(reporter.outbox, [report], '1970-01-01', 0);
    reporter.added();
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
    addReports(reporter.outbox, [{ kind: 'exposure', experiment: 'e', version: 1, arm: 'a' }], '2026-11-01', 0);
    expect(await reporter.send()).toBe(0);
    expect(calls).toEqual([]);
  });
});
