#!/usr/bin/env node
// Benchmark of the browser SDK (not a test), in one Chromium: decide() p50/p99 over a grid of stored events
// (1,000 and 5,000) x offers (50, 200, 1,000), track() cost, and the time from navigation start to the first
// decision on a first visit (empty IndexedDB, config from the network) and a repeat visit (config cached in
// IndexedDB). Run `npm run build` first; prints JSON (the top-level decide/track figures are the 5,000 x 200 cell).
// Usage: node bench/sdk.mjs [--decides 1000] [--tracks 5000] [--loads 10]
// The page is served through Playwright's request interception (no server, no network): sdk.js from
// dist/public, a generated device config, outcomes answered 202. It is cross-origin isolated (COOP/COEP) so
// performance.now() has 5 µs resolution instead of 100 µs.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const DECIDES = arg('decides', 1000);
const TRACKS = arg('tracks', 5000);
const LOADS = arg('loads', 10);
// --tracks sets the larger event count (the store filled with track() calls); --tracks 1000 leaves one row.
const GRID_EVENTS = [...new Set([1000, TRACKS])].sort((a, b) => a - b);
const GRID_OFFERS = [50, 200, 1000];
/** The cell whose figures are also the top-level decide/track (the issue's 5,000 events x 200 offers). */
const HEADLINE = { events: GRID_EVENTS[GRID_EVENTS.length - 1], offers: 200 };
// localhost is a secure context, which cross-origin isolation needs; nothing listens there, Playwright answers.
const ORIGIN = 'http://localhost:8809';

const sdkPath = path.join(root, 'dist/public/sdk.js');
if (!existsSync(sdkPath)) {
  console.error('dist/public/sdk.js is missing: run `npm run build` first');
  process.exit(1);
}
const sdk = readFileSync(sdkPath);

/** The demo site's config with `OFFERS` offers of varied eligibility, caps, validity and priors, as a DeviceConfig. */
function benchConfig(site, OFFERS) {
  const demo = JSON.parse(readFileSync(path.join(root, 'demo/site-config.json'), 'utf8'));
  const categories = ['women', 'men', 'shoes', 'accessories', 'kids'];
  const segmentIds = demo.segments.map((s) => s.id);
  const eligibility = [
    {}, { frequency: { $gte: 1 } }, { topCategory: { $in: ['women', 'men'] } }, { 'categoryAffinity.shoes': { $gt: 0.5 } },
    { $or: [{ monetary: { $gte: 200 } }, { sessions: { $gte: 3 } }] }, { priceLevel: { $lt: 150 }, cartItems: { $gte: 0 } },
  ];
  const offers = Array.from({ length: OFFERS }, (_, i) => ({
    id: `offer-${i}`, slots: ['hero'], category: `${categories[i % 5]}-${i % 17}`,
    items: i % 3 === 0 ? [`item-${i}`, `item-${i + 1}`] : [],
    content: { title: `Offer ${i}`, body: 'Bench offer', link: `/offers/${i}` },
    discount: { kind: 'percent', value: 10 }, margin: 20 + (i % 40), redemptionCost: 1 + (i % 7) / 2,
    eligibility: eligibility[i % eligibility.length], inventory: null,
    ...(i % 4 === 0 ? { frequencyCap: { count: 3, days: 7 } } : {}),
    ...(i % 10 === 0 ? { validFrom: '2020-01-01', validTo: '2099-12-31' } : {}),
    ...(i % 5 === 0 ? { score: { intercept: -3, weights: { frequency: 0.2, 'categoryAffinity.women': 0.05, priceLevel: -0.001 }, uplift: 0.02 } } : {}),
    upliftPrior: Object.fromEntries(segmentIds.map((s, j) => [s, ((i * 7 + j * 3) % 40) / 1000])),
  }));
  return {
    schemaVersion: 2, site, version: 1, publishedAt: new Date().toISOString(), consent: 'implied', holdbackDays: 1,
    privacy: demo.privacy, globalHoldout: 0, attributionDays: 7, savedGroups: {}, segments: demo.segments, offers,
    // Everyone in one personalised arm: every decide runs the whole pipeline (a control arm would return early).
    experiments: [{ id: 'bench', slot: 'hero', version: 1, status: 'running', bandit: false, explorationFloor: 0.01,
      arms: [{ id: 'personalised', weight: 1, policy: 'personalised' }] }],
    constraints: demo.constraints, prices: Object.fromEntries(offers.map((o, i) => [o.id, (i % 9) / 20])), posteriors: {}, models: [],
  };
}

const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-resource-policy': 'same-origin' };
/** Site ids name their grid cell (`bench-e5000-o200`) or visit (`bench-first-3-o200`); the offer count sets the config. */
const offersOf = (site) => Number(/-o(\d+)$/.exec(site)?.[1] ?? 200);
// `?site=` picks the site; `&first=1` adds a queued decide that stamps the time since navigation start when it
// resolves (performance.now() counts from the navigation's time origin), as a shop's inline snippet would.
const html = (site, first) => `<!doctype html><meta charset="utf-8"><script>window.edgewise = window.edgewise || [];${first
  ? `edgewise.push(function (api) { api.decide('hero').then(function (d) { window.__decided = { ms: performance.now(), shown: !!d }; }); });
