// The marketer console in Chromium against the local edge: sign in, edit an offer, meet the edge's validation
// error at the field it names, fix it, publish, see the device config change, compare versions, roll back.
// Screenshots of the main views go to test-artifacts/console/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.ts';

const SHOTS = path.resolve('test-artifacts/console');
const NEW_TITLE = 'Winter sale: 20% off womenswear';

describe('marketer console', () => {
  const edgeUrl = inject('edgeUrl');
  const token = inject('adminToken');
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const deviceConfig = async () => (await (await fetch(`${edgeUrl}/v1/sites/demo/config`)).json()) as { version: number; offers: { id: string; content: { title: string } }[] };
  const heroTitle = async () => (await deviceConfig()).offers.find((o) => o.id === 'women-15')!.content.title;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const tab = (name: string) => page.getByRole('navigation', { name: 'Console sections' }).getByRole('button', { name, exact: true }).click();

  /** Exposures and conversions for the demo experiment, so the results view has numbers to chart. */
  async function sendOutcomes() {
    const batch = (arm: string, metric: string, value: number, n: number) => ({
      schemaVersion: 1,
      batchId: crypto.randomUUID().replace(/-/g, ''),
      reports: Array(n).fill({ experiment: 'hero-personalisation', version: 1, arm, metric, value }),
    });
    const batches = [
      batch('control', 'exposure', 1, 400), batch('control', 'conversion', 1, 120), batch('control', 'conversion', 0, 280),
      batch('personalised', 'exposure', 1, 400), batch('personalised', 'conversion', 1, 170), batch('personalised', 'conversion', 0, 230),
      batch('holdout', 'exposure', 1, 45), batch('holdout', 'conversion', 1, 12), batch('holdout', 'conversion', 0, 33),
    ];
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
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs in with a token kept out of the URL and out of localStorage', async () => {
    await page.goto(`${edgeUrl}/admin/`);
    await shot('01-sign-in');
    await page.getByLabel('Admin token').fill(token);
    await page.getByLabel('Site id').fill('demo');
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
    const form = page.getByRole('form', { name: 'offer women-15' });
    await form.getByLabel('Headline').fill(NEW_TITLE);
    await form.getByLabel('Expected cost per shopper shown').fill('-5');
    await page.getByRole('button', { name: 'Save as new version' }).click();

    const cost = form.getByLabel('Expected cost per shopper shown');
    await expect.poll(() => cost.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await cost.getAttribute('aria-describedby'))!.split(' ');
    const fieldError = await page.locator(`[id="${describedBy.at(-1)}"]`).textContent();
    expect(fieldError).toMatch(/^offers\[0\]\.cost: .*>=\s*0/);
    expect(await page.locator('.error-summary').textContent()).toContain('The edge refused this config');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-path'))).toBe('["offers",0,"cost"]');
    await shot('02-editor-validation-error');

    await cost.fill('1.2');
    expect(await cost.getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('button', { name: 'Save and publish' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Published version \d+/);
    const after = await deviceConfig();
    expect(after.version).toBeGreaterThan(before.version);
    expect(await heroTitle()).toBe(NEW_TITLE);
    expect(await page.locator('header .site').textContent()).toContain(`live version ${after.version}`);
    expect((await deviceConfig()).offers.find((o) => o.id === 'women-15')).toMatchObject({ cost: 1.2 });
    await shot('03-editor-published');
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
    await expect.poll(() => diff.textContent()).toContain('women-15');
    const text = await diff.textContent();
    expect(text).toContain('~ changed');
    expect(text).toContain(`content.title: "15% off womenswear" → "${NEW_TITLE}"`);
    expect(text).toContain('cost: 0.9 → 1.2');
    await shot('05-versions-diff');
  });

  it('rolls back to the previous published version, restoring the old offer', async () => {
    const live = (await deviceConfig()).version;
    await page.getByRole('button', { name: 'Roll back to the previous published version' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Rolled back: version \d+ is live/);
    const restored = await deviceConfig();
    expect(restored.version).toBeLessThan(live);
    expect(await heroTitle()).toBe('15% off womenswear');
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
    const row = page.locator('table.results tr[data-arm="personalised"]');
    expect(await row.locator('td').first().textContent()).toBe('400');
    await page.getByRole('button', { name: 'Run the feedback loop now' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toBe('Feedback loop ran');
    await shot('07-results');
    expect(pageErrors).toEqual([]);
  });
});
