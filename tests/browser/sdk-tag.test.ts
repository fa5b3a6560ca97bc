// The script tag in Chromium: the queue before load, dataLayer ingestion, slot rendering (as text, never HTML),
// the anti-flicker timeout, and its optional parts loaded by a shop on another origin.
import { chromium, type Browser, type BrowserContext, type Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath, launchChromium } from './chromium.ts';
import { collectErrors, sdkPage, seedSite, servePage, withSdk } from './sdk-helpers.ts';

const HOSTILE_TITLE = '<img src=x onerror="window.__xss=1">Big sale';

describe('script tag', () => {
  let browser: Browser;
  let context: BrowserContext;
  const edgeUrl = inject('edgeUrl');

  beforeAll(async () => {
    browser = await launchChromium();
    // One offer only, no experiment, no holdout: the slot's content is known.
    await seedSite(edgeUrl, inject('adminToken'), 'sdk-slots', {
      globalHoldout: 0,
      experiments: [],
      offers: [{
        id: 'hostile', slots: ['hero'], margin: 50, redemptionCost: 0, upliftPrior: { everyone: 0.1, 'new-visitors': 0.1 },
        content: { title: HOSTILE_TITLE, body: 'Body text', link: 'javascript:alert(1)', cta: 'Go' },
      }],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads its optional parts (sdk-*.js) beside the script when the shop is on another origin', async () => {
    // Another origin on the loopback (Chromium keeps public pages from loading scripts off 127.0.0.1).
    const shop = edgeUrl.replace('127.0.0.1', 'localhost');
    expect(shop).not.toBe(edgeUrl);
    await seedSite(edgeUrl, inject('adminToken'), 'sdk-cross', { globalHoldout: 0, allowedOrigins: [shop] });
    // A test-only flag: a page served by Playwright counts as public, and Chromium's local network access checks
    // would stop it from loading anything off the loopback edge (a real shop and edge are both public).
    const crossBrowser = await chromium.launch({
      executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS, '--disable-features=LocalNetworkAccessChecks'],
    });
    try {
      context = await crossBrowser.newContext();
      const parts: string[] = [];
      context.on('request', (request) => {
        const name = /\/(sdk-[a-z]+\.js)$/.exec(request.url())?.[1];
        if (name) parts.push(`${new URL(request.url()).origin}/${name}`);
      });
      const html = sdkPage('sdk-cross', { attrs: 'data-datalayer', before: 'window.edgewise = window.edgewise || [];' }).replace('src="/sdk.js"', `src="${edgeUrl}/sdk.js"`);
      await context.route(`${shop}/shop.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
      const page = await context.newPage();
      const errors = collectErrors(page);
      await page.goto(`${shop}/shop.html`);
      const result = await withSdk<{ ready: { configVersion: number | null }; explained: string | null; events: string[]; sent: unknown }>(page, `
        const ready = await edgewise.ready;
        window.dataLayer.push({ event: 'view_item', ecommerce: { items: [{ item_id: 'w-1', item_category: 'women', price: 30 }] } });
        await new Promise((r) => setTimeout(r, 100));
        await edgewise.decide('hero');
        const explained = (await edgewise.explain('hero'))?.reason ?? null;
        const events = (await edgewise.exportData()).events.map((e) => e.type);
        return { ready, explained, events, sent: await edgewise.flush() };`);
      expect(result.ready.configVersion).not.toBeNull();
      expect(result.explained).toEqual(expect.any(String));
      expect(result.events).toEqual(['view_item']);
      expect(result.sent).toEqual({ ok: true, sent: 1 });
      for (const part of ['sdk-datalayer.js', 'sdk-explain.js', 'sdk-send.js']) expect(parts).toContain(`${edgeUrl}/${part}`);
      expect(errors).toEqual([]);
    } finally {
      await crossBrowser.close();
    }
  });

  it('resolves every call, without page errors, when its optional parts cannot be fetched', async () => {
    context = await browser.newContext();
    await context.route(/\/sdk-[a-z]+\.js$/, (route) => route.abort());
    const url = await servePage(context, edgeUrl, 'no-parts', sdkPage('demo', { before: 'window.edgewise = window.edgewise || [];', attrs: 'data-datalayer' }));
    const page = await context.newPage();
    const errors = collectErrors(page);
    // Only the aborted requests themselves may be reported by the browser.
    const failures = () => errors.filter((e) => !e.includes('net::ERR_FAILED'));
    await page.goto(url);
    const result = await withSdk<{ decided: boolean; explained: unknown; exported: unknown; flushed: unknown }>(page, `
      await edgewise.ready;
      await edgewise.track('page_view');
      const decided = (await edgewise.decide('hero')) !== undefined;
      const explained = await edgewise.explain('hero');
      const exported = (await edgewise.exportData()).events.map((e) => e.type);
      return { decided, explained, exported, flushed: await edgewise.flush() };`);
    expect(result.decided).toBe(true);
    expect(result.explained).toBeNull();
    expect(result.exported).toEqual(['page_view']);
    expect(result.flushed).toEqual({ ok: true, sent: 0 });
    await page.waitForTimeout(300);
    expect(failures()).toEqual([]);
    await context.close();
  });

  it('loads the rare condition operators (sdk-operators.js) on every page of a site whose rules use one, before deciding', async () => {
    // $regexi is not in sdk.js: without its part the offer's rule could not be evaluated.
    await seedSite(edgeUrl, inject('adminToken'), 'sdk-ops', {
      globalHoldout: 0,
      experiments: [],
      offers: [{
        id: 'women-only', slots: ['hero'], margin: 50, redemptionCost: 0, upliftPrior: { everyone: 0.1, 'new-visitors': 0.1, womenswear: 0.1 },
        eligibility: { topCategory: { $regexi: '^WOM' } }, content: { title: 'For her', body: 'Body', cta: 'Go' },
      }],
    });
    const decideAfterViewing = `
      await edgewise.ready;
      const before = (await edgewise.decide('hero'))?.offerId ?? null;
      await edgewise.track('view_item', { items: [{ item_id: 'w-1', item_category: 'women', price: 30 }] });
      await edgewise.track('page_view');
      return [before, (await edgewise.decide('hero'))?.offerId ?? null];`;
    const html = sdkPage('sdk-ops', { attrs: 'data-render-slots="false"' });
    for (const blocked of [false, true]) {
      context = await browser.newContext();
      if (blocked) await context.route(/\/sdk-operators\.js$/, (route) => route.abort());
      const parts: string[] = [];
      context.on('request', (request) => void (/\/sdk-operators\.js$/.test(request.url()) && parts.push(request.url())));
      const page = await context.newPage();
      const errors = collectErrors(page);
      await page.goto(await servePage(context, edgeUrl, `ops-${blocked}`, html));
      // Fetched as the config is adopted, whatever the shopper has done: before any event or decision.
      await withSdk(page, 'await edgewise.ready;');
      expect(parts).toHaveLength(1);
      // Without the part (unreachable), no decision rather than one made with rules it cannot evaluate.
      expect(await withSdk(page, decideAfterViewing)).toEqual(blocked ? [null, null] : [null, 'women-only']);
      if (!blocked) expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('runs commands queued before the script arrives, and push still works afterwards', async () => {
    context = await browser.newContext();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await context.route('**/sdk.js', async (route: Route) => {
      await held;
      await route.continue();
    });
    const url = await servePage(context, edgeUrl, 'queue', sdkPage('demo', {
      before: `window.edgewise = window.edgewise || [];
        edgewise.push(['track', 'view_item', { items: [{ item_id: 'm-shirt-01', item_category: 'men', price: 49 }] }]);
        edgewise.push(['no_such_command']);
        edgewise.push(function (api) { window.__gotApi = typeof api.decide; });`,
    }));
    const page = await context.newPage();
    const errors = collectErrors(page);
    // The held async script delays the load event: wait for the DOM only.
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    expect(await page.evaluate(() => Array.isArray((window as unknown as { edgewise: unknown }).edgewise))).toBe(true);
    release();
    await withSdk(page, `edgewise.push(['track', 'search', { search_term: 'coat' }]); await edgewise.ready;`);
    const data = await withSdk<{ events: { type: string; search_term?: string }[] }>(page, 'return edgewise.exportData()');
    expect(data.events.map((e) => e.type)).toEqual(['view_item', 'search']);
    expect(await page.evaluate(() => (window as unknown as { __gotApi: string }).__gotApi)).toBe('function');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('reads past and future GA4 pushes from dataLayer, in both gtag and GTM forms', async () => {
    context = await browser.newContext();
    const url = await servePage(context, edgeUrl, 'datalayer', sdkPage('demo', {
      attrs: 'data-datalayer',
      before: `window.dataLayer = window.dataLayer || [];
        function gtag() { dataLayer.push(arguments); }
        dataLayer.push({ event: 'gtm.js' });
        gtag('config', 'G-TEST');
        gtag('event', 'view_item', { items: [{ item_id: 's-boot-02', item_category: 'shoes', price: 145 }] });
        dataLayer.push({ event: 'purchase', ecommerce: { value: 145, currency: 'EUR', items: [{ item_id: 's-boot-02', price: 145 }] } });`,
    }));
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(url);
    await withSdk(page, 'await edgewise.ready');
    await page.evaluate(() => {
      const w = window as unknown as { dataLayer: unknown[] };
      w.dataLayer.push({ ecommerce: null });
      w.dataLayer.push({ event: 'add_to_cart', ecommerce: { items: [{ item_id: 'a-bag-01', price: 120 }] } });
    });
    const data = await withSdk<{ events: { type: string }[]; profile: { profile: { frequency: number; monetary: number } } }>(
      page, 'return edgewise.exportData()');
    expect(data.events.map((e) => e.type)).toEqual(['view_item', 'purchase', 'add_to_cart']);
    expect(data.profile.profile).toMatchObject({ frequency: 1, monetary: 145 });
    // The page's own dataLayer still holds every entry it pushed.
    expect(await page.evaluate(() => (window as unknown as { dataLayer: unknown[] }).dataLayer.length)).toBe(6);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fills a slot with the offer as text, never as HTML, and drops unsafe links', async () => {
    context = await browser.newContext();
    // 10 s to decide: a loaded machine can pass the 300 ms default on a first visit (the flicker test below holds it).
    const url = await servePage(context, edgeUrl, 'slot', sdkPage('sdk-slots', { attrs: 'data-flicker-ms="10000"', body: '<div id="slot" data-edgewise-slot="hero">Default</div>' }));
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(url);
    await page.waitForSelector('#slot[data-edgewise-offer="hostile"]');
    const slot = await page.evaluate(() => {
      const el = document.getElementById('slot')!;
      return {
        text: el.textContent, images: el.querySelectorAll('img').length, links: el.querySelectorAll('a').length,
        visibility: getComputedStyle(el).visibility, xss: (window as unknown as { __xss?: number }).__xss ?? 0,
      };
    });
    expect(slot).toEqual({ text: `${HOSTILE_TITLE}Body textGo`, images: 0, links: 0, visibility: 'visible', xss: 0 });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('hides a slot while its decision is pending, and shows the default content once data-flicker-ms passes', async () => {
    context = await browser.newContext();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Hold the config (a first visit on a slow network): the decision cannot come before the flicker timeout.
    await context.route('**/v1/sites/sdk-slots/config', async (route: Route) => {
      await held;
      await route.continue();
    });
    const url = await servePage(context, edgeUrl, 'flicker', sdkPage('sdk-slots', {
      attrs: 'data-flicker-ms="400"',
      // Records every change of the slot's pending (hidden) state, from before the SDK arrives.
      before: `window.__flicker = [];
        new MutationObserver((records) => {
          for (const r of records) if (r.attributeName === 'data-edgewise-pending')
            window.__flicker.push(r.target.hasAttribute('data-edgewise-pending') ? 'hidden' : 'shown');
        }).observe(document, { attributes: true, subtree: true });`,
      body: '<div id="slot" data-edgewise-slot="hero">Default</div>',
    }));
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(url);
    // With the config still held, the slot must be hidden once and shown again by the timeout alone.
    await page.waitForFunction(() => (window as unknown as { __flicker: string[] }).__flicker.includes('shown'));
    expect(await page.evaluate(() => (window as unknown as { __flicker: string[] }).__flicker)).toEqual(['hidden', 'shown']);
    expect(await page.evaluate(() => getComputedStyle(document.getElementById('slot')!).visibility)).toBe('visible');
    expect(await page.textContent('#slot')).toBe('Default');
    expect(await page.getAttribute('#slot', 'data-edgewise-offer')).toBeNull();
    release();
    await withSdk(page, 'await edgewise.ready');
    expect(errors).toEqual([]);
    await context.close();
  });
});
