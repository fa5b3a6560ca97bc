// Config caching in Chromium: a config fetched on revalidation is kept in IndexedDB even when the shopper leaves
// the page the moment it arrives, so the next page starts from it instead of the stale cached one.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { collectErrors, sdkPage, seedSite, servePage, withSdk } from './sdk-helpers.ts';

/** The config version published now for `site` (the edge's public config endpoint). */
async function publishedVersion(edgeUrl: string, site: string): Promise<number> {
  const response = await fetch(`${edgeUrl}/v1/sites/${site}/config`);
  return ((await response.json()) as { version: number }).version;
}

describe('config revalidation', () => {
  let browser: Browser;
  const edgeUrl = inject('edgeUrl');
  const token = inject('adminToken');
  // A site of this file's own: other files publish to the demo site, and this one publishes twice.
  const SITE = 'sdk-revalidate';

  beforeAll(async () => {
    browser = await launchChromium();
    await seedSite(edgeUrl, token, SITE, { consent: 'implied', globalHoldout: 0 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps a revalidated config when the page is left as soon as it arrives', async () => {
    const context = await browser.newContext();
    // The page leaves for the next one from inside the SDK's `config` event: the earliest moment a page could.
    const leaving = `window.edgewise = window.edgewise || [];
edgewise.push(function (api) { api.on('config', function (v) { window.__fresh = v; location.href = '/sdk-test/revalidate-next.html'; }); });`;
    const first = await servePage(context, edgeUrl, 'revalidate-first', sdkPage(SITE));
    const leave = await servePage(context, edgeUrl, 'revalidate-leave', sdkPage(SITE, { before: leaving }));
    const next = await servePage(context, edgeUrl, 'revalidate-next', sdkPage(SITE));
    const page = await context.newPage();
    const errors = collectErrors(page);

    // First visit: the config comes from the network and is cached.
    await page.goto(first);
    const v1 = await publishedVersion(edgeUrl, SITE);
    expect(await withSdk(page, `return (await edgewise.ready).configVersion;`)).toBe(v1);
    await withSdk(page, `await edgewise.flush();`);

    // A new version is published; the next page starts from the cached one, revalidates, gets the new one and
    // navigates away at once.
    await seedSite(edgeUrl, token, SITE, { consent: 'implied', globalHoldout: 0, attributionDays: 9 });
    const v2 = await publishedVersion(edgeUrl, SITE);
    expect(v2).toBeGreaterThan(v1);
    const arrived = page.waitForURL(next);
    await page.goto(leave);
    await arrived;

    // The page after it starts from the new version: ready resolves with the cached config, before revalidation.
    expect(await withSdk(page, `return (await edgewise.ready).configVersion;`)).toBe(v2);
    const cached = await withSdk<{ version: number; attributionDays: number }>(page,
      `const data = await edgewise.exportData(); return { version: data.config.config.version, attributionDays: data.config.config.attributionDays };`);
    expect(cached).toEqual({ version: v2, attributionDays: 9 });
    expect(errors).toEqual([]);
    await context.close();
  });
});
