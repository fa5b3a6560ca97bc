#!/usr/bin/env node
// Benchmark of the browser SDK (not a test): in Chromium, with 5,000 stored events and 200 offers, the
// main-thread time of decide() (p50/p99) and track() (mean). Run `npm run build` first; prints JSON.
// Usage: node bench/sdk.mjs [--decides 1000] [--tracks 5000]
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
const OFFERS = 200;
// localhost is a secure context, which cross-origin isolation needs; nothing listens there, Playwright answers.
const ORIGIN = 'http://localhost:8809';

const sdkPath = path.join(root, 'dist/public/sdk.js');
if (!existsSync(sdkPath)) {
  console.error('dist/public/sdk.js is missing: run `npm run build` first');
  process.exit(1);
}
const sdk = readFileSync(sdkPath);

/** The demo site's config with 200 offers of varied eligibility, caps, validity and priors, as a DeviceConfig. */
function benchConfig() {
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
    discount: { kind: 'percent', value: 10 }, margin: 20 + (i % 40), cost: 0.2 + (i % 7) / 10,
    eligibility: eligibility[i % eligibility.length], inventory: null,
    ...(i % 4 === 0 ? { frequencyCap: { count: 3, days: 7 } } : {}),
    ...(i % 10 === 0 ? { validFrom: '2020-01-01', validTo: '2099-12-31' } : {}),
    ...(i % 5 === 0 ? { score: { intercept: -3, weights: { frequency: 0.2, 'categoryAffinity.women': 0.05, priceLevel: -0.001 }, uplift: 0.02 } } : {}),
    upliftPrior: Object.fromEntries(segmentIds.map((s, j) => [s, ((i * 7 + j * 3) % 40) / 1000])),
  }));
  return {
    schemaVersion: 1, site: 'bench', version: 1, publishedAt: new Date().toISOString(), consent: 'implied',
    privacy: demo.privacy, globalHoldout: 0, attributionDays: 7, savedGroups: {}, segments: demo.segments, offers,
    // Everyone in one personalised arm: every decide runs the whole pipeline (a control arm would return early).
    experiments: [{ id: 'bench', slot: 'hero', version: 1, status: 'running', bandit: false, explorationFloor: 0.01,
      arms: [{ id: 'personalised', weight: 1, policy: 'personalised' }] }],
    constraints: demo.constraints, prices: Object.fromEntries(offers.map((o, i) => [o.id, (i % 9) / 20])), posteriors: {}, models: [],
  };
}

const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-resource-policy': 'same-origin' };
const html = `<!doctype html><meta charset="utf-8"><script>window.edgewise = window.edgewise || [];</script>
<script src="/sdk.js" data-site="bench"></script><div data-edgewise-slot="hero">Default</div>`;

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const context = await browser.newContext();
  const config = JSON.stringify(benchConfig());
  await context.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', headers: isolation, body: html });
    if (url.pathname === '/sdk.js') return route.fulfill({ contentType: 'text/javascript', headers: isolation, body: sdk });
    // The script tag's optional parts (sdk-*.js), loaded beside it on first use.
    const part = /^\/sdk-[a-z]+\.js$/.test(url.pathname) && path.join(root, 'dist/public', url.pathname);
    if (part && existsSync(part)) return route.fulfill({ contentType: 'text/javascript', headers: isolation, body: readFileSync(part) });
    if (url.pathname.endsWith('/config')) return route.fulfill({ contentType: 'application/json', headers: { ...isolation, etag: '"bench"' }, body: config });
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
  await page.goto(`${ORIGIN}/`);

  await page.waitForFunction(() => !Array.isArray(window.edgewise));
  // Fill the store: 5,000 events of a shopper browsing, carting and buying; then reload so they come from IndexedDB.
  const fillCpu0 = await threadTime();
  const fill = await page.evaluate(async (n) => {
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
  }, TRACKS);

  const fillCpuMs = (await threadTime()) - fillCpu0;
  await page.reload();
  await page.evaluate(() => window.edgewise.ready);
  const decideCpu0 = await threadTime();
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
  }, DECIDES);
  const decideCpuMs = (await threadTime()) - decideCpu0;

  const round = (x, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
  console.log(JSON.stringify({
    chromium: browser.version(),
    // Wall-clock spikes of a few ms are the OS scheduler when other processes share the cores: see the load.
    loadAverage: os.loadavg().map((x) => round(x, 2)),
    cpus: os.cpus().length,
    crossOriginIsolated: fill.crossOriginIsolated,
    storedEvents: result.stored,
    offers: OFFERS,
    offersEligibleAtLastDecide: result.eligible,
    storage: result.ready.storage,
    decide: {
      calls: DECIDES, offersShown: result.shown, p50Ms: round(result.p50), p90Ms: round(result.p90), p99Ms: round(result.p99),
      maxMs: round(result.max), meanMs: round(result.mean),
      // Includes the page_view tracked before each call and the exportData() read before the loop.
      meanMainThreadCpuMs: round(decideCpuMs / DECIDES),
    },
    track: {
      calls: TRACKS, meanSyncMs: round(fill.syncMs / TRACKS, 5), meanIncludingBatchedWritesMs: round(fill.withWritesMs / TRACKS, 5),
      // All main-thread CPU of filling the store (tracks, IndexedDB writes, the flush), per event.
      meanMainThreadCpuMs: round(fillCpuMs / TRACKS, 5),
    },
    sdkBytes: { raw: sdk.length, gzip: gzipSync(sdk, { level: 9 }).length },
    pageErrors: errors,
  }, null, 2));
} finally {
  await browser.close();
}
