// A developer's first hour with the SDK: decisions stable within a page view, the QA preview past the holdout,
// explanations for the shopper and for the developer, and a config fetch refused by CORS named as such.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { configReason, diagnoseFetchFailure } from '../config/diagnose.ts';
import { checkConfig } from '../config/index.ts';
import { createEdgewise, type EdgewiseOptions } from '../index.ts';
import { demoConfig, fakeEdge, uniqueSite, type FakeEdge } from '../testing/fixtures.ts';

const experiment = {
  id: 'hero-test', slot: 'hero', version: 1, status: 'running' as const, bandit: false, explorationFloor: 0.01,
  arms: [{ id: 'personalised', weight: 1, policy: 'personalised' as const }],
};

function start(edge: FakeEdge, extra: Partial<EdgewiseOptions> = {}) {
  return createEdgewise({ site: uniqueSite(), api: 'https://edge.test', fetch: edge.fetch, configTimeoutMs: 500, consent: 'implied', ...extra });
}

const exposures = (edge: FakeEdge) => edge.batches.flatMap((b) => b.reports).filter((r) => r.kind === 'exposure').length;

describe('decide(slot) within one page view', () => {
  it('returns the same decision to every caller, with one exposure, until a page_view starts a new page', async () => {
    const edge = fakeEdge(demoConfig({ globalHoldout: 0, experiments: [experiment] }));
    const sdk = start(edge, { random: () => 0 });
    // The slot rendering and the page's own call arrive together, and again later.
    const [first, second] = await Promise.all([sdk.decide('hero'), sdk.decide('hero')]);
    const third = await sdk.decide('hero');
    expect(first).not.toBeNull();
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    await sdk.flush();
    expect(exposures(edge)).toBe(1);

    // A new page (maxOffersPerPage 1 would have refused a second offer on the old one) decides afresh.
    await sdk.track('page_view');
    expect(await sdk.decide('hero')).toMatchObject({ offerId: first!.offerId });
    expect(await sdk.decide('sidebar')).toBeNull();
    expect((await sdk.explain('sidebar'))!.developer).toMatch(/maxOffersPerPage \(1\)/);
  });
});

describe('QA preview', () => {
  it('shows the personalised offer past the global holdout and stores or reports nothing about it', async () => {
    // globalHoldout 1: every device is held out, so without the preview nothing shows.
    const edge = fakeEdge(demoConfig({ globalHoldout: 1, experiments: [experiment] }));
    const plain = start(edge);
    expect(await plain.decide('hero')).toBeNull();
    await plain.flush();
    const holdoutReports = edge.batches.length;
    const previewed = start(edge, { preview: true });
    const decision = await previewed.decide('hero');
    expect(decision).toMatchObject({ preview: true, experiment: null, arm: null });
    expect(await previewed.explain('hero')).toMatchObject({ preview: true, reason: expect.stringMatching(/preview/) });
    await previewed.flush();
    const data = await previewed.exportData();
    expect(data).toMatchObject({ assignments: [] });
    expect('events' in data && data.profile!.exposures).toEqual({});
    expect(edge.batches).toHaveLength(holdoutReports);
  });

  it('forces a named offer into a slot whatever its eligibility and price', async () => {
    const config = demoConfig({ globalHoldout: 1, experiments: [] });
    config.prices = Object.fromEntries(config.offers.map((o) => [o.id, 1000]));
    const target = config.offers.find((o) => Object.keys(o.eligibility).length > 0)!;
    const sdk = start(fakeEdge(config), { preview: { hero: target.id } });
    expect(await sdk.decide('hero')).toMatchObject({ offerId: target.id, preview: true });
    const missing = start(fakeEdge(config), { preview: { hero: 'no-such-offer' } });
    expect(await missing.decide('hero')).toBeNull();
    expect((await missing.explain('hero'))!.developer).toMatch(/"no-such-offer": not in the published config/);
  });
});

