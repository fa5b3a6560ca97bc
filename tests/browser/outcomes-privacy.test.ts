// What leaves the browser during a whole shopping trip on the demo shop: every request of the context is logged
// (keepalive fetches and beacons included) and only the edge's own assets and whitelisted outcome batches go out.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { outcomeBatchSchema } from '../../protocol/outcomes.ts';
import { useChromium } from './chromium.ts';
import { logRequests, recordingProxy, storedDeviceKey, until } from './outcomes-helpers.ts';
import { collectErrors, withSdk } from './sdk-helpers.ts';

const catalogue = JSON.parse(readFileSync(new URL('../../demo/catalogue.json', import.meta.url), 'utf8')) as { item_id: string }[];
const BATCH_KEYS = ['schemaVersion', 'batchId', 'day', 'reports'];
const REPORT_KEYS = ['kind', 'experiment', 'version', 'arm', 'segment', 'offer', 'decile', 'shown', 'exposed', 'conversion', 'revenue'];

/** Every string (keys included) and every number inside a JSON value. */
function leaves(value: unknown, strings: string[] = [], numbers: number[] = []): { strings: string[]; numbers: number[] } {
  if (typeof value === 'string') strings.push(value);
  else if (typeof value === 'number') numbers.push(value);
  else if (Array.isArray(value)) for (const v of value) leaves(v, strings, numbers);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      strings.push(k);
      leaves(v, strings, numbers);
    }
  return { strings, numbers };
}

/** Whether a GET path is one the demo shop may load: the SDK, the demo site's config, models, ORT and the shop. */
function allowedGet(path: string): boolean {
  return (
    /^\/sdk(-[a-z0-9-]+)?\.js$/.test(path) ||
    path === '/v1/sites/demo/config' ||
    /^\/v1\/models\/[0-9a-f]{64}$/.test(path) ||
    /^\/ort\/[\w.-]+$/.test(path) ||
    /^\/demo\/([\w-]+\.(css|js|json))?$/.test(path)
  );
}

