// The demo shop in Chromium against the local edge: GA4 events through the dataLayer build the on-device
// profile, which survives a reload; the shopper panel explains, exports and forgets; no page errors, no cookies.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useChromium } from './chromium.ts';
import { collectErrors, withSdk } from './sdk-helpers.ts';

interface Exported {
  storage: string;
  events: { type: string }[];
  deviceKey: string | null;
  profile: { profile: { frequency: number; monetary: number; itemViews: number; topCategory: string | null } } | null;
}

describe('demo shop', () => {
  const browser = useChromium();
  const edgeUrl = inject('edgeUrl');

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

    // Why this offer? shows the explanation of the hero decision made on this page.
    const explanation = await withSdk<{ reason: string } | null>(page, 'return edgewise.explain("hero")');
    expect(explanation?.reason).toBeTruthy();
    await page.click('#why');
    expect(await page.textContent('#why-reason')).toBe(explanation!.reason);
    await page.keyboard.press('Escape');

    // My data shows the stored events; Forget me erases them and the device key.
    await page.click('#mydata');
    expect(await page.textContent('#data-json')).toContain('"purchase"');
    await page.click('#forget');
    await page.waitForSelector('#forgotten');
    const after = await withSdk<Exported>(page, 'return edgewise.exportData()');
    expect(after.events).toEqual([]);
    expect(after.deviceKey).toBeNull();
    expect(after.profile!.profile.frequency).toBe(0);

    expect(await context.cookies()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
