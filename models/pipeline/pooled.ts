// Training the pooled uplift model end to end: a randomised test's rows -> fit on a split -> holdout metrics ->
// ONNX + manifest (one MatMul, a p_treatment column per offer).
import { createHash } from 'node:crypto';
import { modelManifestSchema } from '../../protocol/index.ts';
import { auc } from '../metrics/index.ts';
import { pooledGraph } from '../onnx/index.ts';
import { split } from '../train/dataset.ts';
import { fitPooledUplift, predictPooled, type PooledOffer, type PooledOptions, type PooledRow } from '../train/pooled.ts';
import type { TrainedModel } from './index.ts';

export interface PooledTrainingOptions extends PooledOptions {
  id: string;
  /** Where the rows came from, for the model card. */
  data: string;
  /** Share of rows held out for the metrics (then the model is refitted on every row). Default 0.3. */
  holdout?: number;
  seed?: number;
}

const r6 = (v: number) => Number(v.toFixed(6));

/**
 * Trains the pooled uplift model on rows of a randomised test in which each shopper saw one of the offers they were
 * eligible for, or none. Metrics on a seeded holdout: AUC and log loss of P(buy | what was shown), and the mean
 * predicted uplift of the offers shown beside the measured one (treated rate minus control rate). The shipped model
 * is refitted on every row.
 * @example const { bytes, manifest } = trainPooledUpliftModel(rows, offers, { id: 'pooled', data: 'test', categories, averageOrderValue: 80 })
 */
export function trainPooledUpliftModel(rows: readonly PooledRow[], offers: readonly PooledOffer[], options: PooledTrainingOptions): TrainedModel {
  const { holdout = 0.3, seed = 1 } = options;
  const s = split(rows.length, holdout, seed);
  const trial = fitPooledUplift(s.train.map((i) => rows[i]!), offers, options);
  const test = s.test.map((i) => rows[i]!);
  const predicted = test.map((r) => {
    const p = predictPooled(trial, r.profile);
    return { shown: r.offerId === null ? p.pControl : p.pTreatment[r.offerId]!, uplift: r.offerId === null ? 0 : p.pTreatment[r.offerId]! - p.pControl };
  });
  const y = test.map((r) => r.bought);
  const treated = test.flatMap((r, i) => (r.offerId === null ? [] : [i]));
  const control = test.flatMap((r, i) => (r.offerId === null ? [i] : []));
  const mean = (idx: number[], f: (i: number) => number) => idx.reduce((a, i) => a + f(i), 0) / Math.max(1, idx.length);
  const metrics = {
    auc: r6(auc(Float64Array.from(predicted, (p) => p.shown), y)),
    log_loss: r6(-mean(test.map((_, i) => i), (i) => Math.log(Math.max(1e-15, y[i] ? predicted[i]!.shown : 1 - predicted[i]!.shown)))),
    predicted_uplift: r6(mean(treated, (i) => predicted[i]!.uplift)),
    measured_uplift: r6(mean(treated, (i) => y[i]!) - mean(control, (i) => y[i]!)),
    rows: rows.length,
  };
  const model = fitPooledUplift(rows, offers, options);
  const method = 'pooled-s-learner-logistic';
  const features = model.inputs.map((f) => f.name);
  const bytes = pooledGraph({ weights: model.weights, bias: model.bias }, { metadata: { method, features: features.join(',') } });
  const manifest = modelManifestSchema.parse({
    id: options.id, kind: 'uplift', method,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
    inputs: model.inputs, inputName: 'input',
    outputs: { p_control: { name: 'p', column: 0 }, p_treatment: { name: 'p', columns: Object.fromEntries(model.offers.map((id, j) => [id, j + 1])) } },
    offers: model.offers,
    metrics,
  });
  return {
    bytes,
    manifest,
    training: {
      kind: 'uplift', method, data: options.data, outcome: 'bought', features, learner: 'logistic',
      l2: options.l2 ?? 0.02, holdout, seed, rows: { train: s.train.length, holdout: s.test.length, ignoredNeitherArm: 0, ignoredMissingOutcome: 0 },
    },
  };
}
