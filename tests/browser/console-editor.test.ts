// A marketer's first day in the console, in Chromium against the local edge: a site picked from the ones the token
// manages, conditions in the visual builder with a live count, the offer form in sections with a preview and the
// uplift per segment, every error at its field once and in words, ε as a privacy level, publish and rollback
// confirmed with the diff, readable charts refreshed after the feedback loop, and the console at 390 px.
// Screenshots go to test-artifacts/console-editor/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { seedSite } from './sdk-helpers.ts';

const SITE = 'console-ux';
const SHOTS = path.resolve('test-artifacts/console-editor');

describe('the console for a marketer', () => {
  const edgeUrl = inject('edgeUrl');
  const token = inject('adminToken');
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const api = async (route: string) => (await fetch(`${edgeUrl}/v1/admin/sites/${SITE}${route}`, { headers: { authorization: `Bearer ${token}` } })).json();
  const live = async () => ((await (await fetch(`${edgeUrl}/v1/sites/${SITE}/config`)).json()) as { version: number }).version;
  const tab = (name: string) => page.getByRole('navigation', { name: 'Console sections' }).getByRole('button', { name, exact: true }).click();
  const sub = (name: string) => page.getByRole('group', { name: 'What to edit' }).getByRole('button', { name, exact: true }).click();

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await seedSite(edgeUrl, token, SITE, {});
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // The console is served with a strict Content-Security-Policy: nothing it does may be refused by it.
    page.on('console', (message) => { if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) pageErrors.push(message.text()); });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs in with a site picked from the ones the token manages, never a typed one', async () => {
    await page.goto(`${edgeUrl}/admin/`);
    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByLabel('Admin token').press('Tab');
    await expect.poll(() => page.locator('#signin-err').textContent()).toBe('The edge refused this token: check it and try again.');
    await page.getByLabel('Admin token').fill(token);
    await page.getByLabel('Admin token').press('Tab');
    const options = page.locator('#site option');
    await expect.poll(async () => (await options.allTextContents()).join('|')).toMatch(new RegExp(`${SITE} \\(live version \\d+\\)`));
    expect(await page.locator('#site').evaluate((el) => el.tagName)).toBe('SELECT');
    await page.getByLabel('Site', { exact: true }).selectOption(SITE);
    await shot('01-sign-in');
    await page.getByRole('button', { name: 'Open site' }).click();
    await page.locator('header .site').filter({ hasText: SITE }).waitFor();
  });

  it('builds a segment\'s condition from rules over the profile attributes, with a live count of sample shoppers', async () => {
    await sub('Segments');
    await page.locator('.item-list button', { hasText: '(lapsing)' }).click();
    const builder = page.locator('fieldset.condition');
    await builder.waitFor();
    const rules = builder.locator('.rule');
    expect(await rules.count()).toBe(2);
    // Each rule names its attribute with its unit and says what it means.
    expect(await rules.nth(1).locator('select[aria-label="Attribute"]').inputValue()).toBe('recencyDays');
    expect(await rules.nth(1).textContent()).toContain('Whole days since the last purchase.');
    expect(await rules.nth(1).locator('select[aria-label="Operator"]').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]!.textContent)).toBe('is at least');
    const count = builder.locator('.cond-count');
    const matches = async () => Number(/Matches (\d+) of 500/.exec((await count.textContent())!)![1]);
    const before = await matches();
    expect(before).toBeGreaterThan(0);
    await rules.nth(1).getByLabel('Value').fill('30');
    await expect.poll(matches).toBeGreaterThan(before);
    const widened = await matches();
    // The JSON view follows.
    await builder.getByText('JSON (advanced)').click();
    expect(JSON.parse(await builder.locator('textarea').inputValue())).toEqual({ frequency: { $gte: 1 }, recencyDays: { $gte: 30 } });
    // A third rule: top category is women.
    await builder.getByRole('button', { name: 'Add a rule' }).click();
    const third = rules.nth(2);
    await third.getByLabel('Attribute').selectOption('topCategory');
    await third.getByLabel('Operator').selectOption('$eq');
    await third.getByLabel('Value').fill('women');
    await expect.poll(matches).toBeLessThan(widened);
    expect(await count.textContent()).toMatch(/of them are placed in this segment/);
    expect(JSON.parse(await builder.locator('textarea').inputValue())).toEqual({ frequency: { $gte: 1 }, recencyDays: { $gte: 30 }, topCategory: 'women' });
    await shot('02-condition-builder');
    // Editing the JSON redraws the rules.
    await builder.locator('textarea').fill('{"$or": [{"frequency": {"$gte": 5}}, {"monetary": {"$gte": 500}}]}');
    await expect.poll(() => rules.count()).toBe(2);
    expect(await builder.locator('.cond-mode select').first().inputValue()).toBe('any');
    expect(await builder.locator('.cond-group.nested').count()).toBe(0);
    expect(await rules.count()).toBe(2);
  });

  it('groups the offer form, previews the offer, and says per segment what its uplift makes it worth', async () => {
    await sub('Offers');
    const form = page.locator('form.item-form');
    expect(await form.locator('fieldset.section > legend').allTextContents()).toEqual([
      'What the shopper sees', 'The offer', 'Discount and economics', 'When and how often', 'Who gets it', 'Linear score (instead of a model)',
    ]);
    await form.getByLabel('Headline').fill('Spring: 15% off dresses');
    const preview = page.locator('.offer-preview-host');
    await expect.poll(() => preview.evaluate((el) => el.shadowRoot!.querySelector('.edgewise-title')!.textContent)).toBe('Spring: 15% off dresses');
    expect(await form.locator('.field', { has: page.getByLabel('Profit of one purchase before the discount') }).locator('.note').textContent()).toMatch(/^\d+\.\d\d EUR$/);
    const prior = form.locator('fieldset.prior');
    const womenswear = prior.locator('tr', { hasText: '(womenswear)' });
    expect(await womenswear.locator('input').inputValue()).toBe('3');
    expect(await womenswear.locator('td').last().textContent()).toMatch(/^Worth -?\d+\.\d\d EUR per shopper shown/);
    const vip = prior.locator('tr', { hasText: '(vip)' });
    await vip.locator('input').fill('');
    expect(await vip.locator('td').last().textContent()).toBe('No prior: not shown to this segment until a model or an experiment gives it an uplift.');
    await shot('03-offer-form');
  });

  it('shows every problem the edge finds at its field, once, in words, and clears each as it is fixed', async () => {
    const form = page.locator('form.item-form');
    await form.getByLabel('Profit of one purchase before the discount').fill('-5');
    await sub('Budget & settings');
    await page.getByLabel('Global holdout share (0 to 0.5)').fill('2');
    await page.getByRole('button', { name: 'Save as new version' }).click();
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.textContent()).toMatch(/^Not saved: 2 fields need attention\./);
    expect(await page.locator('#status').textContent()).toBe('Not saved: 2 problems, shown at the fields.');
    const links = await summary.locator('li').allTextContents();
    expect(links).toHaveLength(2);
    expect(links).toContain('Global holdout share (0 to 0.5)');
    const offerLink = links.find((l) => l.startsWith('Offer "'))!;
    expect(offerLink).toMatch(/^Offer ".+" \(.+\) › Profit of one purchase before the discount$/);
    // The first problem's field is open and focused, with the message under it: once on the page, in words.
    const holdout = page.getByLabel('Global holdout share (0 to 0.5)');
    await expect.poll(() => holdout.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-path'))).toBe('["globalHoldout"]');
    expect(await page.locator('.field', { has: holdout }).locator('.field-error').textContent()).toBe('must be at most 0.5');
    expect(await page.evaluate(() => document.body.innerText.split('must be at most 0.5').length - 1)).toBe(1);
    await shot('04-errors-in-words');
    // The summary's other link opens the offer at its field.
    await summary.getByRole('button', { name: offerLink }).click();
    const margin = page.getByLabel('Profit of one purchase before the discount');
    expect(await margin.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.field', { has: margin }).locator('.field-error').textContent()).toBe('must be at least 0');
    expect(await page.evaluate(() => document.body.innerText.split('must be at least 0').length - 1)).toBe(1);
    await margin.fill('55');
    expect(await margin.getAttribute('aria-invalid')).toBeNull();
    await expect.poll(() => summary.textContent()).toMatch(/^Not saved: one field needs attention\./);
    await summary.getByRole('button', { name: 'Global holdout share (0 to 0.5)' }).click();
    expect(await holdout.getAttribute('aria-invalid')).toBe('true');
    await holdout.fill('0.05');
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Saved as version \d+$/);
    expect(await summary.isHidden()).toBe(true);
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
  });

  it('says what each ε means as a privacy level', async () => {
    const epsilon = page.getByLabel('Privacy of the purchase report (ε)');
    const note = page.locator('.field', { has: epsilon }).locator('.note');
    expect(await note.textContent()).toMatch(/^Each device tells the truth about "bought or not" with probability 75%, else the opposite: strong privacy\./);
    await epsilon.fill('0.5');
    expect(await note.textContent()).toMatch(/probability 62.2%.*very strong privacy/);
    await epsilon.fill(String(Math.log(3)));
  });

  it('asks before publishing, showing what changes; Cancel publishes nothing', async () => {
    const before = await live();
    await sub('Offers');
    await page.locator('form.item-form').getByLabel('Headline').fill('Spring: 20% off dresses');
    await page.getByRole('button', { name: 'Save and publish' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish these changes?' });
    await dialog.waitFor();
    expect(await dialog.locator('.diff').textContent()).toContain('content.title: ');
    expect(await dialog.locator('.diff').textContent()).toContain('"Spring: 20% off dresses"');
    await shot('05-confirm-publish');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toBe('Not published: nothing changed.');
    expect(await live()).toBe(before);
    await page.getByRole('button', { name: 'Save and publish' }).click();
    await dialog.getByRole('button', { name: 'Save and publish' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Published version \d+/);
    expect(await live()).toBeGreaterThan(before);
  });

  it('asks before rolling back, showing what changes back', async () => {
    const before = await live();
    await tab('Publish & versions');
    await page.locator('table.versions tr.live').waitFor();
    await page.getByRole('button', { name: 'Roll back to the previous published version' }).click();
    const dialog = page.getByRole('dialog', { name: /^Roll back to version \d+\?$/ });
    await dialog.waitFor();
    expect(await dialog.locator('.diff').textContent()).toContain('"Spring: 20% off dresses" → ');
    await dialog.getByRole('button', { name: /^Roll back to version \d+$/ }).click();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Rolled back: version \d+ is live/);
    expect(await live()).toBeLessThan(before);
  });

  it('labels the price chart\'s axes and redraws prices after the feedback loop republishes', async () => {
    await tab('Results');
    const prices = page.locator('svg[aria-labelledby="prices-t prices-d"]');
    await prices.waitFor();
    // Publications of one minute (this test's) are spaced by order; farther apart, by time.
    const [xAxis, yAxis] = await prices.locator('text.axis-label').allTextContents();
    expect(xAxis).toMatch(/^(Publications in order \(all within one minute\)|Published \(UTC\))$/);
    expect(yAxis).toBe('Price per redemption (EUR)');

    const rows = page.locator('details', { hasText: /Price table/ }).locator('tbody tr');
    const before = await rows.count();
    expect(before).toBe((await api('/publications')).publications.length);
    await page.getByRole('button', { name: 'Run the feedback loop now' }).click();
    await expect.poll(() => rows.count()).toBe(before + 1);
    expect((await api('/publications')).publications.length).toBe(before + 1);
    expect(await page.locator('#status').textContent()).toMatch(/^Feedback loop ran: new prices published \(version \d+\)$/);
    await shot('06-results');
  });

  it('fits a 390 px phone: no view scrolls sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [view, name] of [['Rules', 'rules'], ['Preview', 'preview'], ['Publish & versions', 'versions'], ['Results', 'results'], ['Audit log', 'audit']] as const) {
      await tab(view);
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, view).toBeLessThanOrEqual(0);
      await shot(`07-mobile-${name}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(pageErrors).toEqual([]);
  });
});
