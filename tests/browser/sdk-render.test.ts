// A developer's first hour, in Chromium against the local edge: how slots render (default style, parts, opt-out,
// templates, <edgewise-slot>, the page's own rendering), decide(slot) stable within a page, the QA preview past the
// global holdout, and a config refused by CORS named as such. Screenshots go to test-artifacts/sdk/.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DeviceConfig } from '../../protocol/index.ts';
import { inGlobalHoldout } from '../../client-sdk/src/experiments/index.ts';
import { CHROMIUM_ARGS, chromiumPath, launchChromium } from './chromium.ts';
import { fixedDeviceKeyScript } from './console-shop-key.ts';
import { collectErrors, sdkPage as tagPage, seedSite, withSdk } from './sdk-helpers.ts';

/**
 * A page with the script tag, allowed 10 s to decide before showing the default content: a loaded machine can take
 * longer than the 300 ms default on a first visit, and these tests are about rendering, not the anti-flicker timeout
 * (sdk-tag.test.ts holds that).
 */
const sdkPage = (site: string, o: { before?: string; body?: string; attrs?: string } = {}) =>
  tagPage(site, { ...o, attrs: `data-flicker-ms="10000" ${o.attrs ?? ''}` });

const SHOTS = path.resolve('test-artifacts/sdk');
const OFFER = {
  id: 'spring', slots: ['hero'], margin: 50, redemptionCost: 0, upliftPrior: { everyone: 0.1, 'new-visitors': 0.1 },
  content: { title: '10% off all shoes', body: 'This week only.', cta: 'Shop shoes', link: '/shoes', image: '/sdk-test/offer.svg' },
};
const SECOND = { ...OFFER, id: 'autumn', slots: ['side'], upliftPrior: { everyone: 0.01, 'new-visitors': 0.01 }, content: { title: 'Autumn coats', cta: 'See coats' } };
const IMAGE = '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="80"><rect width="320" height="80" fill="#8a6b4e"/></svg>';

/** The 16 key bytes of a device the site's global holdout keeps out (found with the SDK's own hash). */
function holdoutKey(site: string, share: number): number[] {
  for (let i = 0; i < 10_000; i++) {
    const bytes = Array.from({ length: 16 }, (_, j) => (j < 14 ? 0x5a : (i >> (8 * (15 - j))) & 0xff));
    const key = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
    if (inGlobalHoldout({ site, globalHoldout: share } as DeviceConfig, key)) return bytes;
  }
  throw new Error('no key in the holdout');
}

