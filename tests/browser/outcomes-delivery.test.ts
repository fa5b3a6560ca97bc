// Outcome delivery in Chromium against the local edge: reports made offline arrive once back online, a batch
// retried after a 5xx is counted once, and reports made just before the shopper leaves are not lost. The site's
// window is 0 days, so a unit's report set is due at the first flush after its exposure.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { experimentOf, readResults, until } from './outcomes-helpers.ts';
import { collectErrors, sdkPage, seedSite, servePage, withSdk } from './sdk-helpers.ts';

const SITE = 'outcomes-delivery';
const EXPERIMENT = 'hero-all';
// One arm, no holdout, k = 1: every device lands in one known cell and no count is hidden. (The arm is a control
// arm: results need a control, and without a holdout there is no other; see the last test.)
const ARM = 'control';
const experiments = [{ id: EXPERIMENT, slot: 'hero', arms: [{ id: ARM, weight: 1, policy: 'control' }] }];

/** Units opened (exposure reports) and report sets counted for the arm. */
interface Counts { opened: number; sets: number }
interface OutboxBatch { batchId: string; reports: unknown[]; attempts: number }

describe('outcome delivery', () => {
  let browser: Browser;
  const edgeUrl = inject('edgeUrl');
  const token = inject('adminToken');

  /** The arm's counts at the edge now (k = 1: nothing counted is hidden). */
  async function counts(): Promise<Counts> {
    const experiment = experimentOf(await readResults(edgeUrl, token, SITE), EXPERIMENT);
    const arm = experiment.arms.find((a) => a.id === ARM)!;
    const reporting = experiment.reporting.arms.find((a) => a.id === ARM)!;
    return { opened: reporting.opened ?? 0, sets: arm.exposures ?? 0 };
  }

  const outbox = (page: Page) => withSdk<OutboxBatch[]>(page, 'return (await edgewise.exportData()).outbox');

  /** Flushes until the outbox is empty (a failed batch waits out its backoff, 2.5 to 5 s after a first failure). */
  const drain = (page: Page) =>
    until('an empty outbox', async () => {
      await withSdk(page, 'await edgewise.flush()');
      return (await outbox(page)).length === 0 ? true : undefined;
    });

  async function shopper(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext();
    const url = await servePage(context, edgeUrl, SITE, sdkPage(SITE));
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(url);
    await withSdk(page, 'await edgewise.ready');
    return { context, page, errors };
  }

  beforeAll(async () => {
    browser = await launchChromium();
    await seedSite(edgeUrl, token, SITE, { globalHoldout: 0, attributionDays: 0, privacy: { epsilon: Math.log(3), k: 1 }, experiments });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Offline, makes an exposure (the unit opens) and flushes twice in vain (its 0-day window closes); returns the outbox. */
  async function reportOffline(context: BrowserContext, page: Page): Promise<OutboxBatch[]> {
    await context.setOffline(true);
    for (const step of [`await edgewise.decide('hero');`, '']) {
      const flushed = await withSdk<{ sent?: number }>(page, `${step} return edgewise.flush();`);
      expect(flushed.sent ?? 0).toBe(0);
    }
    const waiting = await outbox(page);
    expect(waiting.flatMap((b) => b.reports).map((r) => (r as { kind: string }).kind)).toEqual(['exposure', 'outcome']);
    return waiting;
  }

  const plusOne = (c: Counts): Counts => ({ opened: c.opened + 1, sets: c.sets + 1 });
  // Chromium itself logs each request that failed offline or with a 5xx; nothing else may be logged.
  const unexpected = (errors: string[]) => errors.filter((e) => !/Failed to load resource: (net::ERR_INTERNET_DISCONNECTED|the server responded with a status of 503)/.test(e));

  it('offline then online on the same page: every report made offline reaches the edge exactly once', async () => {
    const { context, page, errors } = await shopper();
    const before = await counts();
    await reportOffline(context, page);
    expect(await counts()).toEqual(before);
    await context.setOffline(false);
    await drain(page);
    expect(await counts()).toEqual(plusOne(before));
    // Later visits send nothing again.
    await page.reload();
    await withSdk(page, 'await edgewise.ready; await edgewise.flush()');
    expect(await counts()).toEqual(plusOne(before));
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it('a tab closed offline: its outbox, kept in IndexedDB, goes out exactly once on the next visit online', async () => {
    const { context, page, errors } = await shopper();
    const before = await counts();
    const waiting = await reportOffline(context, page);
    await page.close();
    expect(await counts()).toEqual(before);
    await context.setOffline(false);
    const again = await context.newPage();
    const errorsAgain = collectErrors(again);
    await again.goto(`${edgeUrl}/sdk-test/${SITE}.html`);
    expect((await outbox(again)).map((b) => b.batchId)).toEqual(waiting.map((b) => b.batchId));
    await drain(again);
    expect(await counts()).toEqual(plusOne(before));
    await again.reload();
    await withSdk(again, 'await edgewise.ready; await edgewise.flush()');
    expect(await counts()).toEqual(plusOne(before));
    expect(unexpected([...errors, ...errorsAgain])).toEqual([]);
    await context.close();
  });

  it('a batch whose answer was lost to a 5xx is retried with the same id and counted once', async () => {
    const { context, page, errors } = await shopper();
    const before = await counts();
    const sent: string[] = [];
    let failed = 0;
    // The first POST reaches the edge, but the device is told 503: the retry is a true duplicate.
    await page.route(`**/v1/sites/${SITE}/outcomes`, async (route) => {
      sent.push(JSON.parse(route.request().postData() ?? '{}').batchId);
      const response = await route.fetch();
      if (failed++ === 0) await route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable"}}' });
      else await route.fulfill({ response });
    });
    expect(await withSdk(page, `await edgewise.decide('hero'); return edgewise.flush();`)).toEqual({ ok: true, sent: 0 });
    await drain(page);
    expect(sent.length).toBe(2);
    expect(sent[1]).toBe(sent[0]);
    expect(await counts()).toEqual(plusOne(before));
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it('a unit opened just before the shopper leaves the page is reported, exposure and report set', async () => {
    const { context, page, errors } = await shopper();
    const before = await counts();
    // The decision is the last thing on the page: the shopper leaves at once (pagehide), then comes back later.
    await withSdk(page, `await edgewise.decide('hero');`);
    await page.goto('about:blank');
    await page.goto(`${edgeUrl}/sdk-test/${SITE}.html`);
    await drain(page);
    const after = await until('the report set at the edge', async () => {
      const now = await counts();
      return now.sets > before.sets ? now : undefined;
    }, 3000);
    expect(after).toEqual(plusOne(before));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('results of an experiment without a control arm and without a global holdout are readable', async () => {
    const site = 'outcomes-no-control';
    const personalisedOnly = [{ id: EXPERIMENT, slot: 'hero', arms: [{ id: 'personalised', weight: 1, policy: 'personalised' }] }];
    await seedSite(edgeUrl, token, site, { globalHoldout: 0, privacy: { epsilon: Math.log(3), k: 1 }, experiments: personalisedOnly });
    const response = await fetch(`${edgeUrl}/v1/admin/sites/${site}/results`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status, await response.clone().text()).toBe(200);
    const body = (await response.json()) as { experiments: { id: string; arms: { id: string }[] }[] };
    expect(body.experiments.map((e) => [e.id, e.arms.map((a) => a.id)])).toEqual([[EXPERIMENT, ['personalised']]]);
  });
});
