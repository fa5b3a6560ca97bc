// Every model of the ONNX zoo (real default exports of scikit-learn, LightGBM, XGBoost and PyTorch) through
// `edgewise import-model` and `edgewise score`, as a data scientist runs them: the score is the column the zoo
// says is P(visit = 1) (or the regression value), within 1e-5 of onnxruntime's values, on the compact path.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/testing.ts';
import { createModel } from '../../client-sdk/src/scoring/index.ts';
import { formatCsv, parseCsv } from '../data/csv.ts';
import { auc } from '../metrics/index.ts';
import { readZoo, zooColumn, zooDir } from './zoo.ts';

const dir = zooDir();
const zoo = dir ? readZoo(dir) : undefined;
const out = mkdtempSync(path.join(os.tmpdir(), 'edgewise-zoo-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.skipIf(!zoo)(`the ONNX zoo (${dir ?? 'absent: set EDGEWISE_ONNX_ZOO or put shared/models/onnx-zoo beside the project'})`, () => {
  it.each((zoo?.models ?? []).map((m) => [m.name, m] as const))('%s: import-model + score match onnxruntime within 1e-5 on the compact path', async (name, model) => {
    const target = path.join(out, name);
    const imported = await runCli(['import-model', '--onnx', path.join(dir!, model.file), '--role', 'propensity', '--features', model.feature_names.join(','), '--out', target, '--id', name.replace(/_/g, '-')]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('engine   compact:');
    // Hillstrom's columns are no profile attributes: said at import, refused at publish.
    expect(imported.stderr).toContain('11 of 11 inputs are no profile attribute');
    const manifest = JSON.parse(readFileSync(path.join(target, 'manifest.json'), 'utf8'));
    const ref = manifest.outputs.probability;
    expect(typeof ref === 'string' ? { name: ref, column: 0 } : ref).toEqual({ name: model.target.output, column: zooColumn(model) });
    expect(manifest.inputName).toBe(model.input.name);

    const scored = await runCli(['score', '--model', target, '--data', zoo!.data, '--out', path.join(out, `${name}.csv`)]);
    expect(scored.code, scored.stderr).toBe(0);
    expect(scored.stdout).toContain('(compact engine)');
    const table = parseCsv(readFileSync(path.join(out, `${name}.csv`), 'utf8'));
    const p = table.columns.indexOf('probability');
    const values = table.rows.map((row) => Number(row[p]));
    expect(values).toHaveLength(model.expected.length);
    const diff = Math.max(...values.map((v, i) => Math.abs(v - model.expected[i]!)));
    expect(diff).toBeLessThanOrEqual(1e-5);
    // The other column would have been far off: the right one is read, not just any number.
    if (model.target.output !== 'variable' && model.target.output !== 'output') expect(Math.max(...values.map((v, i) => Math.abs(1 - v - model.expected[i]!)))).toBeGreaterThan(0.1);
  });

  const hillstrom = path.join(dir ?? '', '..', '..', 'datasets', 'hillstrom.csv');
  it.skipIf(!existsSync(hillstrom))('evaluate reads P(visit = 1), not the interleaved [N, 2] values: its AUC is the model\'s', async () => {
    // The 200 zoo rows with their Hillstrom outcome (data.csv's `row` is the 0-based data row of hillstrom.csv).
    const source = parseCsv(readFileSync(hillstrom, 'utf8'));
    const visit = source.columns.indexOf('visit');
    const rows = parseCsv(readFileSync(zoo!.data, 'utf8'));
    const labelled = path.join(out, 'labelled.csv');
    writeFileSync(labelled, formatCsv([...rows.columns, 'visit'], rows.rows.map((row) => [...row, source.rows[Number(row[0])]![visit]!])));
    const model = zoo!.models.find((m) => m.name === 'sk_logreg')!;
    const target = path.join(out, 'sk_logreg-eval');
    expect((await runCli(['import-model', '--onnx', path.join(dir!, model.file), '--role', 'propensity', '--features', model.feature_names.join(','), '--out', target])).code).toBe(0);
    const evaluated = await runCli(['evaluate', '--model', target, '--data', labelled, '--outcome', 'visit', '--json']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const y = rows.rows.map((row) => Number(source.rows[Number(row[0])]![visit]));
    const expectedAuc = auc(model.expected, y);
    expect(JSON.parse(evaluated.stdout).auc).toBeCloseTo(expectedAuc, 6);
    expect(expectedAuc).toBeGreaterThan(0.55);
  });

  it('refuses a boosted regressor given 3, 10 or 12 inputs where it takes 11, on either engine', async () => {
    const model = zoo!.models.find((m) => m.name === 'sk_gbr')!;
    const bytes = new Uint8Array(readFileSync(path.join(dir!, model.file)));
    for (const width of [3, 10, 12]) {
      const manifest = { id: 'gbr', kind: 'propensity' as const, sha256: '0'.repeat(64), inputName: 'X', offers: [], metrics: {}, outputs: { probability: 'variable' },
        inputs: Array.from({ length: width }, (_, i) => ({ kind: 'numeric' as const, name: `x${i}`, source: `x${i}`, fill: 0 })) };
      await expect(createModel(manifest, bytes)).rejects.toThrow(`the model's input "X" has 11 columns; the manifest gives ${width} inputs`);
      const imported = await runCli(['import-model', '--onnx', path.join(dir!, model.file), '--role', 'propensity', '--features', model.feature_names.slice(0, width).concat(width > 11 ? ['extra'] : []).join(','), '--out', path.join(out, `gbr-${width}`)]);
      expect(imported.stderr).toContain(`input "X" takes 11 columns; --features names ${width}`);
    }
  });

  it('writes a ZipMap export that onnxruntime-web runs too (the fallback engine), with the same scores', async () => {
    const model = zoo!.models.find((m) => m.name === 'sk_gbc')!;
    const target = path.join(out, 'sk_gbc-ort');
    expect((await runCli(['import-model', '--onnx', path.join(dir!, model.file), '--role', 'propensity', '--features', model.feature_names.join(','), '--out', target])).code).toBe(0);
    const scored = await runCli(['score', '--model', target, '--data', zoo!.data, '--out', path.join(out, 'sk_gbc-ort.csv'), '--engine', 'ort']);
    expect(scored.stdout).toContain('(ort engine)');
    const table = parseCsv(readFileSync(path.join(out, 'sk_gbc-ort.csv'), 'utf8'));
    const p = table.columns.indexOf('probability');
    table.rows.forEach((row, i) => expect(Math.abs(Number(row[p]) - model.expected[i]!)).toBeLessThanOrEqual(1e-5));
  });
});
