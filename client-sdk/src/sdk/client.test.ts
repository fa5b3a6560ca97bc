// The SDK end to end in Node: fake-indexeddb for storage, a fake edge for config and outcomes.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEdgewise, type EdgewiseOptions } from '../index.ts';
import { Client } from './client.ts';
import { resolveOptions } from './options.ts';
import { demoConfig, fakeEdge, uniqueSite, type FakeEdge } from '../testing/fixtures.ts';

const DAY = 86_400_000;
const noExperiments = () => demoConfig({ experiments: [], globalHoldout: 0 });

function start(edge: FakeEdge, extra: Partial<EdgewiseOptions> = {}) {
  const sdk = createEdgewise({ site: extra.site ?? uniqueSite(), api: 'https://edge.test', fetch: edge.fetch, configTimeoutMs: 500, ...extra });
  // exportData() resolves to a Failure only when reading the store throws; here it is always the data.
  const exportData = async () => {
    const data = await sdk.exportData();
    if ('ok' in data) throw new Error(data.reason);
    return data;
  };
  return { ...sdk, exportData };
}

const exists = async (site: string) => (await indexedDB.databases()).some((d) => d.name === `edgewise-${site}`);

async function countEvents(site: string): Promise<number> {
  // Opening a missing database would create it: look first.
  if (!(await exists(site))) return 0;
  const db = await openDB(`edgewise-${site}`);
  const n = db.objectStoreNames.contains('events') ? await db.count('events') : 0;
  db.close();
  return n;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createEdgewise', () => {
  it('rejects bad options at once, naming the field', () => {
    expect(() => createEdgewise({ site: 'bad site!', api: 'https://x.test' })).toThrow(/site: expected a site id/);
    expect(() => createEdgewise({ site: 'ok', api: 'ftp://x' })).toThrow(/api: expected an origin/);
    expect(() => createEdgewise({ site: 'ok', api: '', flickerMs: -1 })).toThrow(/flickerMs: expected a non-negative number, received -1/);
  });

  it('resolves failures instead of throwing', async () => {
    const sdk = start(fakeEdge(noExperiments()));
    await expect(sdk.track(42 as never)).resolves.toEqual({ ok: false, reason: expect.stringContaining('expected an event name') });
    await expect(sdk.track('view_item', 'x' as never)).resolves.toMatchObject({ ok: false });
    await expect(sdk.decide(undefined as never)).resolves.toBeNull();
    await expect(sdk.consent('yes' as never)).resolves.toMatchObject({ ok: false });
  });
});

describe('decide', () => {
  it('chooses the best eligible offer and explains it', async () => {
    const config = noExperiments();
    // Only vip-early has a VIP uplift, and it costs nothing per redemption: 0.02 · 40 − 0.32 · 0 = 0.8.
    config.offers = config.offers.map((o) => {
      const upliftPrior = { ...o.upliftPrior };
      delete upliftPrior.vip;
      return o.id === 'vip-early' ? { ...o, margin: 40, redemptionCost: 0, upliftPrior: { vip: 0.02 } } : { ...o, upliftPrior };
    });
    const sdk = start(fakeEdge(config), { consent: 'implied' });
    for (let i = 0; i < 3; i++) await sdk.track('purchase', { value: 250, items: [{ item_id: 'w-dress-01', item_category: 'women', price: 250 }] });
    const decision = await sdk.decide('hero');
    // 3 purchases, 750 in all: VIP (monetary >= 500).
    expect(decision).toMatchObject({ offerId: 'vip-early', segment: 'vip', experiment: null, arm: null });
    const why = await sdk.explain('hero');
    expect(why).toMatchObject({ offerId: 'vip-early', segment: 'vip', value: 0.8, price: 0, source: 'prior' });
    expect(why!.segments).toContain('womenswear');
    expect(why!.topFeatures).toEqual([{ name: 'frequency', value: 3 }, { name: 'monetary', value: 750 }]);
    // The explanation shows what the decision saw, not the profile after later events.
    await sdk.track('purchase', { value: 100, items: [{ item_id: 'w-top-02', item_category: 'women', price: 100 }] });
    expect((await sdk.explain('hero'))!.topFeatures).toEqual(why!.topFeatures);
    // women-15 promotes w-dress-01, bought today.
    expect(why!.excluded).toContainEqual({ offerId: 'women-15', why: 'promotes w-dress-01, bought recently' });
  });

  it('shows nothing when no offer clears its edge price', async () => {
    const config = noExperiments();
    // A price per redemption above any margin: no expected redemption is worth it.
    config.prices = Object.fromEntries(config.offers.map((o) => [o.id, 100]));
    const sdk = start(fakeEdge(config));
    expect(await sdk.decide('hero')).toBeNull();
    expect((await sdk.explain('hero'))!.developer).toMatch(/worth more than its edge price/);
  });

  it('returns null with default content when the first config does not arrive in time', async () => {
    const edge = fakeEdge(noExperiments());
    edge.online = false;
    const sdk = start(edge);
    expect(await sdk.decide('hero')).toBeNull();
    expect((await sdk.ready).configVersion).toBeNull();
  });

  it('respects frequency caps', async () => {
    const config = noExperiments();
    config.offers = config.offers.filter((o) => o.id === 'new-arrivals').map((o) => ({ ...o, frequencyCap: { count: 2, days: 1 } }));
    const site = uniqueSite();
    const shown = [];
    for (let page = 0; page < 3; page++) {
      const sdk = start(fakeEdge(config), { site, consent: 'implied' });
      shown.push((await sdk.decide('hero'))?.offerId ?? null);
      await sdk.flush();
    }
    expect(shown).toEqual(['new-arrivals', 'new-arrivals', null]);
  });
});

