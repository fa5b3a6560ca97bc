// Bounded work per site (issue 13, items 1 and 6): only published units create cells, new cells per day are
// capped, a flush reads only what changed and cells of units no longer accepted are pruned once flushed; a batch
// keeps its good reports when others are dropped.
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, demo, seedDemo } from '../../test/client.ts';
import { flushCounter, nextAccepts, utcDay, type Accepts, type OutcomeCounter } from './index.ts';
import { counterFor } from './stub.ts';

let n = 0;
const batchId = () => `bounds-${String(++n).padStart(6, '0')}-abcdefgh`;
const exposure = (overrides: Record<string, unknown> = {}) => ({ kind: 'exposure', experiment: 'hero-personalisation', version: 1, arm: 'control', ...overrides });
const post = (site: string, reports: unknown[], extra: Record<string, unknown> = {}) =>
  call('POST', `/v1/sites/${site}/outcomes`, { token: null, body: { schemaVersion: 2, batchId: batchId(), reports, ...extra } });
const sql = <T>(site: string, query: string, ...bindings: unknown[]) =>
  runInDurableObject(counterFor(env as Env, site), async (_: OutcomeCounter, state) => state.storage.sql.exec(query, ...bindings).toArray() as T[]);
const cellCount = async (site: string) => (await sql<{ n: number }>(site, 'SELECT COUNT(*) AS n FROM report_cells'))[0]!.n;
/** What the demo's published record accepts now. */
const accepts = async (site = 'demo'): Promise<Accepts> => JSON.parse((await env.CONFIG_KV.get(`published:${site}`, 'text'))!).accepts;

describe('outcome cells only for what the site published (item 1)', () => {
  beforeAll(async () => {
    await seedDemo();
  });

  it('120 unauthenticated batches naming version 999999 create no cell', async () => {
    const before = await cellCount('demo');
    const junk = Array.from({ length: 200 }, (_, i) => exposure({ version: 999999, arm: `arm${i % 50}` }));
    for (let i = 0; i < 120; i++) {
      const answer = await post('demo', junk);
      expect(answer.status).toBe(202);
      expect(answer.body.accepted).toBe(0);
      expect(answer.body.dropped).toHaveLength(200);
      expect(answer.body.dropped[0]).toMatchObject({ code: 'unknown_version', path: ['reports', 0, 'version'] });
    }
    expect(await cellCount('demo')).toBe(before);
  });

  it('caps the new cells a site creates per day, naming the dropped reports', async () => {
    await sql('demo', 'INSERT INTO created (day, cells) VALUES (?, 19999) ON CONFLICT DO UPDATE SET cells = 19999', utcDay(0));
    // Report 0 is dropped for its shape; 1 creates the day's last allowed cell; 2 and 3 would create more; 4 adds
    // to the cell 1 created.
    const answer = await post('demo', [{ bad: true }, exposure({ segment: 'vip' }), exposure({ segment: 'lapsing' }), exposure({ segment: 'womenswear' }), exposure({ segment: 'vip' })], { day: utcDay(-3) });
    expect(answer.status).toBe(202);
    expect(answer.body.accepted).toBe(2);
    expect(answer.body.dropped.map((d: any) => [d.index, d.code, d.retry])).toEqual([[0, 'invalid_report', false], [2, 'cell_limit', true], [3, 'cell_limit', true]]);
    await sql('demo', 'DELETE FROM created');
  });

  it('flushes only cells changed since the last flush, and prunes flushed cells of units no longer accepted', async () => {
    const live = await accepts();
    await flushCounter(env as Env, 'demo', live);
    expect((await flushCounter(env as Env, 'demo', live)).flushed).toBe(0);
    const answer = await post('demo', [exposure(), exposure({ arm: 'personalised' })], { day: utcDay(-1) });
    expect(answer.body.accepted).toBe(2);
    expect((await flushCounter(env as Env, 'demo', live)).flushed).toBe(2);
    // Cells of a version replaced long ago, as an object that ran for months would hold.
    const old = JSON.stringify({ arm: 'control', experiment: 'hero-personalisation', kind: 'exposure', version: 0 });
    await sql('demo', "UPDATE meta SET value = value + 1 WHERE key = 'seq'");
    const seq = (await sql<{ value: number }>('demo', "SELECT value FROM meta WHERE key = 'seq'"))[0]!.value;
    await sql('demo', 'INSERT INTO report_cells (day, report, count, seq) VALUES (?, ?, 7, ?)', utcDay(-200), old, seq);
    const before = await cellCount('demo');
    expect(await flushCounter(env as Env, 'demo', live)).toMatchObject({ flushed: 1, pruned: 1 });
    const history = await env.DB.prepare("SELECT count FROM report_history WHERE site = 'demo' AND report = ?").bind(old).first<{ count: number }>();
    expect(history?.count).toBe(7);
    expect(await cellCount('demo')).toBe(before - 1);
  });

  it('a feedback run after junk flushes only the real cells it brought', async () => {
    await flushCounter(env as Env, 'demo', await accepts());
    for (let i = 0; i < 20; i++) await post('demo', Array.from({ length: 200 }, () => exposure({ version: 424242 })));
    await post('demo', [exposure({ segment: 'everyone' })]);
    const run = await call('POST', '/v1/admin/sites/demo/feedback');
    expect(run.status).toBe(200);
    expect(run.body.flushedCells).toBe(1);
  });
});

describe('what a site accepts', () => {
  it('keeps a replaced version, segment or offer for the attribution window plus 14 days, then forgets it', () => {
    const config = { experiments: [{ id: 'e', version: 2, arms: [{ id: 'a' }] }], segments: [{ id: 's2' }], offers: [{ id: 'o2' }], attributionDays: 7 } as never;
    const before = { experiments: { e: { 1: { arms: ['a', 'holdout'], until: null } } }, segments: { s1: null }, offers: { o1: null } };
    const now = new Date('2026-11-01T00:00:00Z');
    const next = nextAccepts(before, config, now);
    expect(next.experiments.e).toEqual({ 1: { arms: ['a', 'holdout'], until: '2026-11-22T00:00:00.000Z' }, 2: { arms: ['a', 'holdout'], until: null } });
    expect(next.segments).toEqual({ s1: '2026-11-22T00:00:00.000Z', s2: null });
    const later = nextAccepts(next, config, new Date('2026-11-23T00:00:00Z'));
    expect(Object.keys(later.experiments.e!)).toEqual(['2']);
    expect(later.offers).toEqual({ o2: null });
  });
});

describe('a batch keeps its good reports (item 6)', () => {
  it('a report naming a segment removed since is still counted during the grace period', async () => {
    const config = { ...demo(), site: 'regrets' };
    await seedDemo(config);
    const fewer = { ...config, segments: config.segments.filter((s: any) => s.id !== 'vip') };
    fewer.offers = fewer.offers.map((o: any) => ({ ...o, upliftPrior: Object.fromEntries(Object.entries(o.upliftPrior).filter(([s]) => s !== 'vip')) }));
    await seedDemo(fewer);
    const answer = await post('regrets', [exposure(), exposure({ segment: 'vip' }), exposure({ segment: 'never-was' })]);
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ accepted: 2, dropped: [{ index: 2, code: 'unknown_segment', retry: true }] });
  });
});
