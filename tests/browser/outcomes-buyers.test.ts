// The privacy of outcome reports, measured in Chromium (issue 12): 50 fresh shoppers visit the demo shop, about a
// third of them buy through its checkout, Playwright's clock moves them past the 7-day window, and they come back.
// Every request is recorded (URL, headers, body, size, the step of the visit it was sent in). Buyers and non-buyers
// must send the same requests: the same count, the same sizes, at the same steps, carrying only whitelisted
// fields, with no Referer and no cookie. The edge's results must then hold the true purchase rate (and revenue per
// exposure) within their intervals.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { outcomeBatchSchema } from '../../protocol/outcomes.ts';
import { launchChromium } from './chromium.ts';
import { demoShopHtml, experimentOf, readResults, recordingProxy, until } from './outcomes-helpers.ts';
import { collectErrors, seedSite } from './sdk-helpers.ts';

const catalogue = JSON.parse(readFileSync(new URL('../../demo/catalogue.json', import.meta.url), 'utf8')) as { item_id: string; price: number }[];
/** What a buyer pays: one dress, the item every buyer puts in the cart. */
const DRESS_PRICE = catalogue.find((p) => p.item_id === 'w-dress-01')!.price;

const SITE = 'outcomes-buyers';
const EXPERIMENT = 'hero-personalisation';
const SHOPPERS = 50;
const AT_ONCE = 4;
const DAY = 86_400_000;
/** Day 0 of the test, in the browsers' fake clock. */
const T0 = Date.parse('2026-11-02T09:00:00Z');
/** Every field a batch or a report may carry (protocol/outcomes.ts). */
const BATCH_KEYS = new Set(['schemaVersion', 'batchId', 'day', 'reports']);
const REPORT_KEYS = new Set(['kind', 'experiment', 'version', 'arm', 'segment', 'offer', 'decile', 'shown', 'exposed', 'conversion', 'revenue']);

/** One request as it left the browser, and the step of the visit it left in. */
interface Sent { step: string; method: string; path: string; headers: Record<string, string>; body: string; size: number }

interface Shopper { buyer: boolean; spent: number; posts: Sent[]; requests: Sent[]; errors: string[] }

