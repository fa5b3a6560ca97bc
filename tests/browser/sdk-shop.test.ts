// The demo shop in Chromium against the local edge: GA4 events through the dataLayer build the on-device
// profile, which survives a reload; the shopper's panels explain, show the data and forget, in words a shopper
// reads; Global Privacy Control is shown when honoured; a panel that cannot be drawn says so and is a page error;
// the shop fits a 390 px phone; no page errors, no cookies.
// Screenshots go to test-artifacts/shop/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useChromium } from './chromium.ts';
import { collectErrors, withSdk } from './sdk-helpers.ts';

interface Exported {
  storage: string;
  events: { type: string }[];
  deviceKey: string | null;
  profile: { profile: { frequency: number; monetary: number; itemViews: number; topCategory: string | null } } | null;
}

const SHOTS = path.resolve('test-artifacts/shop');

/**
 * Clicks a footer button and returns the panel's text once the panel is open with `title` and drawn: the buttons'
 * handlers are async (they await the SDK; exportData() writes what is pending first), so reading right after the
 * click reads the last panel. A page error meanwhile fails at once, naming it; a panel that never opens fails
 * naming what the panel shows.
 */
async function openPanel(page: Page, errors: string[], button: string, title: string): Promise<string> {
  await page.click(button);
  const shown = () => page.evaluate(() => {
    const panel = document.querySelector<HTMLDialogElement>('#panel')!;
    if (!panel.open) return '(closed)';
    return document.querySelector('#panel-error') ? '(could not be shown)' : document.querySelector('#panel-title')!.textContent;
  });
  for (const until = Date.now() + 10_000; ; await page.waitForTimeout(25)) {
    expect(errors, `page errors after clicking ${button}`).toEqual([]);
    const now = await shown();
    if (now === title) return page.locator('#panel').innerText();
    if (Date.now() > until) throw new Error(`10 s after clicking ${button} the panel shows "${now}", not "${title}"`);
  }
}

describe('demo shop', () => {
  const browser = useChromium();
  const edgeUrl = inject('edgeUrl');
  mkdirSync(SHOTS, { recursive: true });

  it('builds the profile from dataLayer events, keeps it across a reload, explains, exports and forgets', async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${edgeUrl}/demo/`);
    expect((await withSdk<{ storage: string; configVersion: number }>(page, 'return edgewise.ready')).storage).toBe('indexeddb');

    // Browse, add to cart and buy through the shop's UI: the shop only pushes GA4 events to dataLayer.
    await page.click('a.card[data-item="w-dress-01"]');
    await page.click('#add');
    await page.click('a.cart-link');
    await page.click('#checkout');
    await page.click('#place-order');
    await page.waitForFunction(() => location.hash === '#/thanks');
    await withSdk(page, 'await edgewise.flush()');

    await page.reload();
    const data = await withSdk<Exported>(page, 'await edgewise.ready; return edgewise.exportData()');
    const types = data.events.map((e) => e.type);
    expect(types.filter((t) => t !== 'page_view')).toEqual(['view_item', 'add_to_cart', 'begin_checkout', 'purchase']);
    expect(types.filter((t) => t === 'page_view').length).toBeGreaterThanOrEqual(5);
    expect(data.profile!.profile).toMatchObject({ frequency: 1, monetary: 79, itemViews: 1, topCategory: 'women' });

    // Why this offer? explains the hero decision made on this page for a person: no model ids or prices.
    const explanation = await withSdk<{ reason: string; used: unknown[] } | null>(page, 'await edgewise.decide("hero"); return edgewise.explain("hero")');
    expect(explanation?.reason).toBeTruthy();
    const why = await openPanel(page, errors, '#why', 'Why this offer?');
    expect(await page.textContent('#why-reason')).toBe(explanation!.reason);
    expect(why).not.toMatch(/expected value|minus price|prior score|Also in/);
    expect(why).toContain('What leaves your browser');
    expect(why).not.toContain('Global Privacy Control');
    await page.screenshot({ path: path.join(SHOTS, '01-why-this-offer.png') });
    await page.keyboard.press('Escape');

    // My data: the profile and the events in words, times as dates, a download; Forget me explained, with opting
    // out in the same place.
    const mine = await openPanel(page, errors, '#mydata', 'My data');
    expect(mine).toContain('Spent in all');
    expect(mine).toContain('Favourite category');
    expect(mine).toContain('Bought for €79.00');
    expect(mine).toContain('Looked at Linen summer dress');
    expect(mine).toMatch(new RegExp(`${new Date().getFullYear()}`));
    // No epoch-millisecond times and no raw JSON on screen.
    expect(mine).not.toMatch(/\b1\d{12}\b|"type":/);
    expect(await page.getAttribute('#download', 'download')).toBe('edgewise-my-data.json');
    expect(await page.getAttribute('#download', 'href')).toMatch(/^blob:/);
    expect(mine).toContain('A new, empty profile starts on your next page.');
    expect(await page.locator('#opt-out').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, '02-my-data.png') });
    await page.click('#forget');
    await page.waitForSelector('#forgotten');
    expect(await page.textContent('#forgotten')).toMatch(/new, empty profile starts on your next page/);
    const after = await withSdk<Exported>(page, 'return edgewise.exportData()');
    expect(after.events).toEqual([]);
    expect(after.deviceKey).toBeNull();
    expect(after.profile!.profile.frequency).toBe(0);

    expect(await context.cookies()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says when Global Privacy Control is honoured, in both panels', async () => {
    const context = await browser().newContext();
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${edgeUrl}/demo/`);
    await withSdk(page, 'await edgewise.ready; await edgewise.decide("hero")');
    await openPanel(page, errors, '#mydata', 'My data');
    expect(await page.textContent('#gpc')).toBe('Your browser sends Global Privacy Control, and it is honoured: nothing about you is reported to the shop, not even the anonymous counts described here.');
    await page.screenshot({ path: path.join(SHOTS, '03-gpc.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("says so when a panel cannot be drawn, and the failure is a page error, not the last panel's text", async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${edgeUrl}/demo/`);
    await withSdk(page, 'await edgewise.ready; await edgewise.decide("hero")');
    await openPanel(page, errors, '#why', 'Why this offer?');
    await page.keyboard.press('Escape');
    // An export the panel cannot word (no list of events): drawing "My data" throws.
    await withSdk(page, 'edgewise.exportData = async () => ({ storage: "indexeddb", events: null, assignments: [] })');
    await expect(openPanel(page, errors, '#mydata', 'My data')).rejects.toThrow(/page errors after clicking #mydata/);
    expect(errors).toEqual([expect.stringMatching(/^pageerror: /)]);
    expect(await page.textContent('#panel-title')).toBe('My data');
    expect(await page.locator('#panel').innerText()).not.toContain('What leaves your browser');
    expect(await page.textContent('#panel-error')).toBe('Sorry, this could not be shown. Reload the page and try again.');
    await context.close();
  });

  it('fits a 390 px phone: the categories, the products and the panels, without scrolling sideways', async () => {
    const context = await browser().newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors = collectErrors(page);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.goto(`${edgeUrl}/demo/`);
    await withSdk(page, 'await edgewise.ready');
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(await page.locator('#nav a').last().isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, '04-phone-home.png') });
    await page.click('a.card[data-item="s-boot-02"]');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, '05-phone-product.png') });
    await openPanel(page, errors, '#mydata', 'My data');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, '06-phone-my-data.png') });
    expect(errors).toEqual([]);
    await context.close();
  });
});
