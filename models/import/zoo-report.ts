// The zoo table of issue 14's closing note, measured: each export through importModel + scoreTable (the code of
// `import-model` and `score`), its engine, the largest difference from onnxruntime's expected values, its bytes,
// and the compact evaluator's time per single-row run in Node; Chromium's figures are read from the JSON the
// browser test writes with EDGEWISE_ZOO_REPORT=file.
// node models/run-ts.mjs models/import/zoo-report.ts [chromium.json]
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createModel } from '../../client-sdk/src/scoring/index.ts';
import { parseCsv } from '../data/csv.ts';
import { scoreTable } from '../pipeline/model-dir.ts';
import { importModel } from './index.ts';
import { readZoo, zooDir } from './zoo.ts';

const dir = zooDir();
if (!dir) {
  process.stdout.write('skipped: the ONNX zoo is absent (set EDGEWISE_ONNX_ZOO)\n');
  process.exit(0);
}
const { models, data } = readZoo(dir);
const chromiumFile = process.argv[2];
const chromium = chromiumFile && existsSync(chromiumFile) ? (JSON.parse(readFileSync(chromiumFile, 'utf8')) as Record<string, { chromium?: number; ort?: number }>) : {};
const table = parseCsv(readFileSync(data, 'utf8'));
const e = (v: number | undefined) => (v === undefined ? 'n/a' : v.toExponential(1));
const lines = [
  '| model | engine (why) | max abs diff, Node | max abs diff, Chromium (compact) | max abs diff, Chromium (onnxruntime-web) | export bytes | imported model.onnx bytes | µs per row, Node (median) |',
  '|---|---|---|---|---|---|---|---|',
];
for (const m of models) {
  const raw = new Uint8Array(readFileSync(path.join(dir, m.file)));
  const result = await importModel(raw, {
    id: m.name.replace(/_/g, '-'), role: 'propensity', features: m.feature_names,
    readExternal: (location) => (existsSync(path.join(dir, location)) ? new Uint8Array(readFileSync(path.join(dir, location))) : undefined),
  });
  const { roles, engine } = await scoreTable(table, result.manifest, result.bytes);
  const diff = Math.max(...m.expected.map((v, i) => Math.abs(v - roles.probability![i]!)));
  const model = await createModel(result.manifest, result.bytes);
  const row = Float64Array.from(m.rows[0]!);
  // The median of 9 batches of 1,000 single-row runs, after a warm-up: the machine is shared, so one batch can stall.
  for (let i = 0; i < 500; i++) model.run([row]);
  const batches: number[] = [];
  for (let b = 0; b < 9; b++) {
    const started = performance.now();
    for (let i = 0; i < 1000; i++) model.run([row]);
    batches.push(performance.now() - started);
  }
  const micros = batches.sort((x, y) => x - y)[4]!;
  const external = m.external_data_file ? readFileSync(path.join(dir, m.external_data_file)).length : 0;
  lines.push(`| ${m.name} | ${engine}: ${result.engineReason.replace(/^the compact evaluator runs every op the score needs /, 'ops ').replace(': no wasm download', '')} | ${e(diff)} | ${e(chromium[m.name]?.chromium)} | ${e(chromium[m.name]?.ort)} | ${raw.length}${external ? ` + ${external} (.data)` : ''} | ${result.bytes.length} | ${micros.toFixed(1)} |`);
}
process.stdout.write(`${lines.join('\n')}\n`);
