// Model scoring in Chromium against the local edge: the shipped demo models are uploaded, fetched by hash and
// verified by the lazily loaded model runtime (sdk-models.js), run on the compact evaluator, and on
// onnxruntime-web loaded from the edge's self-hosted /ort/ files; both match the shared case file to 1e-5.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { featureVector } from '../../client-sdk/src/scoring/index.ts';
import type { ModelManifest } from '../../protocol/index.ts';
import { launchChromium } from './chromium.ts';

interface ParityCase {
  model: string;
  profile: Record<string, unknown>;
  expected: Record<string, number>;
}

const demoDir = new URL('../../models/demo/', import.meta.url);
const manifests = JSON.parse(readFileSync(new URL('models.json', demoDir), 'utf8')) as ModelManifest[];
const { cases, tolerance } = JSON.parse(readFileSync(new URL('parity-cases.json', demoDir), 'utf8')) as { cases: ParityCase[]; tolerance: number };
const bytesOf = (id: string) => readFileSync(new URL(`${id}/model.onnx`, demoDir));

/** The page's outputs for each case of a model: [role -> value] per case, run in the page. */
async function runInPage(page: Page, manifest: ModelManifest, engine: 'auto' | 'ort') {
  const rows = cases.filter((c) => c.model === manifest.id).map((c) => Array.from(featureVector(manifest.inputs, c.profile)));
  return page.evaluate(
    async ({ manifest, rows, engine }) => {
      // Vite rewrites a literal import() in test sources, so the page builds its own.
      const runtime = await new Function('u', 'return import(u)')('/sdk-models.js');
      const model = await runtime.loadModel({ ...manifest, url: `/v1/models/${manifest.sha256}` }, { baseUrl: location.origin, engine });
      const out: Record<string, { data: Float64Array; shape: number[] }> = await model.run(rows.map((r: number[]) => Float64Array.from(r)));
      // The device's own reader of outputs (tensor, column, row), exported by the model part.
      return { engine: model.engine as string, values: rows.map((_: unknown, i: number) => runtime.readRoles(out, manifest.outputs, i)) };
    },
    { manifest, rows, engine },
  );
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
    const expected = cases.filter((c) => c.model === manifest.id);
    values.forEach((v, i) => {
      for (const [role, value] of Object.entries(expected[i]!.expected)) expect(Math.abs(v[role]! - value)).toBeLessThanOrEqual(tolerance);
    });
    expect(requested).toContain(`/v1/models/${manifest.sha256}`);
    expect(requested.filter((p) => p.startsWith('/ort/'))).toEqual([]);
    await page.close();
  });

  it('onnxruntime-web from the self-hosted /ort/ files matches the case file for every shipped model', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(`${edgeUrl}/health`);
    for (const manifest of manifests) {
      const { engine, values } = await runInPage(page, manifest, 'ort');
      expect(engine).toBe('ort');
      const expected = cases.filter((c) => c.model === manifest.id);
      values.forEach((v, i) => {
        for (const [role, value] of Object.entries(expected[i]!.expected)) expect(Math.abs(v[role]! - value)).toBeLessThanOrEqual(tolerance);
      });
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
