// Scoring benchmark (not a test): the compact evaluator's gzip bytes in the SDK bundle, scoreOffers on 200 offers
// in headless Chromium, and on the demo site's offers with its pooled model. Prints JSON. Usage: node bench/scoring.mjs
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { machine, percentile } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'edgewise-bench-scoring-'));
// The scoring module as the lead first wrote it (prior and linear only): the baseline the evaluator adds to.
const BASELINE_COMMIT = 'fff95a3';

// Like client-sdk/build.mjs, optionally leaving runtime.ts out: the script tag loads it lazily as sdk-models.js.
const lazyRuntime = {
  name: 'lazy-runtime',
  setup(b) {
    b.onResolve({ filter: /^\.\/runtime\.ts$/ }, () => ({ path: './runtime.js', external: true }));
  },
};

async function gzipBytes(contents, resolveDir, { lazy = false } = {}) {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'ts' }, bundle: true, minify: true, format: 'esm', target: 'es2020', write: false,
    logLevel: 'error', external: ['onnxruntime-web/wasm'], plugins: lazy ? [lazyRuntime] : [],
  });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
}

async function bytes() {
  const baselineDir = path.join(tmp, 'baseline', 'client-sdk', 'src', 'scoring');
  execFileSync('mkdir', ['-p', baselineDir]);
  writeFileSync(path.join(baselineDir, 'index.ts'), execFileSync('git', ['show', `${BASELINE_COMMIT}:client-sdk/src/scoring/index.ts`], { cwd: root }));
  // Resolve the baseline's protocol type imports against the live tree (types only: no bytes).
  execFileSync('ln', ['-s', path.join(root, 'protocol'), path.join(tmp, 'baseline', 'protocol')]);
  const uses = 'export { scoreOffers, scoreWithoutModel } from "./index.ts";';
  const scoring = path.join(root, 'client-sdk', 'src', 'scoring');
  const baseline = await gzipBytes(uses, baselineDir);
  const now = await gzipBytes(uses, scoring);
  const evaluatorOnly = await gzipBytes('export { compile } from "./evaluate.ts"; export { decodeModel } from "./decode.ts";', scoring);
  // The script tag loads the model runtime as its own chunk (client-sdk/build.mjs: sdk-models.js), only for configs with models.
  const lazyChunk = await gzipBytes('export * from "./runtime.ts";', scoring);
  const eager = await gzipBytes(uses, scoring, { lazy: true });
  return {
    scoringModuleBefore: baseline, scoringModuleNow: now, addedToScoringModule: now - baseline,
    addedToSdkJsWithLazyRuntime: eager - baseline,
    decoderAndEvaluatorAlone: evaluatorOnly, modelRuntimeChunk: lazyChunk, limit: 3072,
  };
}

async function speed() {
  const bundle = await build({
    entryPoints: [path.join(root, 'bench', 'scoring-entry.ts')], bundle: true, minify: true, format: 'iife', target: 'es2020',
    write: false, logLevel: 'error', external: ['onnxruntime-web/wasm'],
  });
  const site = JSON.parse(readFileSync(path.join(root, 'demo', 'site-config.json'), 'utf8'));
  // A demo model from its own folder: the evaluator fixtures (models/demo/folders.ts EVALUATOR_FIXTURES) and the
  // demo site's own model (models.json).
  const folder = (id) => ({
    manifest: JSON.parse(readFileSync(path.join(root, 'models', 'demo', id, 'manifest.json'), 'utf8')),
    bytes: [...readFileSync(path.join(root, 'models', 'demo', id, 'model.onnx'))],
  });
  const demo = ['demo-women-15', 'demo-winback-25', 'demo-shoes-20', 'demo-purchase'].map(folder);
  const siteModels = JSON.parse(readFileSync(path.join(root, 'models', 'demo', 'models.json'), 'utf8')).map((m) => folder(m.id));
  // Costs per redemption are resolved in the page by the protocol's redemptionCostOf (scoring-entry.ts).
  const demoOffers = site.offers.map((o) => ({ ...o, items: o.items ?? [], upliftPrior: o.upliftPrior ?? {} }));
  const offers = Array.from({ length: 200 }, (_, i) => {
    const o = site.offers[i % site.offers.length];
    return { ...o, id: `${o.id}-${i}`, items: o.items ?? [], upliftPrior: o.upliftPrior ?? {}, redemptionCost: o.redemptionCost ?? 10 };
  });
  const profile = {
    recencyDays: 90, frequency: 3, monetary: 240, averageOrderValue: 80, sessions: 6, sessionDepth: 3, pageViews: 25, itemViews: 12,
    cartAdds: 2, searches: 1, cartItems: 1, cartValue: 60, tenureDays: 300, categoryAffinity: { women: 3.2 }, brandAffinity: {},
    topCategory: 'women', topBrand: null, discountShare: 0.6, priceLevel: 70, purchasedItems: {},
  };
  const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>bench</title>');
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    const out = {};
    const timings = (r) => ({
      sources: r.sources,
      medianMs: percentile(r.perCallMs, 0.5),
      p95Ms: percentile(r.perCallMs, 0.95),
      meanMs: Math.round((r.perCallMs.reduce((a, b) => a + b, 0) / r.perCallMs.length) * 1000) / 1000,
    });
    for (const kind of ['shared', 'per-offer']) {
      const r = await page.evaluate(([c, k]) => window.benchScoring(c, k, 500), [{ offers, profile, segments: site.segments, demo }, kind]);
      out[kind] = { models: kind === 'shared' ? demo.length : offers.length, ...timings(r) };
    }
    // The demo site as it ships: its offers, scored by its one pooled model.
    const r = await page.evaluate(
      ([c]) => window.benchScoring(c, 'site', 500),
      [{ offers: demoOffers, economics: site.economics, profile, segments: site.segments, demo: siteModels }],
    );
    out.demoSite = { offers: demoOffers.length, models: siteModels.length, modelBytes: siteModels.reduce((n, m) => n + m.bytes.length, 0), ...timings(r) };
    return { chromium: browser.version(), offers: offers.length, limitMs: 0.5, ...out };
  } finally {
    await browser.close();
  }
}

try {
  const result = { benchmark: 'scoring', machine: machine(), gzipBytes: await bytes(), scoreOffers200: await speed() };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
