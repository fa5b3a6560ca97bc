// train-uplift, train-propensity, score and evaluate end to end through the CLI dispatcher.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCsv } from '../../models/data/csv.ts';
import { rng } from '../../models/train/dataset.ts';
import { runCli } from '../testing.ts';

let dir: string;
let data: string;

/** Runs the CLI, returning exit code, stdout (out) and stderr (err). */
async function cli(...argv: string[]) {
  const { code, stdout, stderr } = await runCli(argv);
  return { code, out: stdout, err: stderr };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'edgewise-cli-models-'));
  const random = rng(4);
  // CRLF, a quoted category with a comma, missing values, and a third arm that must be ignored.
  const lines = ['visits,"region",group,bought'];
  for (let i = 0; i < 3000; i++) {
    const visits = Math.floor(random() * 10);
    const region = random() < 0.5 ? '"North, coast"' : 'South';
    const group = ['mail', 'none', 'sms'][Math.floor(random() * 3)]!;
    const effect = group === 'mail' && region === 'South' ? 0.25 : 0;
    const bought = random() < 0.1 + 0.03 * visits + effect ? 1 : 0;
    lines.push(`${random() < 0.05 ? '' : visits},${region},${group},${bought}`);
  }
  data = path.join(dir, 'data.csv');
  writeFileSync(data, lines.join('\r\n'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('edgewise train-uplift / score / evaluate', () => {
  it('trains a T-learner and writes the model, manifest and card', async () => {
    const r = await cli('train-uplift', '--data', data, '--treatment', 'group=mail', '--control', 'group=none', '--outcome', 'bought', '--out', path.join(dir, 'm'));
    expect(r.code).toBe(0);
    for (const f of ['model.onnx', 'manifest.json', 'training.json', 'MODEL_CARD.md']) expect(existsSync(path.join(dir, 'm', f))).toBe(true);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'm', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ id: 'm', kind: 'uplift', method: 't-learner-logistic', outputs: { uplift: 'uplift' } });
    expect(manifest.inputs.map((f: { name: string }) => f.name).sort()).toEqual(['region=North, coast', 'region=South', 'visits']);
    const training = JSON.parse(readFileSync(path.join(dir, 'm', 'training.json'), 'utf8'));
    expect(training.rows.ignoredNeitherArm).toBeGreaterThan(900);
    expect(readFileSync(path.join(dir, 'm', 'MODEL_CARD.md'), 'utf8')).toContain('| qini |');
  });

  it('scores every row in order with the uplift columns appended', async () => {
    const out = path.join(dir, 'scored.csv');
    const r = await cli('score', '--model', path.join(dir, 'm'), '--data', data, '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain('compact engine');
    const input = parseCsv(readFileSync(data, 'utf8'));
    const scored = parseCsv(readFileSync(out, 'utf8'));
    expect(scored.columns).toEqual([...input.columns, 'uplift', 'p_treatment', 'p_control']);
    expect(scored.rows.map((row) => row.slice(0, 4))).toEqual(input.rows);
    // The simulated effect: mail works in the South only.
    const mean = (region: string) => {
      const u = scored.rows.filter((row) => row[1] === region).map((row) => Number(row[4]));
      return u.reduce((a, b) => a + b, 0) / u.length;
    };
    expect(mean('South') - mean('North, coast')).toBeGreaterThan(0.15);
    for (const row of scored.rows) expect(Number(row[4])).toBeCloseTo(Number(row[5]) - Number(row[6]), 6);
  });

  it('evaluates with the arms and outcome it was trained with', async () => {
    const r = await cli('evaluate', '--model', path.join(dir, 'm'), '--data', data, '--json', '--k', '0.3');
    expect(r.code).toBe(0);
    const metrics = JSON.parse(r.out);
    expect(Object.keys(metrics).sort()).toEqual(['ate', 'auc_control', 'auc_treatment', 'qini', 'rows', 'uplift_at_30', 'uplift_at_30_overall'].sort());
    expect(metrics.uplift_at_30).toBeGreaterThan(metrics.ate);
    expect(metrics.qini).toBeGreaterThan(0);
  });

  it('trains boosted trees whose ONNX scores match on the compact evaluator and onnxruntime', async () => {
    const r = await cli('train-uplift', '--data', data, '--treatment', 'group=mail', '--control', 'group=none', '--outcome', 'bought', '--learner', 'gbt', '--trees', '20', '--depth', '2', '--out', path.join(dir, 'gbt'));
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'gbt', 'manifest.json'), 'utf8')).method).toBe('t-learner-gbt');
    const compact = await cli('score', '--model', path.join(dir, 'gbt'), '--data', data, '--out', path.join(dir, 'gbt-compact.csv'));
    const ort = await cli('score', '--model', path.join(dir, 'gbt'), '--data', data, '--out', path.join(dir, 'gbt-ort.csv'), '--engine', 'ort');
    expect(compact.out).toContain('compact engine');
    expect(ort.out).toContain('ort engine');
    const a = parseCsv(readFileSync(path.join(dir, 'gbt-compact.csv'), 'utf8')).rows;
    const b = parseCsv(readFileSync(path.join(dir, 'gbt-ort.csv'), 'utf8')).rows;
    a.forEach((row, i) => [4, 5, 6].forEach((j) => expect(Math.abs(Number(row[j]) - Number(b[i]![j]))).toBeLessThanOrEqual(1e-5)));
    expect(new Set(a.map((row) => row[4])).size).toBeGreaterThan(3);
    expect((await cli('train-propensity', '--data', data, '--outcome', 'bought', '--trees', '5', '--out', path.join(dir, 'bad'))).err).toContain('--trees and --depth need --learner gbt');
  });

  it('leaves --exclude columns out of the default features', async () => {
    const r = await cli('train-uplift', '--data', data, '--treatment', 'group=mail', '--control', 'group=none', '--outcome', 'bought', '--exclude', 'region', '--out', path.join(dir, 'ex'));
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'ex', 'manifest.json'), 'utf8')).inputs.map((f: { name: string }) => f.name)).toEqual(['visits']);
  });

  it('trains a class-transformation model and a propensity model', async () => {
    const ct = await cli('train-uplift', '--data', data, '--treatment', 'group=mail', '--control', 'group=none', '--outcome', 'bought', '--method', 'class-transformation', '--out', path.join(dir, 'ct'), '--id', 'ct-mail', '--offers', 'mail-10');
    expect(ct.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'ct', 'manifest.json'), 'utf8'))).toMatchObject({ id: 'ct-mail', outputs: { uplift: 'uplift' }, offers: ['mail-10'] });
    const p = await cli('train-propensity', '--data', data, '--outcome', 'bought', '--features', 'visits,region', '--onnx-ml', '--out', path.join(dir, 'p'));
    expect(p.code).toBe(0);
    const auc = JSON.parse(p.out.trim().split('\n').pop()!).auc;
    expect(auc).toBeGreaterThan(0.6);
    const e = await cli('evaluate', '--model', path.join(dir, 'p'), '--data', data, '--json');
    expect(JSON.parse(e.out).auc).toBeGreaterThan(0.6);
  });

  it('names unknown columns, one-arm data and bad options', async () => {
    const base = ['train-uplift', '--data', data, '--outcome', 'bought', '--out', path.join(dir, 'x')];
    const unknown = await cli(...base, '--treatment', 'grp=mail', '--control', 'group=none');
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.err).toContain('unknown treatment column "grp"; the data has columns: visits, region, group, bought');
    const oneArm = await cli(...base, '--treatment', 'group=mail', '--control', 'group=email');
    expect(oneArm.err).toContain('one arm only');
    const feature = await cli(...base, '--treatment', 'group=mail', '--control', 'group=none', '--features', 'visits,age');
    expect(feature.err).toContain('unknown feature column "age"');
    const excluded = await cli(...base, '--treatment', 'group=mail', '--control', 'group=none', '--exclude', 'colour');
    expect(excluded.err).toContain('unknown excluded column "colour"');
    const method = await cli(...base, '--treatment', 'group=mail', '--control', 'group=none', '--method', 'x-learner');
    expect(method).toMatchObject({ code: 2 });
    expect(method.err).toContain('--method: expected t-learner or class-transformation, received "x-learner"');
    expect((await cli('score', '--model', path.join(dir, 'nope'), '--data', data, '--out', path.join(dir, 'o.csv'))).err).toContain('expected manifest.json');
  });

  it('checks --source paths as import-model does, and warns about columns no profile attribute backs', async () => {
    const base = ['train-propensity', '--data', data, '--outcome', 'bought', '--out', path.join(dir, 'src')];
    const typo = await cli(...base, '--source', 'visits=pageView');
    expect(typo).toMatchObject({ code: 1 });
    expect(typo.err).toContain('--source visits=pageView: no profile attribute "pageView"; did you mean pageViews');
    const mapped = await cli(...base, '--source', 'visits=pageViews,region=topCategory');
    expect(mapped.code, mapped.err).toBe(0);
    expect(mapped.err).toContain('warning: 3 of 6 inputs are no profile attribute, so a device would always read their fill value, and publishing refuses the model until --source maps them: group\n');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'src', 'manifest.json'), 'utf8'));
    expect(manifest.inputs.find((i: { name: string }) => i.name === 'visits').source).toBe('pageViews');
  });
});
