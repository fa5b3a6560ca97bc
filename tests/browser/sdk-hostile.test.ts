// The SDK in a hostile or broken page, in Chromium (issue 13, items 4 and 8): a dataLayer push cannot reach the
// page's Object.prototype, and a malformed config never breaks `ready`, the page, or the next visit.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { collectErrors, sdkPage, seedSite, servePage, withSdk } from './sdk-helpers.ts';

/** Unhandled rejections, which Chromium does not always report as page errors. */
const WATCH = `window.__rejections = []; addEventListener('unhandledrejection', (e) => __rejections.push(String(e.reason)));
window.edgewise = window.edgewise || [];`;
const rejections = (page: Page) => page.evaluate(() => (window as unknown as { __rejections: string[] }).__rejections);

describe('a hostile page', () => {
  let browser: Browser;
  const edgeUrl = inject('edgeUrl');
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a dataLayer item named "__proto__" or "constructor" does not pollute the shop\'s objects (item 4)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${edgeUrl}/demo/`);
    await withSdk(page, 'return (await edgewise.ready).configVersion;');
    const seen = await page.evaluate(async () => {
      const w = window as unknown as { dataLayer: unknown[]; edgewise: { on: (e: string, f: (p: unknown) => void) => void } };
      const tracked: unknown[] = [];
      w.edgewise.on('track', (event) => tracked.push(event));
      w.dataLayer.push({ event: 'add_to_cart', ecommerce: { items: [{ item_id: '__proto__', price: 9.99, quantity: 2 }] } });
      w.dataLayer.push({ event: 'add_to_cart', ecommerce: { items: [{ item_id: 'constructor', item_category: '__proto__', price: 5, quantity: 1 }] } });
      w.dataLayer.push({ event: 'purchase', ecommerce: { value: 10, items: [{ item_id: '__proto__', item_brand: 'toString', price: 10 }] } });
      // The dataLayer part loads on first use: wait until the three pushes reached the profile.
      const deadline = Date.now() + 10_000;
      while (tracked.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const plain = {} as Record<string, unknown>;
      return { tracked: tracked.length, price: plain.price, quantity: plain.quantity, objectQuantity: (Object as unknown as Record<string, unknown>).quantity, toStringType: typeof plain.toString };
    });
    expect(seen).toEqual({ tracked: 3, price: undefined, quantity: undefined, objectQuantity: undefined, toStringType: 'function' });
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a malformed config (item 8)', () => {
  let browser: Browser;
  const edgeUrl = inject('edgeUrl');
  const token = inject('adminToken');
  const SITE = 'sdk-malformed';

  beforeAll(async () => {
    browser = await launchChromium();
    await seedSite(edgeUrl, token, SITE, { consent: 'implied', globalHoldout: 0, experiments: [] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Serves the edge's config for SITE with `change` applied to it (null: the edge's own answer). */
  async function configAs(context: BrowserContext, change: ((config: any) => void) | null) {
    await context.unroute(`${edgeUrl}/v1/sites/${SITE}/config`).catch(() => {});
    if (!change) return;
    await context.route(`${edgeUrl}/v1/sites/${SITE}/config`, async (route) => {
      const response = await route.fetch({ headers: {} });
      const config = await response.json();
      change(config);
      await route.fulfill({ status: 200, contentType: 'application/json', headers: { etag: `"malformed-${Math.random()}"` }, body: JSON.stringify(config) });
    });
  }

  const body = '<div data-edgewise-slot="hero">Default hero</div>';

  it('offers: {} or [null] on a first visit: ready resolves without a config, nothing throws', async () => {
    for (const change of [(c: any) => (c.offers = {}), (c: any) => (c.offers = [null]), (c: any) => (c.segments = 'x'), (c: any) => (c.offers[0].content = null)]) {
      const context = await browser.newContext();
      await configAs(context, change);
      const url = await servePage(context, edgeUrl, 'malformed-first', sdkPage(SITE, { before: WATCH, body }));
      const page = await context.newPage();
      const errors = collectErrors(page);
      await page.goto(url);
      const ready = await withSdk<{ configVersion: number | null }>(page, 'return await edgewise.ready;');
      expect(ready.configVersion).toBeNull();
      expect(await withSdk(page, "return await edgewise.decide('hero');")).toBeNull();
      expect(await page.textContent('[data-edgewise-slot="hero"]')).toBe('Default hero');
      expect(await rejections(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('with a good cached config, a malformed revalidation is ignored and the cached one stays in use', async () => {
    const context = await browser.newContext();
    const url = await servePage(context, edgeUrl, 'malformed-cached', sdkPage(SITE, { before: WATCH, body }));
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(url);
    const version = (await withSdk<{ configVersion: number }>(page, 'return await edgewise.ready;')).configVersion;
    expect(version).toBeGreaterThan(0);
    await withSdk(page, 'await edgewise.flush();');
    await configAs(context, (c) => (c.offers = {}));
    await page.goto(url);
    expect((await withSdk<{ configVersion: number }>(page, 'return await edgewise.ready;')).configVersion).toBe(version);
    await page.waitForTimeout(500); // the revalidation answers after ready
    expect(await rejections(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a cached offer with content: null (cached by an older SDK) does not throw into the page on the next visit', async () => {
    const context = await browser.newContext();
    const url = await servePage(context, edgeUrl, 'malformed-stored', sdkPage(SITE, { before: WATCH, body }));
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(url);
    await withSdk(page, 'await edgewise.ready; await edgewise.flush();');
    // What an older SDK kept: the edge's config with every offer's content gone.
    await page.evaluate(async (site) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(`edgewise-${site}`);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const store = db.transaction('config', 'readwrite').objectStore('config');
      const cached = await new Promise<any>((resolve) => (store.get(site).onsuccess = (e) => resolve((e.target as IDBRequest).result)));
      for (const offer of cached.config.offers) offer.content = null;
      await new Promise((resolve) => (store.put(cached).onsuccess = resolve));
      db.close();
    }, SITE);
    // The edge is unreachable on the next visit: only the cached config could be used.
    await context.route(`${edgeUrl}/v1/sites/${SITE}/config`, (route) => route.abort());
    await page.goto(url);
    await withSdk(page, 'await edgewise.ready;');
    expect(await withSdk(page, "return await edgewise.decide('hero');")).toBeNull();
    await page.waitForTimeout(500);
    expect(await page.textContent('[data-edgewise-slot="hero"]')).toBe('Default hero');
    expect(await rejections(page)).toEqual([]);
    // The aborted config request is the one console error expected.
    expect(errors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
    await context.close();
  });
});