describe('outcome privacy on the demo shop', () => {
  const browser = useChromium();
  const edgeUrl = inject('edgeUrl');

  it('a whole shopping trip sends only whitelisted, identifier-free outcome batches to the edge', async () => {
    // Two views of the traffic: Playwright's request events (context-wide) and a recording proxy that sees every
    // byte on the wire, including the keepalive fetches and beacons of an unloading page that the events miss.
    const proxy = await recordingProxy();
    const context = await browser().newContext({ proxy: { server: proxy.server, bypass: '<-loopback>' } });
    const log = logRequests(context);
    const page = await context.newPage();
    const errors = collectErrors(page);

    try {
      // Browse, view two items, add both to the cart and buy them, all through the shop's own UI.
      await page.goto(`${edgeUrl}/demo/`);
      await until('the hero decision', () => withSdk(page, 'return (await edgewise.explain("hero")) ?? undefined'));
      await page.click('nav a[href="#/category/women"]');
      await page.click('a.card[data-item="w-dress-01"]');
      await page.click('#add');
      await page.click('nav a[href="#/category/men"]');
      await page.click('a.card[data-item="m-shirt-01"]');
      await page.click('#add');
      await page.click('a.cart-link');
      await page.click('#checkout');
      await page.click('#place-order');
      await page.waitForFunction(() => location.hash === '#/thanks');
      // The shop's panel says what leaves the browser and when, with the numbers the SDK uses (demo: 7-day window,
      // ε = ln 3 for the bit and for the amount's two levels, so each is true 75% of the time; 2.20 per report).
      await page.click('#why');
      expect(await page.textContent('#sent-when')).toContain("after the experiment's 7-day window has closed, and whether or not you bought");
      expect(await page.textContent('#sent-noise')).toBe(
        'Each answer in it is randomised in this browser first: "bought" is the truth only 75% of the time, and the amount ' +
          `(one of ${[0, 200].map((v) => v.toLocaleString('en-US', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 })).join(', ')}, ` +
          'rounded at random) only 75% of the time, so no single report tells what you did (ε = 2.20 per report; the reports about ' +
          "one day's visits together cost at most ε = 7).",
      );
      expect(await page.textContent('#sent-owed')).toMatch(/^Waiting on this device: 1 report\(s\), the first due after /);
      await page.keyboard.press('Escape');
      await withSdk(page, 'await edgewise.flush()');
      const deviceKey = await until('the stored device key', async () => (await storedDeviceKey(page, 'demo')) ?? undefined);

      // Leave the page (pagehide flushes), come back and flush whatever is still in the outbox.
      await page.goto('about:blank');
      await page.goto(`${edgeUrl}/demo/`);
      await withSdk(page, 'await edgewise.ready; await edgewise.flush();');
      expect(await withSdk<unknown[]>(page, 'return (await edgewise.exportData()).outbox')).toEqual([]);
      const logged = await log.settled();

      const edge = new URL(edgeUrl);
      const seen = [
        ...logged.filter((r) => !/^(about|data|blob):/.test(r.url)).map((r) => ({
          method: r.method, url: r.url, body: r.body ?? '', headers: Object.keys(r.headers), responseHeaders: Object.keys(r.responseHeaders ?? {}),
        })),
        ...proxy.requests.map((r) => ({
          method: r.method, url: r.url, body: r.body, headers: Object.keys(r.headers), responseHeaders: Object.keys(r.responseHeaders ?? {}),
        })),
      ];
      expect(proxy.requests.length).toBeGreaterThan(0);

      // Only the edge's origin, only the routes the shop needs: no third party.
      expect(seen.filter((r) => new URL(r.url).origin !== edge.origin).map((r) => r.url)).toEqual([]);
      const unexpected = seen.filter((r) => {
        const path = new URL(r.url).pathname;
        if (r.method === 'GET') return !allowedGet(path);
        return !(r.method === 'POST' && path === '/v1/sites/demo/outcomes');
      });
      expect(unexpected.map((r) => `${r.method} ${r.url}`)).toEqual([]);

      // No cookie either way.
      expect(seen.filter((r) => r.headers.some((h) => h.toLowerCase() === 'cookie')).map((r) => r.url)).toEqual([]);
      expect(seen.filter((r) => r.responseHeaders.some((h) => h.toLowerCase() === 'set-cookie')).map((r) => r.url)).toEqual([]);
      expect(await context.cookies()).toEqual([]);

      // Every outcome body: the protocol's whitelist and nothing else.
      const posts = seen.filter((r) => r.method === 'POST');
      const itemIds = catalogue.map((p) => p.item_id);
      const forbidden = [deviceKey, ...itemIds, edge.host, 'http', '://', '/demo', '#/'];
      // The day is the device's UTC day, which may have turned since the batch was made.
      const days = [0, -1].map((d) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10));
      const kinds = new Set<string>();
      for (const post of posts) {
        const body = JSON.parse(post.body) as Record<string, unknown>;
        const parsed = outcomeBatchSchema.safeParse(body);
        expect(parsed.error?.message, post.body).toBeUndefined();
        for (const key of Object.keys(body)) expect(BATCH_KEYS).toContain(key);
        for (const report of body.reports as Record<string, unknown>[]) {
          for (const key of Object.keys(report)) expect(REPORT_KEYS).toContain(key);
          kinds.add(report.kind as string);
        }
        // Dates only to the day: the optional day is today's, and no string or number is a finer time.
        if (body.day !== undefined) expect(days).toContain(body.day);
        const { strings, numbers } = leaves(body);
        for (const s of strings) {
          expect(s).not.toMatch(/\d{4}-\d{2}-\d{2}[T ]\d/);
          expect(s).not.toMatch(/^\d{9,}$/);
          for (const f of forbidden) expect(s.includes(f), `"${s}" contains "${f}"`).toBe(false);
        }
        for (const n of numbers) expect(Math.abs(n)).toBeLessThan(1e6);
        expect(post.body.includes(deviceKey)).toBe(false);
      }
      // The trip reached the hero and bought something, but a purchase sends nothing: within the 7-day window the
      // only report is the exposure, as for a shopper who bought nothing (outcomes-buyers.test.ts moves the clock).
      expect([...kinds]).toEqual(['exposure']);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await proxy.close();
    }
  });
});