describe('storage and config', () => {
  it('keeps the profile and config across page loads and revalidates with If-None-Match', async () => {
    const site = uniqueSite();
    const edge = fakeEdge(noExperiments());
    const first = start(edge, { site, consent: 'implied' });
    await first.track('view_item', { items: [{ item_id: 'm-shirt-01', item_category: 'men', item_brand: 'Harbour', price: 49 }] });
    await first.track('purchase', { value: 49, items: [{ item_id: 'm-shirt-01', price: 49 }] });
    await first.flush();
    expect(await countEvents(site)).toBe(2);

    edge.online = false; // the next page must run from the cached config
    const second = start(edge, { site });
    expect((await second.ready).configVersion).toBe(1);
    const data = await second.exportData();
    expect(data.profile).toMatchObject({ profile: { frequency: 1, monetary: 49, topCategory: 'men', purchasedItems: { 'm-shirt-01': expect.any(String) } } });
    expect(data.events.map((e) => e.type)).toEqual(['view_item', 'purchase']);

    edge.online = true;
    start(edge, { site });
    await vi.waitFor(() => expect(edge.requests.at(-1)!.headers['if-none-match']).toBe('"v1"'));
  });

  it('writes a config that arrives on revalidation at once, so a page opened right after starts from it', async () => {
    const site = uniqueSite();
    const edge = fakeEdge(noExperiments());
    await start(edge, { site, consent: 'implied' }).flush();
    edge.config = { ...noExperiments(), version: 2 };
    edge.etag = '"v2"';
    const second = start(edge, { site });
    await new Promise((resolve) => second.on('config', resolve));
    // The next page opens at once and offline, so only the cache can give it version 2 (IndexedDB runs its read
    // after writes started before it; a write left to the batch would start later).
    edge.online = false;
    expect((await start(edge, { site }).ready).configVersion).toBe(2);
  });

  it('keeps the last good config when the edge sends an unknown schemaVersion', async () => {
    const site = uniqueSite();
    const edge = fakeEdge(noExperiments());
    await start(edge, { site, consent: 'implied' }).flush();
    edge.config = { ...noExperiments(), schemaVersion: 3, version: 9 };
    edge.etag = '"v9"';
    const logs: string[] = [];
    const sdk = start(edge, { site, debug: true, logger: (_l, m) => logs.push(m) });
    await sdk.ready;
    await vi.waitFor(() => expect(logs.some((m) => m.includes('expected schemaVersion 2, received 3'))).toBe(true));
    expect((await sdk.exportData()).config!.config.version).toBe(1);
    expect(await sdk.decide('hero')).not.toBeNull();
  });

  it('runs from memory, saying so in debug logs, when IndexedDB is missing', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const logs: string[] = [];
    const sdk = start(fakeEdge(noExperiments()), { consent: 'implied', debug: true, logger: (_l, m) => logs.push(m) });
    expect((await sdk.ready).storage).toBe('memory');
    expect(logs.some((m) => m.startsWith('IndexedDB unavailable'))).toBe(true);
    await sdk.track('page_view');
    expect((await sdk.exportData()).events).toHaveLength(1);
  });

  it('prunes events by count in the background', async () => {
    const site = uniqueSite();
    const sdk = start(fakeEdge(noExperiments()), { site, consent: 'implied', maxEvents: 10 });
    for (let i = 0; i < 600; i++) await sdk.track('page_view');
    await sdk.flush();
    await vi.waitFor(async () => expect(await countEvents(site)).toBe(10));
    expect((await sdk.exportData()).profile!.profile.pageViews).toBe(600);
  });
});

