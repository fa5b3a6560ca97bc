// Customer value in Chromium: the script tag folds tracked purchases into the profile, loads its forecast part
// (sdk-value.js) at decision time, and its attributes match `edgewise clv` run on the same purchase history;
// devices report their randomised histogram cell once a period and the edge counts it; the console shows the
// model and the reports; `edgewise set-clv` puts a fit into a site's config.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../cli/testing.ts';
import { launchChromium } from './chromium.ts';
import { collectErrors, sdkPage, seedSite, servePage, withSdk } from './sdk-helpers.ts';
import type { Browser } from 'playwright-core';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const demo = JSON.parse(readFileSync(path.join(root, 'demo/site-config.json'), 'utf8'));
const DAY = 86_400_000;
const NOW = Date.parse('2027-03-01T15:30:00Z');

/** Purchase histories (days before NOW, value), one shopper each. */
const SHOPPERS: Record<string, [daysAgo: number, value: number][]> = {
  // Bought most weeks until nine months ago: worth a lot if still active, probably lapsed.
  lapsed: [[400, 80], [392, 45.5], [385, 120], [380, 60], [371, 60], [364, 99.9], [357, 30], [350, 75], [343, 64], [336, 88], [280, 50], [270, 70]],
  loyal: [[200, 40], [170, 55], [140, 42.5], [110, 61], [80, 38], [50, 47], [20, 52.25], [6, 44]],
  // Two orders on one day count as one purchase, as the papers count them.
  twice: [[90, 25], [90, 30], [12, 18]],
  once: [[30, 70]],
};

const ATTRIBUTES = ['clv', 'pAlive', 'expectedPurchases90d', 'expectedSpend', 'clvIfActive', 'valueTier', 'attritionRisk', 'potentialTier'] as const;
/** The device rounds money to cents and probabilities and counts to 4 decimals. */
const TOLERANCE: Record<string, number> = { clv: 0.005, expectedSpend: 0.005, clvIfActive: 0.005, pAlive: 5e-5, expectedPurchases90d: 5e-5 };