describe('explain(slot)', () => {
  it('tells the shopper in words and the developer in numbers, with what makes an offer show', async () => {
    const config = demoConfig({ globalHoldout: 0, experiments: [] });
    config.offers = config.offers.map((o) => ({ ...o, upliftPrior: {} }));
    const sdk = start(fakeEdge(config));
    expect(await sdk.decide('hero')).toBeNull();
    const why = (await sdk.explain('hero'))!;
    expect(why.reason).toBe('None of the offers here is likely to be useful enough to you right now, so none is shown.');
    expect(why.reason).not.toMatch(/\d/);
    expect(why.developer).toMatch(/no upliftPrior for segment "new-visitors" and nothing learnt yet, so its uplift is 0/);
    expect(why.developer).toMatch(/An offer shows when .* is above its edge price\./);
  });

  it('names the global holdout and the QA preview that gets past it', async () => {
    const sdk = start(fakeEdge(demoConfig({ globalHoldout: 1, experiments: [] })));
    expect(await sdk.decide('hero')).toBeNull();
    const why = (await sdk.explain('hero'))!;
    expect(why.reason).toMatch(/small share of visitors, picked at random/);
    expect(why.developer).toMatch(/globalHoldout 1\b.*\?edgewise-preview/);
  });

  it('lists what a chosen offer used, in words, and the other segments by name', async () => {
    const config = demoConfig({ globalHoldout: 0, experiments: [] });
    const sdk = start(fakeEdge(config));
    for (let i = 0; i < 5; i++) await sdk.track('purchase', { value: 120, items: [{ item_id: `w-${i}`, item_category: 'women', price: 120 }] });
    const decision = await sdk.decide('hero');
    expect(decision).not.toBeNull();
    const why = (await sdk.explain('hero'))!;
    expect(why.segmentName).toBe('VIP customers');
    expect(why.otherSegments).toContain('Womenswear browsers');
    expect(why.otherSegments).not.toContain('VIP customers');
    expect(why.used).toContainEqual({ attribute: 'frequency', label: 'Purchases', value: '5' });
    expect(why.reason).toMatch(/^Picked in your browser from what you viewed and bought on this shop: you are among this shop's "VIP customers"\./);
  });
});

describe('a config fetch that throws', () => {
  const url = 'https://edge.test/v1/sites/acme/config';
  it('names the page origin and allowedOrigins when the edge answers a no-cors request', async () => {
    const probe: typeof fetch = async (_u, init) => {
      expect(init?.mode).toBe('no-cors');
      return new Response(null, { status: 200 });
    };
    expect(await diagnoseFetchFailure({ url, reason: 'fetch:TypeError: Failed to fetch' }, probe, 'https://shop.example')).toBe(
      'config: the edge answered, but not to this page\'s origin https://shop.example: add "https://shop.example" to the site\'s ' +
        'allowedOrigins (console: Rules, Budget & settings, Allowed origins; or "allowedOrigins" in the site config) and publish',
    );
  });

  it('words the reason codes of a refused config as before they were codes', async () => {
    expect(configReason(checkConfig({ schemaVersion: 3 }) as string)).toBe('config: expected schemaVersion 2, received 3; keeping the last good config');
    expect(configReason(checkConfig({ schemaVersion: 2, segments: [] }) as string)).toBe('config.offers: expected an array');
    const refused = checkConfig({ schemaVersion: 2, segments: [], offers: [], experiments: [], constraints: {} });
    expect(configReason(refused as string)).toBe('config.privacy: expected an object');
    expect(configReason(checkConfig({ schemaVersion: 2, segments: [], offers: [null], experiments: [], constraints: {}, privacy: {} }) as string))
      .toBe('config.offers: expected an array of objects');
    expect(configReason('status:503')).toBe('config: the edge answered 503');
    expect(await diagnoseFetchFailure({ reason: 'status:503' })).toBe('config: the edge answered 503');
    expect(await diagnoseFetchFailure({ url, reason: 'fetch:TypeError: Failed to fetch' }, fetch, new URL(url).origin)).toBe(
      `config: fetch failed (TypeError: Failed to fetch): is the edge at ${url} reachable?`,
    );
  });

  it('says the edge is unreachable when the no-cors request fails too', async () => {
    const offline: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await diagnoseFetchFailure({ url, reason: 'fetch:TypeError: Failed to fetch' }, offline, 'https://shop.example')).toMatch(
      /the edge at https:\/\/edge\.test\/v1\/sites\/acme\/config is not reachable from this page$/,
    );
  });
});
