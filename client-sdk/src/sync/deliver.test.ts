// Delivery keeps what can still be counted and drops only what never can (issue 13, item 6).
import { describe, expect, it } from 'vitest';
import type { OutcomeReport } from '../../../protocol/outcomes.ts';
import { MAX_ATTEMPTS, deliverDue } from './deliver.ts';
import { Outbox, addReports } from './outbox.ts';

const report = (segment: string): OutcomeReport => ({ kind: 'exposure', experiment: 'e', version: 1, arm: 'a', segment });

/** An outbox with one due batch of `n` reports, and a fake edge answering each POST with `answer(body)`. */
function setup(n: number, answer: (body: { batchId: string; reports: OutcomeReport[] }) => Response) {
  const outbox = new Outbox();
  addReports(outbox, Array.from({ length: n }, (_, i) => report(`s${i}`)), '2026-11-30', 0);
  const posts: { batchId: string; reports: OutcomeReport[] }[] = [];
  let now = 0;
  const options = {
    api: 'https://edge.test', site: 'acme', now: () => now, random: () => 0.5, log: () => {},
    fetch: (async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body));
      posts.push(body);
      return answer(body);
    }) as typeof fetch,
  };
  return { outbox, posts, options, later: (ms: number) => (now += ms) };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('deliverDue', () => {
  it('sends again, in a new batch, only the reports the edge could not place yet', async () => {
    const { outbox, posts, options, later } = setup(4, (body) =>
      json(202, {
        accepted: body.reports.length - 2, duplicate: false,
        dropped: body.reports.length === 4
          ? [{ index: 1, code: 'unknown_segment', retry: true }, { index: 3, code: 'invalid_report', retry: false }]
          : [],
      }),
    );
    expect((await deliverDue(outbox, options))[0]).toBe(1);
    expect(outbox.batches).toHaveLength(1);
    expect(outbox.batches[0]!.reports).toEqual([report('s1')]);
    expect(outbox.batches[0]!.batchId).not.toBe(posts[0]!.batchId);
    later(3_600_000);
    await deliverDue(outbox, options);
    expect(posts[1]!.reports).toEqual([report('s1')]);
    expect(outbox.batches).toHaveLength(0);
  });

  it('splits a batch the edge finds too large (413), and both halves arrive', async () => {
    const { outbox, posts, options } = setup(6, (body) => (body.reports.length > 3 ? json(413, { error: { code: 'payload_too_large' } }) : json(202, { accepted: body.reports.length, duplicate: false, dropped: [] })));
    await deliverDue(outbox, options);
    await deliverDue(outbox, options);
    const delivered = posts.filter((p) => p.reports.length <= 3).flatMap((p) => p.reports);
    expect(delivered).toEqual(Array.from({ length: 6 }, (_, i) => report(`s${i}`)));
    expect(new Set(posts.map((p) => p.batchId)).size).toBe(3);
    expect(outbox.batches).toHaveLength(0);
  });

  it('keeps a batch the edge may take later (404 while a config is on its way, 403, 429, 503) and drops a 400', async () => {
    for (const status of [404, 403, 408, 429, 503]) {
      const { outbox, options } = setup(2, () => json(status, { error: { code: 'x' } }));
      await deliverDue(outbox, options);
      expect(outbox.batches, String(status)).toHaveLength(1);
      expect(outbox.batches[0]!.nextAttemptAt).toBeGreaterThan(0);
    }
    const { outbox, options } = setup(2, () => json(400, { error: { code: 'invalid_outcomes' } }));
    await deliverDue(outbox, options);
    expect(outbox.batches).toHaveLength(0);
  });

  it(`gives up after ${MAX_ATTEMPTS} tries`, async () => {
    const { outbox, posts, options, later } = setup(1, () => json(503, {}));
    for (let i = 0; i < MAX_ATTEMPTS + 5; i++) {
      await deliverDue(outbox, options);
      later(3_600_000);
    }
    expect(posts).toHaveLength(MAX_ATTEMPTS);
    expect(outbox.batches).toHaveLength(0);
  });
});