describe('customer value in Chromium', () => {
  let browser: Browser;
  const edgeUrl = inject('edgeUrl');
  const dir = mkdtempSync(path.join(tmpdir(), 'edgewise-clv-browser-'));

  beforeAll(async () => {
    browser = await launchChromium();
    await seedSite(edgeUrl, inject('adminToken'), 'clv-demo', { globalHoldout: 0, experiments: [] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Tracks the history with the page's clock at each purchase's time, then decides at NOW. */
  async function device(history: [number, number][]) {
    const context = await browser.newContext();
    const parts: string[] = [];
    context.on('request', (r) => /sdk-value\.js$/.test(r.url()) && parts.push(r.url()));
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.clock.setFixedTime(NOW - 500 * DAY);
    await page.goto(await servePage(context, edgeUrl, 'clv', sdkPage('clv-demo', { before: 'window.edgewise = window.edgewise || [];' })));
    await withSdk(page, 'await edgewise.ready;');
    for (const [i, [daysAgo, value]] of history.entries()) {
      // Purchases on one day come an hour apart.
      await page.clock.setFixedTime(NOW - daysAgo * DAY + i * 3600_000);
      await withSdk(page, `await edgewise.track('purchase', { value: ${value}, items: [{ item_id: 'sku-${i}', price: ${value} }] });`);
    }
    await page.clock.setFixedTime(NOW);
    const out = await withSdk<{ decision: { segment: string | null; offerId: string } | null; profile: Record<string, unknown> }>(page, `
      await edgewise.track('page_view');
      const decision = await edgewise.decide('hero');
      const data = await edgewise.exportData();
      return { decision, profile: data.profile.profile };`);
    await context.close();
    return { ...out, parts, errors };
  }

  /** `edgewise clv` on the same purchases, as a shop would export them from its order system. */
  function cli(history: [number, number][]): Record<string, string> {
    const day = (t: number) => new Date(t).toISOString().slice(0, 10);
    const tx = path.join(dir, 'orders.csv');
    writeFileSync(tx, ['customer,date,value', ...history.map(([daysAgo, value], i) => `me,${new Date(NOW - daysAgo * DAY + i * 3600_000).toISOString()},${value}`)].join('\n'));
    const params = path.join(dir, 'params.json');
    writeFileSync(params, JSON.stringify(demo.customerValue));
    const csv = execFileSync(process.execPath, [path.join(root, 'bin/edgewise.js'), 'clv', '--params', params, '--data', tx, '--customer', 'customer',
      '--date', 'date', '--value', 'value', '--calibration-end', day(NOW), '--time-unit', 'day'], { encoding: 'utf8' });
    const [header, row] = csv.trim().split('\n').map((l) => l.split(','));
    return Object.fromEntries(header!.map((h, i) => [h, row![i]!]));
  }

  it.each(Object.keys(SHOPPERS))('the device\'s attributes equal `edgewise clv` for the same history (%s)', async (name) => {
    const history = SHOPPERS[name]!;
    const { profile, parts, errors } = await device(history);
    const expected = cli(history);
    const differences: Record<string, number> = {};
    for (const key of ATTRIBUTES) {
      if (typeof profile[key] === 'number') {
        differences[key] = Math.abs((profile[key] as number) - Number(expected[key]));
        expect(differences[key], key).toBeLessThanOrEqual(TOLERANCE[key]! + 1e-12);
      } else expect(profile[key], key).toBe(expected[key]);
    }
    expect(parts).toHaveLength(1);
    expect(errors).toEqual([]);
    if (process.env.CLV_MATCH_OUT) writeFileSync(`${process.env.CLV_MATCH_OUT}.${name}.json`, JSON.stringify({ name, device: profile, cli: expected, differences }));
  });

  it('puts the lapsed high-value shopper in "High value, at risk" with the win-back offer', async () => {
    const { decision, profile } = await device(SHOPPERS.lapsed!);
    expect([profile.potentialTier, profile.attritionRisk]).toEqual(['high', 'high']);
    expect(decision).toMatchObject({ segment: 'value-at-risk', offerId: 'winback-25' });
  });
});

describe('customer-value reports, console and set-clv', () => {
  let browser: Browser;
  const edgeUrl = inject('edgeUrl');
  const token = inject('adminToken');
  const dir = mkdtempSync(path.join(tmpdir(), 'edgewise-clv-admin-'));

  beforeAll(async () => {
    browser = await launchChromium();
    await seedSite(edgeUrl, token, 'clv-report', {
      globalHoldout: 0, experiments: [], customerValue: { ...demo.customerValue, report: { epsilon: 6 } },
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('every device, buyer or not, reports its cell once a period, and the edge counts it', async () => {
    for (const buys of [0, 1, 3]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = collectErrors(page);
      await page.goto(await servePage(context, edgeUrl, 'clv-report', sdkPage('clv-report', { before: 'window.edgewise = window.edgewise || [];' })));
      await withSdk(page, `
        for (let i = 0; i < ${buys}; i++) await edgewise.track('purchase', { value: 40, items: [{ item_id: 'p' + i, price: 40 }] });
        await edgewise.decide('hero');
        await edgewise.flush();
        await edgewise.track('page_view');
        await edgewise.decide('hero');
        await edgewise.flush();`);
      expect(errors).toEqual([]);
      await context.close();
    }
    const answer = await (await fetch(`${edgeUrl}/v1/admin/sites/clv-report/customer-value`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(answer.periods).toHaveLength(1);
    expect(answer.periods[0]).toMatchObject({ opened: 3, reports: 3 });
    expect(answer.analysis.reports).toBe(3);
    expect(answer.analysis.fit).toBeNull();
    expect(answer.analysis.fitProblem).toBe('3 reports; the fit needs at least 460 (10 per cell)');
  });

  it('the console shows the model in use and what devices reported', async () => {
    const page = await browser.newPage();
    await page.goto(`${edgeUrl}/admin/`);
    await page.getByLabel('Admin token').fill(token);
    await page.getByLabel('Admin token').press('Tab');
    await expect.poll(async () => (await page.locator('#site option').allTextContents()).join('|')).toMatch(/clv-report/);
    await page.getByLabel('Site', { exact: true }).selectOption('clv-report');
    await page.getByRole('button', { name: 'Open site' }).click();
    await page.getByRole('navigation', { name: 'Console sections' }).getByRole('button', { name: 'Customer value', exact: true }).click();
    const view = page.getByRole('region', { name: 'Customer value' });
    await view.getByText('What devices report').waitFor();
    const text = await view.textContent();
    expect(text).toContain(`BG/NBD (days): r = ${Number(demo.customerValue.bgnbd.r.toPrecision(4))}`);
    expect(text).toContain('Value tier (clv): medium from 10 EUR, high from 30 EUR');
    expect(text).toContain('3 reports from the recent periods (ε = 6 each, 46 cells)');
    expect(text).toContain('No fit: 3 reports; the fit needs at least 460 (10 per cell).');
    expect(text).toContain('High value, at risk (value-at-risk)');
    await page.close();
  });

  it('set-clv stores a fit and the tier thresholds as a new version, which the edge validates', async () => {
    const fit = path.join(dir, 'fit.json');
    writeFileSync(fit, JSON.stringify({ timeUnit: 'week', customers: 2357, bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 } }));
    const run = async (...argv: string[]) => {
      const { code, stdout, stderr } = await runCli(argv);
      return { code, out: stdout, err: stderr };
    };
    const target = ['--site', 'clv-report', '--url', edgeUrl, '--token', token];
    const done = await run('set-clv', '--params', fit, '--value-tiers', '15,60', '--margin', '0.35', '--publish', ...target);
    expect(done.err).toBe('');
    expect(done.out).toMatch(/^stored clv-report version \d+\npublished clv-report version \d+;/);
    const device = await (await fetch(`${edgeUrl}/v1/sites/clv-report/config`)).json();
    expect(device.customerValue).toMatchObject({
      timeUnit: 'week', bgnbd: { r: 0.243 }, margin: 0.35, tiers: { value: { medium: 15, high: 60 }, potential: demo.customerValue.tiers.potential },
      fitted: { source: 'orders', customers: 2357 }, report: { epsilon: 6 },
    });
    const refused = await run('set-clv', '--params', fit, '--report-epsilon', '9', ...target);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('customerValue.report.epsilon: one customer-value report costs 9; privacy.dailyEpsilon (7) would never allow it');
    const none = await run('set-clv', '--from-reports', ...target);
    expect(none.err).toMatch(/conflict \(HTTP 409\).*no fit to apply: 3 reports; the fit needs at least 460/);
  });
});