describe('several tabs', () => {
  it('share events, and forget() in one tab erases the other tab\'s copy too', async () => {
    const site = uniqueSite();
    const edge = fakeEdge(noExperiments());
    const tabA = start(edge, { site, consent: 'implied' });
    const tabB = start(edge, { site, consent: 'implied' });
    await Promise.all([tabA.ready, tabB.ready]);
    await tabA.track('purchase', { value: 30, items: [{ item_id: 'k-hoodie-01', price: 30 }] });
    await vi.waitFor(async () => expect((await tabB.exportData()).profile!.profile.frequency).toBe(1));
    await tabA.forget();
    await vi.waitFor(async () => expect((await tabB.exportData()).profile!.profile.frequency).toBe(0));
    // Tab B saving afterwards must not bring the forgotten profile back.
    await tabB.track('page_view');
    await tabB.flush();
    const third = start(edge, { site });
    const data = await third.exportData();
    expect(data.profile!.profile).toMatchObject({ frequency: 0, purchasedItems: {} });
    expect(data.events.map((e) => e.type)).toEqual(['page_view']);
  });
});

describe('consent and shopper controls', () => {
  it('required mode: stores nothing before consent(true)', async () => {
    const site = uniqueSite();
    const edge = fakeEdge({ ...noExperiments(), consent: 'required' });
    const sdk = start(edge, { site });
    await sdk.track('page_view');
    await sdk.decide('hero');
    await sdk.flush();
    // Not even an empty database is created before consent.
    expect(await exists(site)).toBe(false);
    expect(edge.requests.filter((r) => r.url.endsWith('/outcomes'))).toHaveLength(0);
    await sdk.consent(true);
    expect(await countEvents(site)).toBe(1);
    const next = start(edge, { site });
    expect((await next.exportData()).meta).toMatchObject({ consent: true });
  });

  it('forget() erases every store and the device key', async () => {
    const site = uniqueSite();
    const sdk = start(fakeEdge(demoConfig()), { site, consent: 'implied' });
    await sdk.track('purchase', { value: 20 });
    await sdk.decide('hero');
    await sdk.flush();
    const before = await sdk.exportData();
    expect(before.deviceKey).toMatch(/^[0-9a-f]{32}$/);
    expect(before.assignments).toHaveLength(1);
    expect(await sdk.forget()).toEqual({ ok: true });
    const after = await sdk.exportData();
    expect(after).toMatchObject({ events: [], deviceKey: null, assignments: [], outbox: [], config: null });
    expect(after.profile!.profile.frequency).toBe(0);
    expect(await countEvents(site)).toBe(0);
  });
});