describe(`${SHOPPERS} shoppers, a third of whom buy: what leaves their browsers`, () => {
  let browser: Browser;
  const edgeUrl = inject('edgeUrl');
  const token = inject('adminToken');
  const shoppers: Shopper[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    // The demo config with one arm and no holdout, so the arm's rate is the site's purchase rate; k = 1 so nothing is
    // hidden. The check against these 50 shoppers' own true rate is only as sure as the mechanisms' noise is small
    // next to the interval: at ε = ln 3 it would miss about one run in thirty, so ε = 3 for the bit; the dress's
    // price is a revenue level (no rounding noise) and the level's ε is 6. Sizes, counts and timing do not depend
    // on ε or the levels.
    await seedSite(edgeUrl, token, SITE, {
      globalHoldout: 0,
      privacy: { epsilon: 3, revenueEpsilon: 6, revenueLevels: [0, DRESS_PRICE, 200], dailyEpsilon: 10, k: 1 },
      experiments: [{ id: EXPERIMENT, slot: 'hero', arms: [{ id: 'personalised', weight: 1, policy: 'personalised' }] }],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /**
   * Runs `fn` with the page's SDK once it has loaded. Not withSdk: its waitForFunction polls on animation frames,
   * which the paused clock stops.
   */
  const sdk = async <T>(page: Page, fn: string): Promise<T> => {
    await until('the SDK', () => page.evaluate(() => (Array.isArray((window as unknown as { edgewise: unknown }).edgewise) ? undefined : true)));
    return page.evaluate(`(async (edgewise) => { ${fn} })(window.edgewise)`) as Promise<T>;
  };

  /** True once the device's stored data satisfies `check` (read through exportData), else undefined. */
  const stored = async (page: Page, check: (data: { units: unknown[]; outbox: unknown[] }) => boolean) =>
    check(await sdk(page, 'return edgewise.exportData()')) ? true : undefined;

  /** One shopper: a first visit (a buyer checks out), eight days later a second visit. */
  async function shop(html: string, buyer: boolean): Promise<Shopper> {
    const proxy = await recordingProxy();
    const context: BrowserContext = await browser.newContext({ proxy: { server: proxy.server, bypass: '<-loopback>' } });
    let step = 'load';
    const shopper: Shopper = { buyer, spent: 0, posts: [], requests: [], errors: [] };
    try {
      // The clock stands still unless the test moves it: the SDK's timers (the send delay) fire only when told.
      await context.clock.install({ time: T0 });
      await context.clock.pauseAt(T0);
      await context.route(`${edgeUrl}/demo/`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
      const page: Page = await context.newPage();
      shopper.errors = collectErrors(page);
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.origin !== new URL(edgeUrl).origin) return;
        const body = request.postData() ?? '';
        const entry: Sent = { step, method: request.method(), path: url.pathname, headers: request.headers(), body, size: Buffer.byteLength(body) };
        shopper.requests.push(entry);
        if (entry.method === 'POST') shopper.posts.push(entry);
      });
      const at = (name: string) => { step = name; };
      // Visit 1: the shop, its hero decision, a browse; buyers add an item and check out; then time passes on the
      // page (the send delay) and the shopper leaves.
      at('visit-1 load');
      await page.goto(`${edgeUrl}/demo/`);
      await until('the hero decision', () => sdk(page, 'return (await edgewise.explain("hero")) ?? undefined'));
      at('visit-1 browse');
      await page.click('nav a[href="#/category/women"]');
      await page.click('a.card[data-item="w-dress-01"]');
      at('visit-1 buy or not');
      if (buyer) {
        shopper.spent = DRESS_PRICE;
        await page.click('#add');
        await page.click('a.cart-link');
        await page.click('#checkout');
        await page.click('#place-order');
        await page.waitForFunction(() => location.hash === '#/thanks');
      } else {
        await page.click('a.cart-link');
      }
      at('visit-1 stays 5 s');
      // The unit opened (its exposure queued) off the decision path: wait for it, then let 5 s pass on the page.
      await until('the unit opened', () => stored(page, (d) => d.units.length === 1));
      await page.clock.runFor(5000);
      await until('visit 1 sent', () => stored(page, (d) => d.outbox.length === 0));
      at('visit-1 leaves');
      await page.goto('about:blank');
      // Eight days later (the window is 7 days), the same shopper comes back.
      await page.clock.fastForward(8 * DAY);
      at('visit-2 load');
      await page.goto(`${edgeUrl}/demo/`);
      await sdk(page, 'await edgewise.ready');
      at('visit-2 stays 5 s');
      await until('the unit closed', () => stored(page, (d) => d.units.length === 0));
      await page.clock.runFor(5000);
      await until('visit 2 sent', () => stored(page, (d) => d.outbox.length === 0));
      at('visit-2 leaves');
      await page.goto('about:blank');
    } finally {
      await context.close();
      // The proxy saw every POST on the wire, unload-time ones included: the page's own log must have them all.
      const wirePosts = proxy.requests.filter((r) => r.method === 'POST').length;
      await proxy.close();
      expect(wirePosts, 'POSTs seen on the wire').toBe(shopper.posts.length);
    }
    return shopper;
  }

  it(`runs ${SHOPPERS} fresh shoppers through two visits eight days apart`, async () => {
    const html = await demoShopHtml(edgeUrl, SITE);
    let next = 0;
    await Promise.all(Array.from({ length: AT_ONCE }, async () => {
      while (next < SHOPPERS) {
        const i = next++;
        shoppers[i] = await shop(html, i % 3 === 0);
      }
    }));
    expect(shoppers.filter((s) => s.buyer)).toHaveLength(17);
    expect(shoppers.flatMap((s) => s.errors)).toEqual([]);
  }, 600_000);

  it('buyers and non-buyers send the same requests: count, size and step of the visit', () => {
    const kinds = (p: Sent) => (JSON.parse(p.body) as { reports: { kind: string }[] }).reports.map((r) => r.kind).join('+');
    const shape = (s: Shopper) => s.posts.map((p) => `${p.step}: POST ${p.path} ${p.size} B (${kinds(p)})`).join('; ');
    const buyers = new Set(shoppers.filter((s) => s.buyer).map(shape));
    const others = new Set(shoppers.filter((s) => !s.buyer).map(shape));
    // One exposure when the hero is first decided, one report set on the first page after the window closes.
    expect([...buyers]).toEqual([
      `visit-1 stays 5 s: POST /v1/sites/${SITE}/outcomes 512 B (exposure); visit-2 stays 5 s: POST /v1/sites/${SITE}/outcomes 512 B (outcome)`,
    ]);
    expect([...others]).toEqual([...buyers]);
    // Every request the SDK makes (GETs too), per visit: the same for both. (Within a visit a part such as
    // sdk-value.js may load before or after the test's next step, for buyers and non-buyers alike.)
    const gets = (s: Shopper) => s.requests.filter((r) => r.method === 'GET' && /^\/(sdk|v1)/.test(r.path)).map((r) => `${r.step.slice(0, 7)} ${r.path}`).sort().join();
    expect(new Set(shoppers.map(gets)).size).toBe(1);
  });

  it('every request to the edge carries no Referer and no cookie, and every body only whitelisted fields', () => {
    const all = shoppers.flatMap((s) => s.requests);
    // The shop's own page resources may carry the page URL; nothing the SDK sends does.
    const sdk = all.filter((r) => /^\/(sdk[\w-]*\.js|v1\/)/.test(r.path));
    expect(sdk.length).toBeGreaterThan(4 * SHOPPERS);
    expect(sdk.filter((r) => 'referer' in r.headers || 'cookie' in r.headers).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    for (const post of all.filter((r) => r.method === 'POST')) {
      expect(post.headers['content-length'] ?? String(post.size)).toBe('512');
      const body = JSON.parse(post.body) as Record<string, unknown> & { reports: Record<string, unknown>[] };
      expect(outcomeBatchSchema.safeParse(body).success).toBe(true);
      expect(Object.keys(body).every((k) => BATCH_KEYS.has(k))).toBe(true);
      expect(body.reports.flatMap(Object.keys).every((k) => REPORT_KEYS.has(k))).toBe(true);
      // Days only: the exposure's day and the batch's day, both day 0 or day 8 of the fake clock.
      for (const day of [body.day, ...body.reports.map((r) => r.exposed)].filter(Boolean)) expect(['2026-11-02', '2026-11-10']).toContain(day);
    }
  });

  it("the edge's results hold the shoppers' true purchase rate and revenue per exposure within their intervals", async () => {
    const experiment = experimentOf(await readResults(edgeUrl, token, SITE), EXPERIMENT);
    const arm = experiment.arms.find((a) => a.id === 'personalised')!;
    expect(arm.exposures).toBe(SHOPPERS);
    const rate = shoppers.filter((s) => s.buyer).length / SHOPPERS;
    expect(arm.rateCi![0]).toBeLessThanOrEqual(rate);
    expect(arm.rateCi![1]).toBeGreaterThanOrEqual(rate);
    // Revenue is clipped at the last revenue level (200 by default); a dress is below it.
    const revenue = shoppers.reduce((sum, s) => sum + Math.min(200, s.spent), 0) / SHOPPERS;
    expect(revenue).toBeGreaterThan(0);
    expect(arm.revenuePerExposureCi![0]).toBeLessThanOrEqual(revenue);
    expect(arm.revenuePerExposureCi![1]).toBeGreaterThanOrEqual(revenue);
    expect(experiment.reporting.arms[0], JSON.stringify(experiment.reporting)).toMatchObject({ opened: SHOPPERS, due: SHOPPERS, arrived: SHOPPERS, share: 1, pending: 0 });
    // EDGEWISE_PRIVACY_REPORT=file.json writes the figures the closing note quotes.
    if (process.env.EDGEWISE_PRIVACY_REPORT) {
      const group = (buyer: boolean) => {
        const mine = shoppers.filter((s) => s.buyer === buyer);
        const posts = mine.flatMap((s) => s.posts);
        return {
          shoppers: mine.length,
          requestsPerShopper: [...new Set(mine.map((s) => s.requests.length))],
          postsPerShopper: [...new Set(mine.map((s) => s.posts.length))],
          postSizes: [...new Set(posts.map((p) => p.size))],
          postSteps: [...new Set(posts.map((p) => p.step))],
        };
      };
      writeFileSync(process.env.EDGEWISE_PRIVACY_REPORT, JSON.stringify({
        buyers: group(true), nonBuyers: group(false), trueRate: rate, rate: arm.rateUnbiased, rateCi: arm.rateCi,
        trueRevenuePerExposure: revenue, revenuePerExposure: arm.revenuePerExposure, revenuePerExposureCi: arm.revenuePerExposureCi,
      }, null, 2));
    }
  });
});
