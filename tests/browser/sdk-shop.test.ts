// The demo shop in Chromium against the local edge: GA4 events through the dataLayer build the on-device
// profile, which survives a reload; the shopper's panels explain, show the data and forget, in words a shopper
// reads; Global Privacy Control is shown when honoured; the shop fits a 390 px phone; no page errors, no cookies.
// Screenshots go to test-artifacts/shop/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
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
    await page.click('#why');
    expect(await page.textContent('#why-reason')).toBe(explanation!.reason);
    const why = await page.locator('#panel').innerText();
    expect(why).not.toMatch(/expected value|minus price|prior score|Also in/);
    expect(why).toContain('What leaves your browser');
    expect(why).not.toContain('Global Privacy Control');
    await page.screenshot({ path: path.join(SHOTS, '01-why-this-offer.png') });
    await page.keyboard.press('Escape');

    // My data: the profile and the events in words, times as dates, a download; Forget me explained, with opting
    // out in the same place.
    await page.click('#mydata');
    // The panel is drawn once exportData() resolves (it writes what is pending first): wait for it, not for the click.
    await page.locator('#panel').getByText('Your profile').waitFor();
    const mine = await page.locator('#panel').innerText();
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
    await page.click('#mydata');
    expect(await page.textContent('#gpc')).toBe('Your browser sends Global Privacy Control, and it is honoured: nothing about you is reported to the shop, not even the anonymous counts described here.');
    await page.screenshot({ path: path.join(SHOTS, '03-gpc.png') });
    expect(errors).toEqual([]);
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
    await page.click('#mydata');
    await page.locator('#panel').getByText('Your profile').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, '06-phone-my-data.png') });
    expect(errors).toEqual([]);
    await context.close();
  });
});
