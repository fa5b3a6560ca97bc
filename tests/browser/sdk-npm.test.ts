// The npm package at work: @edgewise/client-sdk packed, installed offline into a fresh TypeScript app, bundled as
// a shop's build would (code-split), and run in Chromium against the local edge.
import { readFileSync } from 'node:fs';

const demo = JSON.parse(readFileSync('demo/site-config.json', 'utf8'));
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bundleApp, freshApp, packSdk } from '../../client-sdk/npm/fresh-app.ts';
import { launchChromium } from './chromium.ts';
import { collectErrors, seedSite } from './sdk-helpers.ts';

describe('a fresh app built on the npm package', () => {
  const edgeUrl = inject('edgeUrl');
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
    await seedSite(edgeUrl, inject('adminToken'), 'sdk-npm', {
      globalHoldout: 0, experiments: [],
      // An uplift for every segment the shopper may land in (viewing a women's item makes them a womenswear browser).
      offers: [{ id: 'spring', slots: ['hero'], margin: 50, redemptionCost: 0, upliftPrior: Object.fromEntries(demo.segments.map((s: { id: string }) => [s.id, 0.1])), content: { title: 'Spring sale' } }],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('decides, renders through its render callback, explains and exports, loading its parts as chunks', async () => {
    const bundle = await bundleApp(freshApp(packSdk().tarball));
    const context = await browser.newContext();
    const chunks: string[] = [];
    await context.route(`${edgeUrl}/fresh-app/**`, (route) => {
      const file = path.join(bundle.outdir, path.basename(new URL(route.request().url()).pathname));
      if (file.endsWith('.js')) chunks.push(path.basename(file));
      return file.endsWith('.html')
        ? route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><link rel="icon" href="data:,"><div id="slot" data-edgewise-slot="hero">Default</div><script type="module" src="main.js"></script>' })
        : route.fulfill({ status: 200, contentType: 'text/javascript', body: readFileSync(file) });
    });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${edgeUrl}/fresh-app/index.html?site=sdk-npm`);
    await page.waitForFunction(() => (window as unknown as { __app?: unknown }).__app);
    const app = await page.evaluate(() => (window as unknown as { __app: Record<string, unknown> }).__app);
    expect(app).toMatchObject({ tracked: { ok: true }, offerId: 'spring', title: 'Spring sale', same: true, events: 1, vip: true, eventTypes: 7 });
    expect(app.reason).toMatch(/^Picked in your browser/);
    expect(await page.textContent('#slot')).toBe('Spring sale (spring)');
    // explain() fetched the explanation chunk on demand.
    expect(chunks.some((c) => c.startsWith('explanation-'))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
