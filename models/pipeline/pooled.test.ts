// The pooled model as it ships: its ONNX file scores every offer on the compact path and under onnxruntime alike,
// as the fit does, and the device reads a column per offer through the manifest.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../stats/prng.ts';
import { createModel } from '../../client-sdk/src/scoring/runtime.ts';
import { featureVector } from '../../client-sdk/src/scoring/features.ts';
import { readRoles } from '../../client-sdk/src/scoring/outputs.ts';
import { predictPooled, fitPooledUplift, type PooledRow } from '../train/pooled.ts';
import { trainPooledUpliftModel } from './pooled.ts';

const offers = [{ id: 'a', category: 'women', redemptionCost: 8 }, { id: 'b', redemptionCost: 0 }];
const options = { id: 'pooled-test', data: 'synthetic', categories: ['women', 'men'], averageOrderValue: 80 };

function rows(n: number): PooledRow[] {
  const r = mulberry32(7);
  return Array.from({ length: n }, () => {
    const profile = { frequency: Math.floor(r() * 4), recencyDays: r() < 0.3 ? null : Math.floor(r() * 100), monetary: r() * 300, discountShare: r(), sessions: 1 + Math.floor(r() * 9), itemViews: Math.floor(r() * 20), tenureDays: Math.floor(r() * 200), categoryAffinity: { women: r() * 3, men: r() * 3 } };
    const k = Math.floor(r() * 3);
    return { profile, offerId: k ? offers[k - 1]!.id : null, bought: r() < 0.05 + 0.05 * k * profile.discountShare ? 1 : 0 };
  });
}

describe('trainPooledUpliftModel', () => {
  const data = rows(6000);
  const trained = trainPooledUpliftModel(data, offers, options);
  const model = fitPooledUplift(data, offers, options);

  it('writes a manifest whose roles name a column per offer of one output', () => {
    expect(trained.manifest).toMatchObject({
      kind: 'uplift', method: 'pooled-s-learner-logistic', offers: ['a', 'b'],
      outputs: { p_control: { name: 'p', column: 0 }, p_treatment: { name: 'p', columns: { a: 1, b: 2 } } },
    });
    expect(trained.manifest.metrics.rows).toBe(6000);
    expect(trained.manifest.metrics.auc).toBeGreaterThan(0.5);
  });

  it('scores on the compact path and under onnxruntime as the fit does', async () => {
    const compact = await createModel(trained.manifest, trained.bytes);
    const ort = await createModel(trained.manifest, trained.bytes, { engine: 'ort' });
    expect(compact.engine).toBe('compact');
    for (const row of data.slice(0, 50)) {
      const x = featureVector(trained.manifest.inputs, row.profile);
      const want = predictPooled(model, row.profile);
      for (const engine of [compact, ort]) {
        const out = await engine.run([x]);
        for (const offer of ['a', 'b']) {
          const roles = readRoles(out, trained.manifest.outputs, 0, offer);
          expect(roles.p_control).toBeCloseTo(want.pControl, 5);
          expect(roles.p_treatment).toBeCloseTo(want.pTreatment[offer]!, 5);
        }
      }
    }
  });
});
