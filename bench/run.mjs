#!/usr/bin/env node
// `npm run bench`: runs every benchmark that exists as a child process (each prints JSON), measures the SDK's
// bytes, runs the simulator, and writes bench/results.json, bench/RESULTS.md and SVG charts in bench/. A benchmark
// that is missing or fails is recorded as not available with its reason; no figure is ever filled in for it.
//   node bench/run.mjs [--quick] [--only sdkBytes,simulator,...]
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compressedSizes, machine, runJsonChild } from './lib.mjs';
import { writeReport } from './report.mjs';
import { simulatorBench } from './simulator.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const here = path.join(root, 'bench');
const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' } } });
const quick = Boolean(values.quick);
const only = values.only ? new Set(values.only.split(',')) : null;
const wanted = (name) => !only || only.has(name);

/** GrowthBook's script tag, gzip, as its documentation states it: a reference figure, not measured here. */
const GROWTHBOOK_GZIP = 18.0 * 1024;
const SIM_SEEDS = quick ? [1] : [1, 2, 3];

const node = process.execPath;
const child = (script, args = [], options = {}) =>
  existsSync(path.join(root, script))
    ? runJsonChild(node, [script, ...args], { cwd: root, ...options })
    : Promise.resolve({ available: false, reason: `${script} is not in this checkout yet` });

function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

async function sdkBytes() {
  const build = await runJsonChild(node, ['-e', `await import(${JSON.stringify(path.join(root, 'scripts', 'build.mjs'))}); console.log('{}')`], { cwd: root, timeoutMs: 240_000 });
  const dist = path.join(root, 'dist', 'public');
  const main = path.join(dist, 'sdk.js');
  if (!existsSync(main)) return { available: false, reason: `dist/public/sdk.js not built (${build.reason ?? 'build printed no error'})` };
  const sdk = await compressedSizes(main);
  const chunks = {};
  for (const name of readdirSync(dist).filter((f) => /^sdk-.+\.js$/.test(f)).sort()) chunks[name] = await compressedSizes(path.join(dist, name));
  const ortDir = path.join(dist, 'ort');
  const ort = {};
  if (existsSync(ortDir)) for (const name of readdirSync(ortDir).sort()) ort[`ort/${name}`] = await compressedSizes(path.join(ortDir, name));
  return {
    available: true,
    built: build.available ? 'built by scripts/build.mjs in this run' : `build failed (${build.reason}); measured the dist/ already present`,
    sdk,
    lazyChunks: chunks,
    modelRuntimeAssets: ort,
    growthbookReference: { gzip: GROWTHBOOK_GZIP, source: "GrowthBook's stated size of its script tag, 18.0 KB gzip (not measured here)" },
    ratioToGrowthbookGzip: Math.round((sdk.gzip / GROWTHBOOK_GZIP) * 1000) / 1000,
  };
}

async function simulator() {
  return simulatorBench(root, { seeds: SIM_SEEDS, quick, chart: 'bench/simulator.svg' });
}

const steps = [
  ['sdkBytes', sdkBytes],
  ['simulator', simulator],
  ['worker', () => child('bench/worker.mjs', quick ? ['--requests', '500', '--batches', '300'] : [], { timeoutMs: 300_000 })],
  ['junk', () => child('bench/outcomes-junk.mjs', quick ? ['--runs', '1'] : [], { timeoutMs: 300_000 })],
  ['lp', () => child('bench/lp.mjs', quick ? ['--quick'] : [], { timeoutMs: 300_000 })],
  ['scoring', () => child('bench/scoring.mjs', [], { timeoutMs: 240_000 })],
  ['clv', () => child('models/run-ts.mjs', ['bench/clv.ts'], { timeoutMs: 240_000 })],
  ['sdk', () => child('bench/sdk.mjs', quick ? ['--decides', '200', '--tracks', '1000', '--loads', '5'] : [], { timeoutMs: 300_000 })],
  ['hillstrom', () => child('models/run-ts.mjs', ['models/eval/hillstrom.ts'], { timeoutMs: 420_000 })],
];

const started = Date.now();
const results = { generatedAt: new Date().toISOString(), machine: machine(), quick, benchmarks: {} };
const previous = existsSync(path.join(here, 'results.json')) && only ? JSON.parse(readFileSync(path.join(here, 'results.json'), 'utf8')) : null;
for (const [name, step] of steps) {
  if (!wanted(name)) {
    const kept = previous?.benchmarks?.[name];
    if (kept) results.benchmarks[name] = { ...kept, fromEarlierRun: kept.fromEarlierRun ?? previous.generatedAt };
    continue;
  }
  log(`${name}...`);
  const t0 = performance.now();
  let out;
  try {
    out = await step();
  } catch (error) {
    out = { available: false, reason: String(error?.message ?? error).split('\n')[0] };
  }
  out.seconds ??= Math.round((performance.now() - t0) / 100) / 10;
  results.benchmarks[name] = out;
  log(`${name}: ${out.available ? 'done' : `not available (${out.reason})`} in ${out.seconds} s`);
}
results.totalSeconds = Math.round((Date.now() - started) / 1000);
writeFileSync(path.join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
writeReport(results, here);
log(`wrote bench/results.json, bench/RESULTS.md and charts in ${results.totalSeconds} s`);
