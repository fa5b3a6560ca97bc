// The demo shop decides with its own model: the seeded demo config lists one pooled uplift model (demo-pooled),
// and a fresh shopper in the personalised arm who browses a few products gets a decision scored by it on the
// compact evaluator, with the value the model gives in Node for the same profile.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createModel, featureVector, readRoles } from '../../client-sdk/src/scoring/index.ts';
import { demoModel } from '../../models/demo/folders.ts';
import type { DeviceConfig } from '../../protocol/index.ts';
import { launchChromium } from './chromium.ts';
import { fixedDeviceKeyScript, keyBytesForArm } from './console-shop-key.ts';
import { collectErrors, withSdk } from './sdk-helpers.ts';

interface Seen {
  explanation: { offerId: string | null; source: string | null; value: number | null; price: number | null; uplift: number | null; arm: string | null };
  profile: Record<string, unknown>;
}

describe('the demo shop\'s model', () => {
  const edgeUrl = inject('edgeUrl');
  const pooled = demoModel('demo-pooled');
  let browser: Browser;
  let config: DeviceConfig;

  beforeAll(async () => {
    config = (await (await fetch(`${edgeUrl}/v1/sites/demo/config`)).json()) as DeviceConfig;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is the one model the published demo config lists, scoring every offer', () => {
    expect(config.models.map((m) => [m.id, m.sha256])).toEqual([['demo-pooled', pooled.manifest.sha256]]);
    expect(config.models[0]!.offers).toEqual(config.offers.map((o) => o.id));
    // The seeded demo measures nothing by holdback, so what a decision shows is the model's choice.
    expect(config.holdback).toBe(0);
  });

  it('decides a fresh shopper\'s hero offer after a few product views, explained as demo-pooled\'s', async () => {
    const experiment = config.experiments.find((e) => e.slot === 'hero')!;
    const context = await browser.newContext();
    await context.addInitScript(fixedDeviceKeyScript(keyBytesForArm(config, experiment, 'personalised')));
    const requested: string[] = [];
    context.on('request', (r) => requested.push(new URL(r.url()).pathname));
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${edgeUrl}/demo/`);
    await withSdk(page, 'await edgewise.ready');
    // A few events through the shop's own UI (GA4 events on its dataLayer): three product pages.
    for (const item of ['w-dress-01', 'w-coat-02', 's-boot-02']) {
      await page.click(`a.card[data-item="${item}"]`);
      await page.waitForSelector('#add');
      await page.goBack();
      await page.waitForSelector(`a.card[data-item="${item}"]`);
    }
    const seen = await withSdk<Seen>(page, `
      await edgewise.decide('hero');
      const explanation = await edgewise.explain('hero');
      const data = await edgewise.exportData();
      return { explanation, profile: data.profile.profile };`);
    const { explanation, profile } = seen;
    expect(profile).toMatchObject({ frequency: 0, itemViews: 3 });
    expect(explanation).toMatchObject({ arm: 'personalised', source: 'demo-pooled' });
    expect(explanation.offerId).not.toBeNull();
    expect(explanation.value!).toBeGreaterThan(explanation.price!);

    // The uplift the device used is the model's for this profile and offer (the device rounds it to 3 decimals),
    // moved by the edge's calibration only where it has one.
    const model = await createModel(pooled.manifest, pooled.bytes);
    const roles = readRoles(await model.run([featureVector(pooled.manifest.inputs, profile)]), pooled.manifest.outputs, 0, explanation.offerId!);
    if (!config.calibration?.[explanation.offerId!]) expect(Math.abs(explanation.uplift! - (roles.p_treatment! - roles.p_control!))).toBeLessThanOrEqual(5e-4);

    // Fetched once by hash, scored on the compact evaluator: no onnxruntime download.
    expect(requested.filter((p) => p === `/v1/models/${pooled.manifest.sha256}`)).toHaveLength(1);
    expect(requested.filter((p) => p.startsWith('/ort/'))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