describe('slots, decisions and QA in a page', () => {
  const edgeUrl = inject('edgeUrl');
  const token = inject('adminToken');
  let browser: Browser;
  let context: BrowserContext;

  const open = async (name: string, html: string, init?: string): Promise<{ page: Page; errors: string[]; url: string }> => {
    await context?.close();
    context = await browser.newContext({ viewport: { width: 700, height: 500 } });
    if (init) await context.addInitScript(init);
    await context.route(`${edgeUrl}/sdk-test/offer.svg`, (route) => route.fulfill({ status: 200, contentType: 'image/svg+xml', body: IMAGE }));
    // Query strings too (?edgewise-preview): the page is matched by its path.
    const url = `${edgeUrl}/sdk-test/${name}.html`;
    await context.route((u) => u.href.startsWith(url), (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(url);
    return { page, errors, url };
  };
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    await seedSite(edgeUrl, token, 'sdk-render', { globalHoldout: 0, experiments: [], offers: [OFFER, SECOND], constraints: { budget: 1000, currency: 'EUR', maxOffersPerPage: 2 } });
    await seedSite(edgeUrl, token, 'sdk-holdout', { globalHoldout: 0.5, experiments: [], offers: [OFFER, SECOND] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders an offer with a small default style: parts on their own lines, named by class and part', async () => {
    const { page, errors } = await open('render-default', sdkPage('sdk-render', {
      body: '<main style="max-width:420px;font:16px system-ui"><div id="slot" data-edgewise-slot="hero">Default</div></main>',
    }));
    await page.waitForSelector('#slot[data-edgewise-offer="spring"] .edgewise-cta');
    const layout = await page.evaluate(() => {
      const q = (c: string) => document.querySelector(`#slot .edgewise-${c}`)!;
      const box = (c: string) => q(c).getBoundingClientRect();
      return {
        parts: ['offer', 'image', 'title', 'body', 'cta'].map((c) => q(c).getAttribute('part')),
        href: q('offer').getAttribute('href'),
        display: getComputedStyle(q('offer')).display,
        stacked: box('image').bottom <= box('title').top && box('title').bottom <= box('body').top && box('body').bottom <= box('cta').top,
        ctaBackground: getComputedStyle(q('cta')).backgroundColor,
      };
    });
    expect(layout).toEqual({
      parts: ['offer', 'image', 'title', 'body', 'cta'], href: `${edgeUrl}/shoes`, display: 'flex', stacked: true, ctaBackground: 'rgb(34, 34, 34)',
    });
    await shot(page, '01-default-style');
    expect(errors).toEqual([]);
  });

  it('lets the shop restyle any part, and turns the default style off with data-slot-style="none"', async () => {
    const styled = await open('render-restyled', sdkPage('sdk-render', {
      body: '<style>.edgewise-cta{background:rgb(200,0,0)}</style><div id="slot" data-edgewise-slot="hero">Default</div>',
    }));
    await styled.page.waitForSelector('#slot .edgewise-cta');
    expect(await styled.page.$eval('#slot .edgewise-cta', (el) => getComputedStyle(el).backgroundColor)).toBe('rgb(200, 0, 0)');
    const bare = await open('render-unstyled', sdkPage('sdk-render', { attrs: 'data-slot-style="none"', body: '<div id="slot" data-edgewise-slot="hero">Default</div>' }));
    await bare.page.waitForSelector('#slot .edgewise-cta');
    const unstyled = await bare.page.$eval('#slot .edgewise-offer', (el) => ({
      display: getComputedStyle(el).display, text: (el as HTMLElement).innerText,
    }));
    // Without the style the parts are still blocks inside the link: the text never runs together.
    expect(unstyled).toEqual({ display: 'inline', text: '10% off all shoes\nThis week only.\nShop shoes' });
    await shot(bare.page, '02-unstyled');
    expect([...styled.errors, ...bare.errors]).toEqual([]);
  });

  it('fills a <template> the slot names, as text and safe URLs', async () => {
    const { page, errors } = await open('render-template', sdkPage('sdk-render', {
      body: `<template id="promo"><p class="promo"><b data-edgewise-field="title"></b> · <span data-edgewise-field="body"></span>
        <a data-edgewise-field="link"><span data-edgewise-field="cta"></span></a></p></template>
        <div id="slot" data-edgewise-slot="hero" data-edgewise-template="promo">Default</div>`,
    }));
    await page.waitForSelector('#slot .promo');
    expect(await page.$eval('#slot', (el) => ({
      html: el.querySelector('b')!.textContent, body: el.querySelector('span')!.textContent, href: el.querySelector('a')!.getAttribute('href'),
    }))).toEqual({ html: '10% off all shoes', body: 'This week only.', href: `${edgeUrl}/shoes` });
    await shot(page, '03-template');
    expect(errors).toEqual([]);
  });

  it('renders <edgewise-slot name="hero"> in its shadow root, keeping the page\'s own children, styled through ::part()', async () => {
    const { page, errors } = await open('render-element', sdkPage('sdk-render', {
      body: '<style>edgewise-slot::part(title){color:rgb(0,90,0)}</style><edgewise-slot id="el" name="hero"><p id="own">Default</p></edgewise-slot>',
    }));
    await page.waitForSelector('edgewise-slot[data-edgewise-offer="spring"]');
    await page.waitForFunction(() => !!document.getElementById('el')!.shadowRoot?.querySelector('.edgewise-title'));
    const seen = await page.evaluate(() => {
      const el = document.getElementById('el')!;
      const title = el.shadowRoot!.querySelector('.edgewise-title')!;
      return { own: el.querySelector('#own')?.textContent, title: title.textContent, color: getComputedStyle(title).color, visible: el.getBoundingClientRect().height > 0 };
    });
    expect(seen).toEqual({ own: 'Default', title: '10% off all shoes', color: 'rgb(0, 90, 0)', visible: true });
    await shot(page, '04-custom-element');
    expect(errors).toEqual([]);
  });

  it('leaves rendering to the page: data-edgewise-render="off", the edgewise:offer event, data-render-slots="false"', async () => {
    const { page, errors } = await open('render-page', sdkPage('sdk-render', {
      before: `document.addEventListener('edgewise:offer', (event) => {
        if (event.target.id !== 'mine') return;
        event.preventDefault();
        event.target.textContent = 'Page rendered: ' + event.detail.decision.content.title;
      });`,
      body: '<div id="off" data-edgewise-slot="hero" data-edgewise-render="off">Default</div><div id="mine" data-edgewise-slot="side">Mine</div>',
    }));
    await page.waitForSelector('#off[data-edgewise-offer="spring"]');
    expect(await page.textContent('#off')).toBe('Default');
    await page.waitForSelector('#mine[data-edgewise-offer="autumn"]');
    expect(await page.textContent('#mine')).toBe('Page rendered: Autumn coats');
    const manual = await open('render-manual', sdkPage('sdk-render', {
      attrs: 'data-render-slots="false"', body: '<div id="slot" data-edgewise-slot="hero">Default</div>',
    }));
    const decisions = await withSdk<[string | null, boolean]>(manual.page, `
      const a = await edgewise.decide('hero'); const b = await edgewise.decide('hero');
      return [a && a.offerId, a === b];`);
    expect(decisions).toEqual(['spring', true]);
    expect(await manual.page.textContent('#slot')).toBe('Default');
    expect(await manual.page.getAttribute('#slot', 'data-edgewise-pending')).toBeNull();
    expect([...errors, ...manual.errors]).toEqual([]);
  });

  it('gives the page the same decision the slot rendered, not null ("This page already shows its offers")', async () => {
    const { page, errors } = await open('render-stable', sdkPage('sdk-render', { body: '<div id="slot" data-edgewise-slot="hero">Default</div>' }));
    await page.waitForSelector('#slot[data-edgewise-offer]');
    const mine = await withSdk<{ offerId: string } | null>(page, "return edgewise.decide('hero')");
    expect(mine?.offerId).toBe(await page.getAttribute('#slot', 'data-edgewise-offer'));
    expect(errors).toEqual([]);
  });

  it('shows a held-out QA device the personalised offer with ?edgewise-preview, for the tab session, and reports nothing', async () => {
    const key = fixedDeviceKeyScript(holdoutKey('sdk-holdout', 0.5));
    const html = sdkPage('sdk-holdout', { body: '<div id="slot" data-edgewise-slot="hero">Default</div>' });
    const held = await open('preview', html, key);
    await withSdk(held.page, "await edgewise.decide('hero')");
    expect(await held.page.getAttribute('#slot', 'data-edgewise-offer')).toBeNull();
    expect((await withSdk<{ developer: string }>(held.page, "return edgewise.explain('hero')")).developer).toMatch(/Global holdout.*\?edgewise-preview/);

    const posts: string[] = [];
    context.on('request', (r) => { if (r.url().endsWith('/outcomes')) posts.push(r.url()); });
    await held.page.goto(`${held.url}?edgewise-preview`);
    await held.page.waitForSelector('#slot[data-edgewise-offer="spring"]');
    expect(await withSdk<{ preview: boolean; reason: string }>(held.page, "return edgewise.explain('hero')")).toMatchObject({ preview: true, reason: expect.stringMatching(/preview/) });
    await shot(held.page, '05-preview');
    // The next page of the session keeps the preview without the parameter; a forced offer replaces the choice.
    await held.page.goto(held.url);
    await held.page.waitForSelector('#slot[data-edgewise-offer="spring"]');
    await held.page.goto(`${held.url}?edgewise-preview=hero:autumn`);
    await held.page.waitForSelector('#slot[data-edgewise-offer="autumn"]');
    await held.page.goto(`${held.url}?edgewise-preview=off`);
    await withSdk(held.page, "await edgewise.decide('hero'); await edgewise.flush()");
    expect(await held.page.getAttribute('#slot', 'data-edgewise-offer')).toBeNull();
    expect(posts).toEqual([]);
    expect(held.errors).toEqual([]);
  });

  it('shows the offer of the README\'s smallest config that shows an offer', async () => {
    const readme = readFileSync('client-sdk/README.md', 'utf8');
    const block = /The smallest config that shows an offer[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)![1]!;
    const config = { ...JSON.parse(block), site: 'readme-min', allowedOrigins: [edgeUrl] };
    const call = async (method: string, route: string, body: unknown) => {
      const answer = await fetch(`${edgeUrl}/v1/admin/sites/readme-min${route}`, {
        method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
      });
      expect(answer.status, await answer.clone().text()).toBeLessThan(300);
      return answer.json() as Promise<{ version: number }>;
    };
    const { version } = await call('PUT', '/config', config);
    await call('POST', '/publish', { version });
    const { page, errors } = await open('readme-min', sdkPage('readme-min', { body: '<div id="slot" data-edgewise-slot="hero">Default</div>' }));
    await page.waitForSelector('#slot[data-edgewise-offer="welcome"]');
    expect(await page.textContent('#slot .edgewise-title')).toBe('5 EUR off your first order');
    expect(errors).toEqual([]);
  });

  it('says in debug logs that the page origin is not in allowedOrigins, and where to add it', async () => {
    const shop = edgeUrl.replace('127.0.0.1', 'localhost');
    // Chromium's local network access checks would block a public page from the loopback edge (test-only flag).
    const cross = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS, '--disable-features=LocalNetworkAccessChecks'] });
    try {
      const ctx = await cross.newContext();
      const html = sdkPage('sdk-render', { attrs: 'data-debug', body: '<div data-edgewise-slot="hero">Default</div>' }).replace('src="/sdk.js"', `src="${edgeUrl}/sdk.js"`);
      await ctx.route(`${shop}/shop.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
      const page = await ctx.newPage();
      const warnings: string[] = [];
      page.on('console', (m) => warnings.push(m.text()));
      await page.goto(`${shop}/shop.html`);
      await expect.poll(() => warnings.find((w) => w.includes('allowedOrigins')), { timeout: 10_000 }).toBe(
        `[edgewise] config: the edge answered, but not to this page's origin ${shop}: add "${shop}" to the site's allowedOrigins ` +
          '(console: Rules, Budget & settings, Allowed origins; or "allowedOrigins" in the site config) and publish',
      );
    } finally {
      await cross.close();
    }
  });
});
