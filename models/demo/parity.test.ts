// Every demo model (the demo site's and the evaluator fixtures): the file matches its manifest, the compact
// evaluator runs it, and both runtimes agree with the shared case file (onnxruntime's outputs) to 1e-5. The demo
// site's list (models.json) is its pooled model only, scoring every offer of the demo config.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import demoConfig from '../../demo/site-config.json';
import { createModel, featureVector, readOutput } from '../../client-sdk/src/scoring/index.ts';
import { scoreColumns } from '../pipeline/model-dir.ts';
import { DEMO_MODELS_DIR, EVALUATOR_FIXTURES, demoModel, demoModelIds, siteModels } from './folders.ts';

interface ParityCase {
  model: string;
  profile: Record<string, unknown>;
  /** By score column: a role, or "role:offer" for a per-offer column. */
  expected: Record<string, number>;
}

const file = JSON.parse(readFileSync(path.join(DEMO_MODELS_DIR, 'parity-cases.json'), 'utf8')) as { tolerance: number; cases: ParityCase[] };

describe('the demo site\'s models', () => {
  it('are the pooled model, from its folder, scoring every offer of the demo config', () => {
    const site = siteModels();
    expect(site.map((m) => m.id)).toEqual(['demo-pooled']);
    expect(site[0]).toEqual(demoModel('demo-pooled').manifest);
    expect(site[0]!.offers).toEqual(demoConfig.offers.map((o) => o.id));
    expect(site[0]).toMatchObject({ kind: 'uplift', method: 'pooled-s-learner-logistic' });
  });

  it('leave the evaluator fixtures in their folders', () => {
    expect(demoModelIds()).toEqual([...EVALUATOR_FIXTURES, 'demo-pooled'].sort());
  });
});

describe.each(demoModelIds())('demo model %s', (id) => {
  const { manifest, bytes } = demoModel(id);
  const columns = scoreColumns(manifest);
  const cases = file.cases.filter((c) => c.model === id);

  it('has the bytes, hash and manifest it is published with, and cases for every score column', () => {
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(manifest.sha256);
    expect(bytes.length).toBe(manifest.bytes);
    expect(cases.length).toBeGreaterThanOrEqual(10);
    for (const c of cases) expect(Object.keys(c.expected)).toEqual(columns.map((col) => col.key));
  });

  it('runs on the compact evaluator and matches the case file to 1e-5', async () => {
    const model = await createModel(manifest, bytes);
    expect(model.engine).toBe('compact');
    for (const c of cases) {
      const out = await model.run([featureVector(manifest.inputs, c.profile)]);
      for (const col of columns) expect(Math.abs(readOutput(out, col.ref, 0, col.offer)! - c.expected[col.key]!), col.key).toBeLessThanOrEqual(file.tolerance);
    }
  });

  it('runs on onnxruntime-web (wasm) and matches the case file to 1e-5', async () => {
    const model = await createModel(manifest, bytes, { engine: 'ort' });
    expect(model.engine).toBe('ort');
    const out = await model.run(cases.map((c) => featureVector(manifest.inputs, c.profile)));
    cases.forEach((c, i) => {
      for (const col of columns) expect(Math.abs(readOutput(out, col.ref, i, col.offer)! - c.expected[col.key]!), col.key).toBeLessThanOrEqual(file.tolerance);
    });
  });
});
