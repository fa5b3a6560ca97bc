// Consent and privacy in Chromium: implied and required consent, Global Privacy Control, opt-out, and the
// in-memory fallback when IndexedDB is blocked.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { collectErrors, sdkPage, seedSite, servePage, withSdk } from './sdk-helpers.ts';

interface Exported { storage: string; events: { type: string }[]; meta: { consent: boolean | null } | null }

/** Every outcome POST the page makes. */
function outcomePosts(page: Page): string[] {
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/outcomes')) posts.push(r.postData() ?? '');
  });
  return posts;
}

const databases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));

describe('consent and privacy', () => {
  let browser: Browser;
  let context: BrowserContext;
  const edgeUrl = inject('edgeUrl');
  // Everyone is in one personalised arm, so every page reports an exposure.
  const experiments = [{ id: 'hero-all', slot: 'hero', arms: [{ id: 'personalised', weight: 1, policy: 'personalised' }] }];

  beforeAll(async () => {
    browser = await launchChromium();
    const token = inject('adminToken');
    await seedSite(edgeUrl, token, 'sdk-implied', { consent: 'implied', globalHoldout: 0, experiments });
    await seedSite(edgeUrl, token, 'sdk-required', { consent: 'required', globalHoldout: 0, experiments });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('implied consent: stores at once and reports outcomes', async () => {
    context = await browser.newContext();
    const url = await servePage(context, edgeUrl, 'implied', sdkPage('sdk-implied'));
    const page = await context.newPage();
    const errors = collectErrors(page);
    const posts = outcomePosts(page);
    await page.goto(url);
    await withSdk(page, `await edgewise.track('page_view'); await edgewise.decide('hero'); await edgewise.flush();`);
    expect(await databases(page)).toContain('edgewise-sdk-implied');
    expect(posts.length).toBe(1);
    const body = JSON.parse(posts[0]!);
    expect(body.reports).toContainEqual(expect.objectContaining({ kind: 'exposure', experiment: 'hero-all', arm: 'personalised' }));
    expect(await context.cookies()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('required consent: nothing stored or sent before consent(true); kept after it', async () => {
    context = await browser.newContext();
    const url = await servePage(context, edgeUrl, 'required', sdkPage('sdk-required'));
    const page = await context.newPage();
    const errors = collectErrors(page);
    const posts = outcomePosts(page);
    await page.goto(url);
    await withSdk(page, `await edgewise.track('view_item', { item_id: 'w-coat-02' }); await edgewise.decide('hero'); await edgewise.flush();`);
    expect(await databases(page)).not.toContain('edgewise-sdk-required');
    expect(posts).toEqual([]);
    await page.reload();
    expect((await withSdk<Exported>(page, 'return edgewise.exportData()')).events).toEqual([]);

    await withSdk(page, `await edgewise.track('view_item', { item_id: 'w-coat-02' }); await edgewise.consent(true);
      await edgewise.decide('hero'); await edgewise.flush();`);
    expect(await databases(page)).toContain('edgewise-sdk-required');
    expect(posts.length).toBe(1);
    await page.reload();
    const data = await withSdk<Exported>(page, 'await edgewise.ready; return edgewise.exportData()');
    expect(data.meta?.consent).toBe(true);
    expect(data.events.map((e) => e.type)).toEqual(['view_item']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Global Privacy Control and an opt-out stop outcome reporting', async () => {
    context = await browser.newContext();
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    const url = await servePage(context, edgeUrl, 'gpc', sdkPage('sdk-implied'));
    const page = await context.newPage();
    const errors = collectErrors(page);
    const posts = outcomePosts(page);
    await page.goto(url);
    const decision = await withSdk(page, `const d = await edgewise.decide('hero'); await edgewise.track('purchase', { value: 50 });
      await edgewise.flush(); return d;`);
    expect(decision).not.toBeNull();
    expect(posts).toEqual([]);
    await context.close();

    context = await browser.newContext();
    const optOut = await servePage(context, edgeUrl, 'optout', sdkPage('sdk-implied'));
    const second = await context.newPage();
    const errors2 = collectErrors(second);
    const posts2 = outcomePosts(second);
    await second.goto(optOut);
    await withSdk(second, `await edgewise.consent(false); await edgewise.decide('hero'); await edgewise.flush();`);
    await second.reload();
    await withSdk(second, `await edgewise.decide('hero'); await edgewise.flush();`);
    expect(posts2).toEqual([]);
    expect([...errors, ...errors2]).toEqual([]);
    await context.close();
  });

  it('runs from memory when IndexedDB is blocked, and says so in debug logs', async () => {
    context = await browser.newContext();
    await context.addInitScript(() =>
      Object.defineProperty(window, 'indexedDB', { get() { throw new DOMException('blocked by policy', 'SecurityError'); } }));
    const url = await servePage(context, edgeUrl, 'blocked', sdkPage('sdk-implied', { attrs: 'data-debug' }));
    const page = await context.newPage();
    const errors = collectErrors(page);
    const warnings: string[] = [];
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    await page.goto(url);
    const ready = await withSdk<{ storage: string }>(page, 'return edgewise.ready');
    expect(ready.storage).toBe('memory');
    const data = await withSdk<Exported>(page, `await edgewise.track('page_view'); await edgewise.decide('hero'); return edgewise.exportData();`);
    expect(data.storage).toBe('memory');
    expect(data.events.map((e) => e.type)).toEqual(['page_view']);
    expect(warnings.some((w) => w.includes('IndexedDB unavailable'))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
