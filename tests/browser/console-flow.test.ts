// The marketer console in Chromium against the local edge: sign in, edit the offer the demo shop shows, meet
// the edge's validation error at the field it names, fix it, publish, see the shop show the new offer after
// revalidation, compare versions, roll back and see the old offer again. Screenshots of the main views go to
// test-artifacts/console/.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { fixedDeviceKeyScript, keyBytesForArm } from './console-shop-key.ts';

const SHOTS = path.resolve('test-artifacts/console');
const NEW_TITLE = 'Winter sale: this week only';
const demo = JSON.parse(readFileSync('demo/site-config.json', 'utf8'));

describe('marketer console', () => {
  const edgeUrl = inject('edgeUrl');
  const token = inject('adminToken');
  let browser: Browser;
  let page: Page;
  /** The demo shop, in its own context whose device is in the personalised arm (not the control or holdout). */
  let shop: Page;
  /** The offer the shop's hero shows this shopper: the one the marketer edits. */
  let offer: { id: string; index: number; title: string; margin: number };
  const pageErrors: string[] = [];

  const deviceConfig = async () => (await (await fetch(`${edgeUrl}/v1/sites/demo/config`)).json()) as { version: number; offers: { id: string; margin: number; content: { title: string } }[] };
  const liveTitle = async () => (await deviceConfig()).offers.find((o) => o.id === offer.id)!.content.title;
  /**
   * The hero slot's offer once the SDK has filled it: after a page load when `reload`, else after an in-page
   * route change, which renders a new hero that the SDK decides with the config it holds in memory (a fresh one
   * is adopted as soon as its revalidation answers, before it is written to IndexedDB).
   */
  async function shopHero(reload = false): Promise<{ id: string | null; title: string | null }> {
    if (reload) await shop.goto(`${edgeUrl}/demo/`);
    else
      await shop.evaluate(() => {
        document.querySelector('[data-edgewise-slot="hero"]')?.setAttribute('data-stale', '');
        location.hash = location.hash === '#/category/women' ? '#/' : '#/category/women';
      });
    const hero = shop.locator('[data-edgewise-slot="hero"][data-edgewise-offer]:not([data-stale])');
    await hero.waitFor();
    return { id: await hero.getAttribute('data-edgewise-offer'), title: await hero.locator('.edgewise-title').textContent() };
  }
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const tab = (name: string) => page.getByRole('navigation', { name: 'Console sections' }).getByRole('button', { name, exact: true }).click();

  /** Exposures and conversions for the demo experiment, so the results view has numbers to chart. */
  async function sendOutcomes() {
    // Units exposed 10 days ago (window 7 days): every report set is complete. Batches of at most 200 reports.
    const exposed = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    const batches: unknown[] = [];
    const units = (arm: string, n: number, ones: number, segment?: string) => {
      const labels = { experiment: 'hero-personalisation', version: 1, arm, ...(segment ? { segment } : {}) };
      const reports = [
        ...Array(n).fill({ kind: 'exposure', ...labels }),
        ...Array.from({ length: n }, (_, i) => ({ kind: 'outcome', ...labels, exposed, conversion: i < ones ? 1 : 0, revenue: i < ones ? 1 : 0 })),
      ];
      for (let i = 0; i < reports.length; i += 200) {
        batches.push({ schemaVersion: 2, batchId: crypto.randomUUID().replace(/-/g, ''), day: exposed, reports: reports.slice(i, i + 200) });
      }
    };
    units('control', 400, 120);
    units('personalised', 400, 170);
    units('holdout', 45, 12);
    units('control', 30, 0, 'vip');
    units('personalised', 30, 30, 'vip');
    for (const body of batches) {
      const answer = await fetch(`${edgeUrl}/v1/sites/demo/outcomes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(answer.status).toBe(202);
    }
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const shopContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await shopContext.addInitScript(fixedDeviceKeyScript(keyBytesForArm(demo, demo.experiments[0], 'personalised')));
    shop = await shopContext.newPage();
    shop.on('pageerror', (error) => pageErrors.push(`shop: ${error.message}`));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the demo shop shows a personalised offer in its hero slot', async () => {
    const hero = await shopHero(true);
    const index = demo.offers.findIndex((o: { id: string }) => o.id === hero.id);
    expect(index).toBeGreaterThanOrEqual(0);
    offer = { id: hero.id!, index, title: demo.offers[index].content.title, margin: demo.offers[index].margin };
    expect(hero.title).toBe(offer.title);
  });

  it('signs in with a token kept out of the URL and out of localStorage', async () => {
    await page.goto(`${edgeUrl}/admin/`);
    await shot('01-sign-in');
    await page.getByLabel('Admin token').fill(token);
    await page.getByLabel('Admin token').press('Tab');
    // The token is known: the sites it manages are offered.
    // The token is known: the sites it manages are offered, and one is picked (never typed).
    await expect.poll(async () => (await page.locator('#site option').allTextContents()).join('|')).toMatch(/demo \(live version \d+\)/);
    await page.getByLabel('Site', { exact: true }).selectOption('demo');
    await page.getByRole('button', { name: 'Open site' }).click();
    await page.getByRole('form', { name: 'offer women-15' }).waitFor();
    expect(page.url()).not.toContain(token);
    const stored = await page.evaluate(() => ({ session: sessionStorage.getItem('edgewise.admin.token'), local: JSON.stringify(localStorage) }));
    expect(stored.session).toBe(token);
    expect(stored.local).not.toContain(token);
    expect(stored.local).toContain('demo');
  });

  it('keeps keyboard focus on the control that was pressed when the view is rebuilt', async () => {
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.focus ?? document.activeElement?.tagName);
    await page.getByRole('button', { name: 'Segments', exact: true }).focus();
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('section:segments');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('section:experiments');
    await page.locator('[data-focus="item:segments:0"]').focus();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('item:segments:1');
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('item:segments:1');
    await page.getByRole('form', { name: 'segment lapsing' }).waitFor();
    await page.getByRole('button', { name: 'Offers', exact: true }).focus();
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('section:offers');
  });

  it('shows the edge validation error at the offer field it names, then saves and publishes the fix', async () => {
    const before = await deviceConfig();
    await page.locator('.item-list button', { hasText: `(${offer.id})` }).click();
    const form = page.getByRole('form', { name: `offer ${offer.id}` });
    await form.getByLabel('Headline').fill(NEW_TITLE);
    await form.getByLabel('Profit of one purchase before the discount').fill('-5');
    await page.getByRole('button', { name: 'Save as new version' }).click();

    const cost = form.getByLabel('Profit of one purchase before the discount');
    await expect.poll(() => cost.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await cost.getAttribute('aria-describedby'))!.split(' ');
    const fieldError = await page.locator(`[id="${describedBy.at(-1)}"]`).textContent();
    expect(fieldError).toBe('must be at least 0');
    expect(await page.locator('.error-summary').textContent()).toMatch(/^Not saved: one field needs attention\. Offer ".+" \(.+\) › Profit of one purchase before the discount$/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-path'))).toBe(`["offers",${offer.index},"margin"]`);
    await shot('02-editor-validation-error');

    await cost.fill(String(offer.margin));
    expect(await cost.getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('button', { name: 'Save and publish' }).click();
    // Publishing asks first, showing what changes.
    const confirmPublish = page.getByRole('dialog', { name: 'Publish these changes?' });
    expect(await confirmPublish.locator('.diff').textContent()).toContain(NEW_TITLE);
    await confirmPublish.getByRole('button', { name: 'Save and publish' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Published version \d+/);
    const after = await deviceConfig();
    expect(after.version).toBeGreaterThan(before.version);
    expect(await liveTitle()).toBe(NEW_TITLE);
    expect(await page.locator('header .site').textContent()).toContain(`live version ${after.version}`);
    await shot('03-editor-published');
    // The shop's SDK shows its cached config at once and revalidates (If-None-Match): the new title appears on
    // the page load after revalidation.
    await shopHero(true);
    await expect.poll(async () => (await shopHero()).title, { timeout: 20_000, interval: 100 }).toBe(NEW_TITLE);
    expect(await shop.locator('[data-edgewise-slot="hero"]:not([data-stale])').getAttribute('data-edgewise-offer')).toBe(offer.id);
    await shop.screenshot({ path: path.join(SHOTS, '03b-demo-shop-new-offer.png') });
  });

  it('previews what a VIP shopper gets per arm, with value and price', async () => {
    await tab('Preview');
    const personalised = page.locator('tr[data-arm="personalised"]');
    await personalised.waitFor();
    expect(await page.locator('.preview-out').textContent()).toContain('Segment: VIP customers (vip)');
    expect(await personalised.locator('td.offer').textContent()).not.toBe('no offer');
    expect(await page.locator('tr[data-arm="control"] td.offer').textContent()).toBe('no offer');
    await shot('04-preview');
  });

  it('compares the live version with the one before it, field by field', async () => {
    await tab('Publish & versions');
    await page.locator('table.versions tr.live').waitFor();
    const live = Number(await page.locator('table.versions tr.live').getAttribute('data-version'));
    await page.getByLabel('From').selectOption(String(live - 1));
    await page.getByLabel('to', { exact: true }).selectOption(String(live));
    await page.getByRole('button', { name: 'Show changes' }).click();
    const diff = page.locator('.diff');
    await expect.poll(() => diff.textContent()).toContain(offer.id);
    const text = await diff.textContent();
    expect(text).toContain('~ changed');
    expect(text).toContain(`${offer.id}content.title: ${JSON.stringify(offer.title)} → "${NEW_TITLE}"`);
    // The margin went to -5 and back: the stored version differs in the title only.
    expect(text).not.toContain('margin:');
    await shot('05-versions-diff');
  });

  it('rolls back to the previous published version, restoring the old offer', async () => {
    const live = (await deviceConfig()).version;
    await page.getByRole('button', { name: 'Roll back to the previous published version' }).click();
    await page.getByRole('dialog').getByRole('button', { name: /^Roll back to version \d+$/ }).click();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Rolled back: version \d+ is live/);
    const restored = await deviceConfig();
    expect(restored.version).toBeLessThan(live);
    expect(await liveTitle()).toBe(offer.title);
    await shopHero(true);
    await expect.poll(async () => (await shopHero()).title, { timeout: 20_000, interval: 100 }).toBe(offer.title);
    await tab('Audit log');
    await page.locator('table.audit tbody tr').first().waitFor();
    expect(await page.locator('table.audit tbody tr').first().textContent()).toContain('rollback');
    await shot('06-audit');
  });

  it('charts results with interval bars and a text alternative', async () => {
    await sendOutcomes();
    await tab('Results');
    const chart = page.locator('svg[aria-labelledby="rate-hero-personalisation-t rate-hero-personalisation-d"]');
    await chart.waitFor();
    const desc = await chart.locator('desc').textContent();
    expect(desc).toMatch(/personalised: \d+\.\d%, interval/);
    expect(desc).toMatch(/control \(control\): \d+\.\d%/);
    // The lift chart reads without a legend: a zero line (no difference) and a named axis.
    const lift = page.locator('svg[aria-labelledby="lift-hero-personalisation-t lift-hero-personalisation-d"]');
    expect(await lift.locator('line.zero').count()).toBe(1);
    expect(await lift.locator('text.axis-label').textContent()).toBe("Conversion rate minus control's, in percentage points (0: no difference)");
    expect(await chart.locator('text.axis-label').textContent()).toBe('Share of exposed shoppers who bought');
    const row = page.locator('table.results tr[data-arm="personalised"]');
    // 400 sent above, plus whatever the shop's own device reported by now: the table shows the edge's count.
    const results = await (await fetch(`${edgeUrl}/v1/admin/sites/demo/results`, { headers: { authorization: `Bearer ${token}` } })).json();
    const exposures = results.experiments[0].arms.find((a: { id: string }) => a.id === 'personalised').exposures;
    expect(exposures).toBeGreaterThanOrEqual(400);
    expect(await row.locator('td').first().textContent()).toBe(String(exposures));
    // The shop's own devices may have reported other segments by now: read the rows of "vip", which only this
    // test's batches reach (30 exposures per arm).
    const bySegment = page.locator('details', { hasText: /By segment \(\d+\)/ });
    await bySegment.locator('summary').click();
    const vip = bySegment.locator('tbody tr', { has: page.locator('th', { hasText: /^vip$/ }) });
    expect(await vip.count()).toBe(3);
    expect(await vip.filter({ hasText: 'personalised' }).locator('td').nth(1).textContent()).toBe('30');
    await shot('07-results');
  });

  it('starts a new site from a blank config and tells the marketer when someone else saved meanwhile', async () => {
    await page.getByRole('button', { name: 'Switch site' }).click();
    // A new site is an explicit step, apart from picking a managed one.
    await page.getByText('Start a new site').click();
    await page.getByLabel('New site id').fill('console-new');
    await page.getByRole('button', { name: 'Create a draft for this site' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toContain('Site "console-new" has no config yet');
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toBe('Saved as version 1');

    // Someone else stores version 2 (e.g. CI running `edgewise push`) while this editor still starts from 1.
    const auth = { authorization: `Bearer ${token}` };
    const stored = await (await fetch(`${edgeUrl}/v1/admin/sites/console-new/config`, { headers: auth })).json();
    const put = await fetch(`${edgeUrl}/v1/admin/sites/console-new/config`, {
      method: 'PUT', headers: { ...auth, 'content-type': 'application/json', 'if-match': '"1"' }, body: JSON.stringify({ ...stored, name: 'From CI' }),
    });
    expect(put.status).toBe(201);

    await page.getByRole('button', { name: 'Budget & settings' }).click();
    await page.getByLabel('Site name').fill('From the console');
    await page.getByRole('button', { name: 'Save as new version' }).click();
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.textContent()).toContain('Someone saved a newer version.');
    expect(await summary.textContent()).toContain('version 2 is now the latest');
    await summary.getByRole('button', { name: 'Reload latest (drops your edits)' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toBe('Loaded version 2');
    await page.getByRole('button', { name: 'Budget & settings' }).click();
    expect(await page.getByLabel('Site name').inputValue()).toBe('From CI');
    expect(pageErrors).toEqual([]);
  });
});
