// The ONNX zoo from notebook to shopper's browser, against the local edge: every export is imported
// (import-model, its training columns mapped to profile attributes), uploaded and added to a site (upload-model),
// published, then scored in Chromium by the lazily loaded model part as a device scores offers (scoreWithModels
// on a shopper's profile). Each matches onnxruntime's values within 1e-5 on the compact path, without fetching
// onnxruntime; onnxruntime-web from the edge's /ort/ files runs the imported files too (the fallback).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../cli/testing.ts';
import { featureVector } from '../../client-sdk/src/scoring/index.ts';
import { emptyProfile } from '../../client-sdk/src/profile/index.ts';
import { readZoo, zooDir, type ZooModel } from '../../models/import/zoo.ts';
import type { DeviceConfig, DeviceModel, Profile } from '../../protocol/index.ts';
import { launchChromium } from './chromium.ts';

const SITE = 'zoo-models';
const dir = zooDir();
const zoo = dir ? readZoo(dir) : undefined;

/**
 * Hillstrom's columns as profile attributes. For parity any numeric attribute would do; map keys give each
 * one-hot column an attribute of its own.
 */
const SOURCES: Record<string, string> = {
  recency: 'recencyDays', history: 'monetary', mens: 'categoryAffinity.mens', womens: 'categoryAffinity.womens', newbie: 'brandAffinity.newbie',
  'zip_code=Surburban': 'brandAffinity.zip-surburban', 'zip_code=Urban': 'brandAffinity.zip-urban', 'zip_code=Rural': 'brandAffinity.zip-rural',
  'channel=Web': 'brandAffinity.channel-web', 'channel=Phone': 'brandAffinity.channel-phone', 'channel=Multichannel': 'brandAffinity.channel-multichannel',
};

/** A shopper whose profile holds one zoo row in the mapped attributes. */
function profileOf(model: ZooModel, row: number[]): Profile {
  const profile = { ...emptyProfile(), categoryAffinity: {}, brandAffinity: {}, pageViews: 10 } as Profile & Record<string, unknown>;
  model.feature_names.forEach((name, i) => {
    const [head, key] = SOURCES[name]!.split('.');
    if (key) (profile[head!] as Record<string, number>)[key] = row[i]!;
    else profile[head!] = row[i]!;
  });
  return profile;
}

const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));

