// Many shoppers, one experiment: fresh browser profiles visit the demo shop, reach the hero slot and flush; the
// edge counts exactly one exposure per shopper, per arm as the devices were assigned, in plausible shares.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { demoShopHtml, experimentOf, openedByArm, readResults, totalExposures, type ExperimentResult } from './outcomes-helpers.ts';
import { collectErrors, seedSite, withSdk } from './sdk-helpers.ts';

const SITE = 'outcomes-shoppers';
const EXPERIMENT = 'hero-personalisation';
/** Shoppers, and how many browse at once (two cores: more only queues). */
const SHOPPERS = 32;
const AT_ONCE = 4;
/** The demo's hero experiment: the holdout takes 5% first, the two arms split the rest 50/50. */
const SHARES: Record<string, number> = { personalised: 0.475, control: 0.475, holdout: 0.05 };

describe('many shoppers on the demo shop', () => {
  let browser: Browser;
  const edgeUrl = inject('edgeUrl');
  const token = inject('adminToken');
  /** Arm each shopper's device chose, counted; filled by the first test. */
  const tally: Record<string, number> = {};
  let before: ExperimentResult;
  let after: ExperimentResult;

  beforeAll(async () => {
    browser = await launchChromium();
    // The demo config with k = 1, under its own site id: no cell is hidden for being small, and the demo site's
    // own counters (other tests use them) stay out of the count.
    await seedSite(edgeUrl, token, SITE, { privacy: { epsilon: Math.log(3), k: 1 } });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /**
   * One shopper in a fresh profile: opens the shop, waits for the SDK's own hero decision, flushes until the
   * outbox is empty, and returns the arm its device was assigned. One round trip to the page does all of it.
   */
  async function visit(html: string): Promise<string> {
    const context = await browser.newContext();
    try {
      await context.route(`${edgeUrl}/demo/`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
      const page = await context.newPage();
      const errors = collectErrors(page);
      await page.goto(`${edgeUrl}/demo/`, { waitUntil: 'domcontentloaded' });
      const arm = await withSdk<string | null>(page, `
        const deadline = Date.now() + 15000;
        const pause = () => new Promise((resolve) => setTimeout(resolve, 25));
        let why = await edgewise.explain('hero');
        while (!why && Date.now() < deadline) { await pause(); why = await edgewise.explain('hero'); }
        if (!why) return null;
        do await edgewise.flush(); while ((await edgewise.exportData()).outbox.length > 0 && Date.now() < deadline && (await pause(), true));
        return (await edgewise.exportData()).outbox.length === 0 ? why.arm : null;`);
      expect(arm, 'the shopper reached the hero and emptied the outbox').not.toBeNull();
      expect(errors).toEqual([]);
      return arm!;
    } finally {
      await context.close();
    }
  }

  it(`${SHOPPERS} fresh profiles: the edge counts exactly one exposure per shopper`, async () => {
    before = experimentOf(await readResults(edgeUrl, token, SITE), EXPERIMENT);
    const html = await demoShopHtml(edgeUrl, SITE);
    let next = 0;
    const arms: string[] = [];
    await Promise.all(Array.from({ length: AT_ONCE }, async () => {
      while (next < SHOPPERS) {
        next++;
        arms.push(await visit(html));
      }
    }));
    expect(arms.length).toBe(SHOPPERS);
    for (const arm of arms) tally[arm] = (tally[arm] ?? 0) + 1;
    expect(Object.keys(tally).every((arm) => arm in SHARES)).toBe(true);

    after = experimentOf(await readResults(edgeUrl, token, SITE), EXPERIMENT);
    expect(totalExposures(before)).toBe(0);
    expect(totalExposures(after)).toBe(SHOPPERS);
    // Per arm: the edge counted each arm's units exactly as the devices were assigned.
    const opened = openedByArm(after);
    expect(Object.fromEntries(Object.entries(opened).filter(([, n]) => n > 0))).toEqual(tally);

    // A 50/50 split over 32 shoppers: each arm well within 20% to 80% (fails by chance about once in 500 runs).
    for (const arm of ['personalised', 'control']) {
      expect(tally[arm] ?? 0).toBeGreaterThanOrEqual(0.2 * SHOPPERS);
      expect(tally[arm] ?? 0).toBeLessThanOrEqual(0.8 * SHOPPERS);
    }
    // About 15 s on an idle 2-core machine; the margin is for a loaded one.
  }, 90_000);

  it('before any window closes, every exposure is pending and no statistic counts it', () => {
    expect(after, 'the first test read the results').toBeDefined();
    const pending = Object.fromEntries(after.reporting.arms.filter((a) => (tally[a.id] ?? 0) > 0).map((a) => [a.id, a.pending]));
    expect(pending).toEqual(tally);
    expect(after.arms.every((a) => a.hidden && a.exposures === null)).toBe(true);
    // The demo's window is 7 days: exposures of today have closed by the end of the 7th day from now.
    expect(after.reporting.pendingUntil).toBe(new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10));
  });
});