edgewise.push(function (api) { api.ready.then(function (r) { window.__ready = r; }); });`
  : ''}</script>
<script ${first ? 'async ' : ''}src="/sdk.js" data-site="${site}"></script><div data-edgewise-slot="hero">Default</div>`;

const round = (x, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const context = await browser.newContext();
  const configs = new Map();
  let configRequests = 0;
  let revalidations = 0;
  await context.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', headers: isolation, body: html(url.searchParams.get('site'), url.searchParams.has('first')) });
    if (url.pathname === '/sdk.js') return route.fulfill({ contentType: 'text/javascript', headers: isolation, body: sdk });
    // The script tag's optional parts (sdk-*.js), loaded beside it on first use.
    const part = /^\/sdk-[a-z]+\.js$/.test(url.pathname) && path.join(root, 'dist/public', url.pathname);
    if (part && existsSync(part)) return route.fulfill({ contentType: 'text/javascript', headers: isolation, body: readFileSync(part) });
    const site = /^\/v1\/sites\/([^/]+)\/config$/.exec(url.pathname)?.[1];
    if (site) {
      configRequests++;
      if (route.request().headers()['if-none-match']) revalidations++;
      // A revalidation of the config it has answers 304, as the edge does.
      const etag = `"bench-o${offersOf(site)}"`;
      if (route.request().headers()['if-none-match'] === etag) return route.fulfill({ status: 304, headers: { ...isolation, etag }, body: '' });
      if (!configs.has(site)) configs.set(site, JSON.stringify(benchConfig(site, offersOf(site))));
      return route.fulfill({ contentType: 'application/json', headers: { ...isolation, etag }, body: configs.get(site) });
    }
    if (url.pathname.endsWith('/outcomes')) return route.fulfill({ status: 202, headers: isolation, body: '' });
    return route.fulfill({ status: 404, headers: isolation, body: '' });
  });
  const page = await context.newPage();
  // CPU time of the page's main thread (CDP ThreadTime, seconds): unlike wall time, preemption by other
  // processes on a shared machine does not count, so it shows what the SDK itself costs.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const threadTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value * 1000;
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let crossOriginIsolated = null;

  /** Fills a fresh site's store with `n` events of a shopper browsing, carting and buying; track() timings. */
  async function fill(site, n) {
    await page.goto(`${ORIGIN}/?site=${site}`);
    await page.waitForFunction(() => !Array.isArray(window.edgewise));
    const cpu0 = await threadTime();
    const out = await page.evaluate(async (n) => {
      const sdk = window.edgewise;
      await sdk.ready;
      const categories = ['women', 'men', 'shoes', 'accessories', 'kids'];
      const brands = ['Northwind', 'Harbour', 'Stride', 'Indigo Lane'];
      const events = [];
      for (let i = 0; i < n; i++) {
        const item = { item_id: `item-${i % 300}`, item_category: categories[i % 5], item_brand: brands[i % 4], price: 20 + (i % 180), quantity: 1 };
        const type = i % 50 === 49 ? 'purchase' : i % 10 === 0 ? 'add_to_cart' : i % 3 === 0 ? 'page_view' : 'view_item';
        events.push([type, type === 'purchase' ? { value: item.price, items: [item] } : { items: [item] }]);
      }
      // track(): the synchronous part a page pays per call (the IndexedDB write is batched and asynchronous).
      const started = performance.now();
      for (const [type, props] of events) sdk.track(type, props);
      const syncMs = performance.now() - started;
      await sdk.flush();
      const withWritesMs = performance.now() - started;
      return { syncMs, withWritesMs, crossOriginIsolated: self.crossOriginIsolated };
    }, n);
    crossOriginIsolated = out.crossOriginIsolated;
    return { ...out, cpuMs: (await threadTime()) - cpu0 };
  }

  /** decide() `n` times on a reloaded page, so the events come from IndexedDB. */
  async function decides(site, n) {
    await page.reload();
    await page.waitForFunction(() => !Array.isArray(window.edgewise));
    await page.evaluate(() => window.edgewise.ready);
    const cpu0 = await threadTime();
    const result = await page.evaluate(async (n) => {
      const sdk = window.edgewise;
      const ready = await sdk.ready;
      const stored = (await sdk.exportData()).events.length;
      const times = [];
      let shown = 0;
      for (let i = 0; i < n; i++) {
        // A page_view starts a new page, so each decide runs the full pipeline instead of the page-limit shortcut.
        sdk.track('page_view');
        const t0 = performance.now();
        const decision = await sdk.decide('hero');
        times.push(performance.now() - t0);
        if (decision) shown++;
      }
      times.sort((a, b) => a - b);
      const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
      const explanation = await sdk.explain('hero');
      return {
        ready, stored, shown, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: times[times.length - 1],
        mean: times.reduce((a, b) => a + b, 0) / times.length, eligible: explanation?.offersEligible ?? null,
      };
    }, n);
    return { ...result, cpuMs: (await threadTime()) - cpu0 };
  }

  const grid = [];
  let headline = null;
  for (const events of GRID_EVENTS) {
    for (const offers of GRID_OFFERS) {
      const site = `bench-e${events}-o${offers}`;
      const filled = await fill(site, events);
      const r = await decides(site, DECIDES);
      grid.push({
        storedEvents: r.stored, offers, offersEligibleAtLastDecide: r.eligible, storage: r.ready.storage, calls: DECIDES, offersShown: r.shown,
        p50Ms: round(r.p50), p90Ms: round(r.p90), p99Ms: round(r.p99), maxMs: round(r.max), meanMs: round(r.mean),
        meanMainThreadCpuMs: round(r.cpuMs / DECIDES),
      });
      if (events === HEADLINE.events && offers === HEADLINE.offers) headline = { site, filled, r, events };
    }
  }

  /** Loads `site` with a queued decide; ms from navigation start to the decision, and whether it showed an offer. */
  async function firstDecision(site) {
    await page.goto(`${ORIGIN}/?site=${site}&first=1`);
    await page.waitForFunction(() => window.__decided, null, { timeout: 10_000 });
    return page.evaluate(() => ({
      ...window.__decided, storage: window.__ready?.storage,
      // When sdk.js had arrived: what is left of the time is the SDK's own start (IndexedDB, config) and decide().
      scriptMs: performance.getEntriesByType('resource').find((e) => e.name.endsWith('/sdk.js'))?.responseEnd ?? null,
    }));
  }
  const summary = (runs) => {
    const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
    const median = (xs) => round([...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)], 1);
    return {
      loads: ms.length, p50Ms: median(ms), maxMs: round(ms[ms.length - 1], 1), minMs: round(ms[0], 1),
      sdkJsArrivedP50Ms: median(runs.map((r) => r.scriptMs)), sdkStartAndDecideP50Ms: median(runs.map((r) => r.ms - r.scriptMs)),
      decisionsShown: runs.filter((r) => r.shown).length, storage: [...new Set(runs.map((r) => r.storage))].join(', '),
    };
  };
  // First visit: a site never seen in this browser (empty IndexedDB, config fetched). One load first, not counted,
  // so both kinds start with Chromium's caches equally warm.
  await firstDecision('bench-first-warmup-o200');
  const first = [];
  for (let i = 0; i < LOADS; i++) {
    const before = configRequests;
    first.push({ ...(await firstDecision(`bench-first-${i}-o200`)), fetched: configRequests > before });
  }
  // Repeat visit: the headline site, whose config is cached in IndexedDB beside its stored events (revalidated: 304).
  const repeat = [];
  await firstDecision(headline.site);
  const revalidated0 = revalidations;
  for (let i = 0; i < LOADS; i++) repeat.push(await firstDecision(headline.site));
  const repeatRevalidations = revalidations - revalidated0;

  const { filled, r } = headline;
  console.log(JSON.stringify({
    chromium: browser.version(),
    // Wall-clock spikes of a few ms are the OS scheduler when other processes share the cores: see the load.
    loadAverage: os.loadavg().map((x) => round(x, 2)),
    cpus: os.cpus().length,
    crossOriginIsolated,
    storedEvents: r.stored,
    offers: HEADLINE.offers,
    offersEligibleAtLastDecide: r.eligible,
    storage: r.ready.storage,
    decide: {
      calls: DECIDES, offersShown: r.shown, p50Ms: round(r.p50), p90Ms: round(r.p90), p99Ms: round(r.p99),
      maxMs: round(r.max), meanMs: round(r.mean),
      // Includes the page_view tracked before each call and the exportData() read before the loop.
      meanMainThreadCpuMs: round(r.cpuMs / DECIDES),
    },
    track: {
      calls: headline.events, meanSyncMs: round(filled.syncMs / headline.events, 5), meanIncludingBatchedWritesMs: round(filled.withWritesMs / headline.events, 5),
      // All main-thread CPU of filling the store (tracks, IndexedDB writes, the flush), per event.
      meanMainThreadCpuMs: round(filled.cpuMs / headline.events, 5),
    },
    // decide() per cell: stored events x offers, each cell its own site and IndexedDB, a reloaded page.
    decideGrid: grid,
    // From navigation start (performance.timeOrigin) to the first decide() resolving, with the page, sdk.js and
    // the config answered by Playwright from memory (no network latency: a real first visit adds its round trips).
    timeToFirstDecision: {
      firstVisit: { ...summary(first), offers: 200, storedEvents: 0, configFetched: first.every((f) => f.fetched) },
      repeatVisit: { ...summary(repeat), offers: HEADLINE.offers, storedEvents: r.stored, configFrom: 'IndexedDB', revalidations: repeatRevalidations },
    },
    sdkBytes: { raw: sdk.length, gzip: gzipSync(sdk, { level: 9 }).length },
    pageErrors: errors,
  }, null, 2));
} finally {
  await browser.close();
}