describe.skipIf(!zoo)(`the ONNX zoo in Chromium (${dir ?? 'absent: set EDGEWISE_ONNX_ZOO'})`, () => {
  const edgeUrl = inject('edgeUrl');
  const token = inject('adminToken');
  const work = mkdtempSync(path.join(os.tmpdir(), 'edgewise-zoo-browser-'));
  const target = ['--site', SITE, '--url', edgeUrl, '--token', token];
  let browser: Browser;
  let published: DeviceConfig;
  const measured: Record<string, { engine?: string; chromium?: number; ort?: number; bytes?: number }> = {};

  beforeAll(async () => {
    for (const name of ['EDGEWISE_URL', 'EDGEWISE_TOKEN', 'EDGEWISE_SITE']) delete process.env[name];
    const site = { ...JSON.parse(readFileSync('demo/site-config.json', 'utf8')), site: SITE };
    writeFileSync(path.join(work, 'site.json'), JSON.stringify(site));
    const pushed = await runCli(['push', '--in', path.join(work, 'site.json'), ...target]);
    expect(pushed.code, pushed.stderr).toBe(0);
    for (const model of zoo!.models) {
      const out = path.join(work, model.name);
      const sources = model.feature_names.map((f) => `${f}=${SOURCES[f]}`).join(',');
      const imported = await runCli(['import-model', '--onnx', path.join(dir!, model.file), '--role', 'propensity', '--features', model.feature_names.join(','), '--source', sources, '--out', out, '--id', `zoo-${model.name.replace(/_/g, '-')}`]);
      expect(imported.code, imported.stderr).toBe(0);
      // Every column is mapped: no warning of that (regressors are still said to be clipped to [0, 1]).
      expect(imported.stderr).not.toContain('no profile attribute');
      const uploaded = await runCli(['upload-model', '--model', out, ...target]);
      expect(uploaded.code, uploaded.stderr).toBe(0);
      expect(uploaded.stdout).toContain(`with model zoo-${model.name.replace(/_/g, '-')} (added)`);
    }
    const publish = await runCli(['publish', ...target]);
    expect(publish.code, publish.stderr).toBe(0);
    published = await (await fetch(`${edgeUrl}/v1/sites/${SITE}/config`)).json();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
    // The figures of the closing note's table, when asked for (EDGEWISE_ZOO_REPORT=file.json).
    if (process.env.EDGEWISE_ZOO_REPORT) writeFileSync(process.env.EDGEWISE_ZOO_REPORT, `${JSON.stringify(measured, null, 2)}\n`);
  });

  const modelOf = (m: ZooModel) => published.models.find((d) => d.id === `zoo-${m.name.replace(/_/g, '-')}`)!;

  /** In the page: each shopper's P(buy) as scoreWithModels gives it for one offer, and the engine that ran it. */
  async function scoreInPage(page: Page, model: DeviceModel, profiles: Profile[]) {
    return page.evaluate(async ({ model, profiles, offer }) => {
      // Vite rewrites a literal import() in test sources, so the page builds its own.
      const runtime = await new Function('u', 'return import(u)')('/sdk-models.js');
      const loaded = await runtime.loadModel(model, { baseUrl: location.origin });
      const errors: string[] = [];
      const values: number[] = [];
      for (const profile of profiles) {
        const config = { models: [model], offers: [offer], segments: [] };
        const base = [{ offerId: offer.id, pTreatment: 0.05, pControl: 0.05, uplift: 0, value: 0, source: 'prior' }];
        const [score] = await runtime.scoreWithModels({ config, profile, segmentId: null, offers: [offer], models: { baseUrl: location.origin }, onModelError: (_: string, e: unknown) => errors.push(String(e)) }, base);
        values.push(score.source === model.id ? score.pControl : NaN);
      }
      return { engine: loaded.engine as string, values, errors };
    }, { model, profiles, offer: published.offers[0]! });
  }

  it.each((zoo?.models ?? []).map((m) => [m.name, m] as const))('%s: a device scores P(visit = 1) within 1e-5 of onnxruntime, on the compact path, without fetching onnxruntime', async (name, m) => {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(`${edgeUrl}/health`);
    const model = modelOf(m);
    const { engine, values, errors } = await scoreInPage(page, model, m.rows.map((row) => profileOf(m, row)));
    expect(errors).toEqual([]);
    expect(engine).toBe('compact');
    const diff = maxDiff(values, m.expected);
    expect(diff).toBeLessThanOrEqual(1e-5);
    expect(requested).toContain(`/v1/models/${model.sha256}`);
    expect(requested.filter((p) => p.startsWith('/ort/'))).toEqual([]);
    measured[name] = { ...measured[name], engine, chromium: diff, bytes: model.bytes };
    await page.close();
  });

  it('onnxruntime-web from the edge runs every imported file too (the fallback), within 1e-5', async () => {
    const page = await browser.newPage();
    await page.goto(`${edgeUrl}/health`);
    for (const m of zoo!.models) {
      const model = modelOf(m);
      const rows = m.rows.map((row) => Array.from(featureVector(model.inputs, profileOf(m, row))));
      const { engine, values } = await page.evaluate(async ({ model, rows }) => {
        const runtime = await new Function('u', 'return import(u)')('/sdk-models.js');
        runtime.clearModels();
        const loaded = await runtime.loadModel(model, { baseUrl: location.origin, engine: 'ort' });
        const out = await loaded.run(rows.map((r: number[]) => Float64Array.from(r)));
        return { engine: loaded.engine as string, values: rows.map((_: unknown, i: number) => runtime.readRoles(out, model.outputs, i).probability as number) };
      }, { model, rows });
      expect(engine, m.name).toBe('ort');
      const diff = maxDiff(values, m.expected);
      expect(diff, m.name).toBeLessThanOrEqual(1e-5);
      measured[m.name] = { ...measured[m.name], ort: diff };
    }
    await page.close();
  });
});