describe('outcome reporting', () => {
  // No measurement holdback: each test here counts the units one decision opens.
  const experimentConfig = () => demoConfig({
    globalHoldout: 0,
    holdback: 0,
    experiments: [{ id: 'hero-test', slot: 'hero', version: 1, status: 'running', bandit: false, explorationFloor: 0.01,
      arms: [{ id: 'personalised', weight: 1, policy: 'personalised' }] }],
  });
  const T0 = Date.parse('2026-11-10T12:00:00Z');
  const base = { experiment: 'hero-test', version: 1, arm: 'personalised', segment: 'new-visitors' };
  const sent = (edge: FakeEdge) => edge.batches.flatMap((b) => b.reports);

  it('opens one unit per experiment version: its exposure at once, nothing at a purchase, one report set after the window', async () => {
    const edge = fakeEdge(experimentConfig());
    const site = uniqueSite();
    let now = T0;
    // random() = 0 keeps every randomised value true and rounds revenue up, so the values can be asserted.
    const sdk = start(edge, { site, consent: 'implied', random: () => 0, now: () => now });
    await sdk.decide('hero');
    await sdk.decide('hero');
    await sdk.track('purchase', { value: 79 });
    await sdk.track('purchase', { value: 300 });
    expect(await sdk.flush()).toEqual({ ok: true, sent: 1 });
    // A purchase sends nothing: only the exposure left, as it would for a shopper who bought nothing.
    expect(sent(edge)).toEqual([{ kind: 'exposure', ...base }]);
    const posts = edge.requests.filter((r) => r.url.endsWith('/outcomes'));
    expect(posts.map((r) => [r.credentials, r.referrerPolicy, r.body!.length % 512])).toEqual([['omit', 'no-referrer', 0]]);
    expect(edge.requests.filter((r) => r.url.endsWith('/config')).every((r) => r.referrerPolicy === 'no-referrer' && r.credentials === 'omit')).toBe(true);
    // Nothing but the whitelisted fields leaves the device.
    const body = JSON.parse(posts[0]!.body!) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['batchId', 'day', 'reports', 'schemaVersion']);
    const { batchId: _id, ...rest } = body;
    const deviceKey = (await sdk.exportData()).deviceKey!;
    expect(JSON.stringify(rest)).not.toContain(deviceKey);
    expect(JSON.stringify(rest)).not.toMatch(/https?:|T\d\d:|edgewise|cookie/);
    // The true outcome waits on the device, visible to the shopper, until the window closes.
    expect((await sdk.exportData()).units).toMatchObject([{ opened: { kind: 'exposure', ...base }, at: T0, until: T0 + 7 * DAY }]);
    // Next page, the window still open: nothing more. A page after it closes: exactly one report set, 379 clipped to
    // the last revenue level (200, index 1).
    now = T0 + 6 * DAY;
    await start(edge, { site, random: () => 0, now: () => now }).flush();
    expect(sent(edge)).toHaveLength(1);
    now = T0 + 7 * DAY + 1;
    const later = start(edge, { site, random: () => 0, now: () => now });
    await later.decide('hero');
    await later.flush();
    expect(sent(edge)).toEqual([{ kind: 'exposure', ...base }, { kind: 'outcome', ...base, exposed: '2026-11-10', conversion: 1, revenue: 1 }]);
    expect(edge.batches.map((b) => b.day)).toEqual(['2026-11-10', '2026-11-17']);
    expect((await later.exportData()).units).toEqual([]);
  });

  it('sends a non-buyer the same report set, with both fields drawn by the mechanisms', async () => {
    const edge = fakeEdge(experimentConfig());
    const site = uniqueSite();
    let now = T0;
    await start(edge, { site, consent: 'implied', random: () => 0, now: () => now }).decide('hero');
    now = T0 + 8 * DAY;
    await start(edge, { site, random: () => 0, now: () => now }).flush();
    expect(sent(edge)).toEqual([{ kind: 'exposure', ...base }, { kind: 'outcome', ...base, exposed: '2026-11-10', conversion: 0, revenue: 0 }]);
  });

  it('opens a holdback unit per holdback decision, labelled with offer, decile and shown, reported after its own window', async () => {
    const edge = fakeEdge({ ...experimentConfig(), experiments: [], holdbackDays: 1 });
    const site = uniqueSite();
    let now = T0;
    const client = new Client(resolveOptions({ site, api: 'https://edge.test', fetch: edge.fetch, consent: 'implied', random: () => 0, now: () => now }));
    await client.ready;
    expect(await client._recordHoldback({ offerId: 'new-arrivals', decile: 7, shown: false })).toBe(true);
    await client.track('purchase', { value: 50 });
    await client.flush();
    now = T0 + DAY;
    await client.flush();
    expect(sent(edge)).toEqual([
      { kind: 'holdback', offer: 'new-arrivals', decile: 7, shown: false },
      { kind: 'holdback-outcome', offer: 'new-arrivals', decile: 7, shown: false, exposed: '2026-11-10', conversion: 1, revenue: 1 },
    ]);
  });

  it('spends one daily ε budget for every kind of unit, and reports nothing about a unit it could not afford', async () => {
    const edge = fakeEdge({ ...experimentConfig(), privacy: { ...experimentConfig().privacy, dailyEpsilon: 2 * Math.log(9) } });
    const site = uniqueSite();
    let now = T0;
    const client = new Client(resolveOptions({ site, api: 'https://edge.test', fetch: edge.fetch, consent: 'implied', now: () => now }));
    await client.decide('hero');
    const holdbacks = await Promise.all([1, 2, 3].map((decile) => client._recordHoldback({ offerId: 'new-arrivals', decile, shown: true })));
    expect(holdbacks).toEqual([true, false, false]);
    await client.flush();
    expect(sent(edge).map((r) => r.kind)).toEqual(['exposure', 'holdback']);
    now = T0 + DAY;
    expect(await client._recordHoldback({ offerId: 'new-arrivals', decile: 4, shown: true })).toBe(true);
  });

  it('retries a failed batch with the same batch id', async () => {
    let now = T0;
    const edge = fakeEdge(experimentConfig());
    edge.failNext = { outcomes: 1, mode: 'offline' };
    const sdk = start(edge, { consent: 'implied', now: () => now });
    await sdk.decide('hero');
    expect(await sdk.flush()).toEqual({ ok: true, sent: 0 });
    now += 60_000;
    expect(await sdk.flush()).toEqual({ ok: true, sent: 1 });
    const posted = edge.requests.filter((r) => r.url.endsWith('/outcomes')).map((r) => JSON.parse(r.body!).batchId);
    expect(posted).toHaveLength(2);
    expect(posted[0]).toBe(posted[1]);
    expect(posted[0]).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
  });

  it('keeps unsent batches in the outbox across page loads and delivers each once', async () => {
    const site = uniqueSite();
    const edge = fakeEdge(experimentConfig());
    edge.failNext = { outcomes: 1000, mode: 'offline' };
    const offline = start(edge, { site, consent: 'implied' });
    await offline.decide('hero');
    expect(await offline.flush()).toEqual({ ok: true, sent: 0 });
    const stored = await offline.exportData();
    expect(stored.outbox).toHaveLength(1);
    edge.failNext = { outcomes: 0, mode: 'offline' };
    // The next page, back online and a day later: the batch goes out under its original id, once.
    const later = Date.now() + 86_400_000;
    const online = start(edge, { site, now: () => later });
    expect(await online.flush()).toEqual({ ok: true, sent: 1 });
    expect(await online.flush()).toEqual({ ok: true, sent: 0 });
    expect(edge.batches.map((b) => b.batchId)).toEqual([stored.outbox[0]!.batchId]);
    expect((await online.exportData()).outbox).toEqual([]);
  });

  it('opens no unit and sends nothing under Global Privacy Control', async () => {
    vi.stubGlobal('navigator', { globalPrivacyControl: true });
    const edge = fakeEdge(experimentConfig());
    const sdk = start(edge, { consent: 'implied' });
    expect(await sdk.decide('hero')).not.toBeNull();
    await sdk.track('purchase', { value: 10 });
    await sdk.flush();
    expect(edge.requests.filter((r) => r.url.endsWith('/outcomes'))).toHaveLength(0);
    expect((await sdk.exportData()).units).toEqual([]);
  });

  it('drops units owed a report set at an opt-out', async () => {
    const edge = fakeEdge(experimentConfig());
    const site = uniqueSite();
    const sdk = start(edge, { site, consent: 'implied' });
    await sdk.decide('hero');
    await sdk.flush();
    expect((await sdk.exportData()).units).toHaveLength(1);
    await sdk.consent(false);
    expect((await sdk.exportData()).units).toEqual([]);
  });

  it('reports the global holdout as arm "holdout" and never personalises it', async () => {
    const edge = fakeEdge({ ...experimentConfig(), globalHoldout: 1 });
    const sdk = start(edge, { consent: 'implied', random: () => 0 });
    expect(await sdk.decide('hero')).toBeNull();
    expect(await sdk.explain('hero')).toMatchObject({ arm: 'holdout', offerId: null });
    await sdk.flush();
    expect(edge.batches[0]!.reports[0]).toMatchObject({ kind: 'exposure', arm: 'holdout' });
  });
});
