// Model scoring in Chromium against the local edge: every demo model (the demo site's pooled model and the
// evaluator fixtures) is uploaded, fetched by hash and verified by the lazily loaded model runtime (sdk-models.js),
// run on the compact evaluator, and on onnxruntime-web loaded from the edge's self-hosted /ort/ files; both match
// the shared case file to 1e-5, column by column (a pooled model's p_treatment per offer).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { featureVector } from '../../client-sdk/src/scoring/index.ts';
import { DEMO_MODELS_DIR, demoModel, demoModelIds } from '../../models/demo/folders.ts';
import { scoreColumns } from '../../models/pipeline/model-dir.ts';
import type { ModelManifest } from '../../protocol/index.ts';
import { launchChromium } from './chromium.ts';

interface ParityCase {
  model: string;
  profile: Record<string, unknown>;
  expected: Record<string, number>;
}

const manifests: ModelManifest[] = demoModelIds().map((id) => demoModel(id).manifest);
const { cases, tolerance } = JSON.parse(readFileSync(path.join(DEMO_MODELS_DIR, 'parity-cases.json'), 'utf8')) as { cases: ParityCase[]; tolerance: number };
const bytesOf = (id: string) => demoModel(id).bytes;

/** The page's outputs for each case of a model: [score column -> value] per case, run in the page. */
async function runInPage(page: Page, manifest: ModelManifest, engine: 'auto' | 'ort') {
  const rows = cases.filter((c) => c.model === manifest.id).map((c) => Array.from(featureVector(manifest.inputs, c.profile)));
  const columns = scoreColumns(manifest).map(({ key, offer }) => ({ key, role: key.split(':')[0]!, offer }));
  return page.evaluate(
    async ({ manifest, rows, engine, columns }) => {
      // Vite rewrites a literal import() in test sources, so the page builds its own.
      const runtime = await new Function('u', 'return import(u)')('/sdk-models.js');
      const model = await runtime.loadModel({ ...manifest, url: `/v1/models/${manifest.sha256}` }, { baseUrl: location.origin, engine });
      const out: Record<string, { data: Float64Array; shape: number[] }> = await model.run(rows.map((r: number[]) => Float64Array.from(r)));
      // The device's own reader of outputs (tensor, column, row, offer), exported by the model part.
      const values = rows.map((_: unknown, i: number) =>
        Object.fromEntries(columns.map((c) => [c.key, runtime.readRoles(out, manifest.outputs, i, c.offer)[c.role] as number])));
      return { engine: model.engine as string, values };
    },
    { manifest, rows, engine, columns },
  );
}

/** Every column of every case of a model within the tolerance of the case file. */
function expectCases(manifest: ModelManifest, values: Record<string, number>[]) {
  const expected = cases.filter((c) => c.model === manifest.id);
  expect(values).toHaveLength(expected.length);
  expect(expected.length).toBeGreaterThanOrEqual(10);
  values.forEach((v, i) => {
    expect(Object.keys(v)).toEqual(Object.keys(expected[i]!.expected));
    for (const [key, value] of Object.entries(expected[i]!.expected)) expect(Math.abs(v[key]! - value), `${manifest.id} ${key}`).toBeLessThanOrEqual(tolerance);
  });
}

describe('scoring models in Chromium', () => {
  let browser: Browser;
  const edgeUrl = inject('edgeUrl');
  const token = inject('adminToken');

  beforeAll(async () => {
    for (const m of manifests) {
      const response = await fetch(`${edgeUrl}/v1/admin/models`, {
        method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: bytesOf(m.id),
      });
      expect(response.status).toBe(201);
      expect(((await response.json()) as { sha256: string }).sha256).toBe(m.sha256);
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(manifests.map((m) => [m.id, m] as const))('%s: compact evaluator in the page matches the case file, no ORT download', async (_, manifest) => {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(`${edgeUrl}/health`);
    const { engine, values } = await runInPage(page, manifest, 'auto');
    expect(engine).toBe('compact');
    expectCases(manifest, values);
    expect(requested).toContain(`/v1/models/${manifest.sha256}`);
    expect(requested.filter((p) => p.startsWith('/ort/'))).toEqual([]);
    await page.close();
  });

  it('onnxruntime-web from the self-hosted /ort/ files matches the case file for every demo model', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(`${edgeUrl}/health`);
    for (const manifest of manifests) {
      const { engine, values } = await runInPage(page, manifest, 'ort');
      expect(engine).toBe('ort');
      expectCases(manifest, values);
    }
    const ort = requested.filter((u) => u.includes('/ort/'));
    expect(ort.some((u) => u.endsWith('/ort/ort-wasm-simd-threaded.wasm'))).toBe(true);
    expect(ort.every((u) => u.startsWith(edgeUrl))).toBe(true);
    await page.close();
  });

  it('refuses model bytes whose hash is not the manifest hash', async () => {
    const page = await browser.newPage();
    await page.goto(`${edgeUrl}/health`);
    const [good, other] = manifests;
    const message = await page.evaluate(async ({ good, other }) => {
      const runtime = await new Function('u', 'return import(u)')('/sdk-models.js');
      try {
        await runtime.loadModel({ ...good, sha256: other.sha256, url: `/v1/models/${good.sha256}` }, { baseUrl: location.origin });
        return 'loaded';
      } catch (error) {
        return String(error);
      }
    }, { good: good!, other: other! });
    expect(message).toContain(`expected sha256 ${other!.sha256}, received ${good!.sha256}`);
    await page.close();
  });
});
