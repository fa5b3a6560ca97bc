// End-to-end training: table -> arms and outcome -> features -> fit -> holdout metrics -> ONNX + manifest.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FeatureSpec, ModelManifest } from '../../protocol/index.ts';
import { modelManifestSchema } from '../../protocol/index.ts';
import { columnIndex, type Table } from '../data/csv.ts';
import { encodeRows, learnFeatures } from '../data/encode.ts';
import { outcomeShadows } from '../data/leakage.ts';
import { auc, ate, qini, upliftAtK } from '../metrics/index.ts';
import { classTransformGraph, propensityGraph, tLearnerGraph } from '../onnx/index.ts';
import { modelCard } from '../card/index.ts';
import { outcomeValue, pick, selectArms, split, type ArmSpec } from '../train/dataset.ts';
import type { GbtOptions } from '../train/gbt.ts';
import { fitProbability, fitUplift, predictProbability, predictUplift, type Learner, type UpliftMethod } from '../train/uplift.ts';

/** How a model was trained: kept beside it as training.json so `evaluate` and `score` can reuse it. */
export interface TrainingSpec {
  kind: 'uplift' | 'propensity';
  method: string;
  data: string;
  outcome: string;
  treatment?: ArmSpec;
  control?: ArmSpec;
  features: string[];
  learner: Learner;
  l2: number;
  gbt?: GbtOptions;
  holdout: number;
  seed: number;
  rows: { train: number; holdout: number; ignoredNeitherArm: number; ignoredMissingOutcome: number };
  /** Columns left out because they are non-zero only when the outcome is 1 (recorded after it): target leakage. */
  leakingColumns?: string[];
}

export interface TrainedModel {
  bytes: Uint8Array;
  manifest: ModelManifest;
  training: TrainingSpec;
}

interface CommonOptions {
  id: string;
  data: string;
  outcome: string;
  features?: string[];
  /** Columns left out when `features` is not given. */
  exclude?: string[];
  /** Column -> profile attribute path on the device. */
  sources?: Record<string, string>;
  offers?: string[];
  l2?: number;
  learner?: Learner;
  gbt?: GbtOptions;
  holdout?: number;
  seed?: number;
  /** Export with ai.onnx.ml LinearClassifier instead of MatMul+Add+Sigmoid. */
  ml?: boolean;
}

export interface UpliftOptions extends CommonOptions {
  treatment: ArmSpec;
  control: ArmSpec;
  method?: UpliftMethod;
}

const r6 = (v: number) => Number(v.toFixed(6));

/**
 * The feature columns: `--features` as given, else every column but the excluded ones and those that shadow the
 * outcome (target leakage, left out and reported rather than trained on).
 */
function featureNames(table: Table, options: CommonOptions, exclude: string[], y: ArrayLike<number>): { features: string[]; leaking: string[] } {
  for (const f of options.features ?? []) columnIndex(table, f, 'feature column');
  for (const f of options.exclude ?? []) columnIndex(table, f, 'excluded column');
  if (options.features) return { features: options.features, leaking: [] };
  const left = [...exclude, ...(options.exclude ?? [])];
  const candidates = table.columns.filter((c) => !left.includes(c));
  const leaking = outcomeShadows(table, candidates, y);
  const features = candidates.filter((c) => !leaking.includes(c));
  if (features.length === 0) throw new Error('no feature columns left: pass --features or check the excluded columns');
  return { features, leaking };
}

function manifestFor(id: string, kind: ModelManifest['kind'], method: string, bytes: Uint8Array, inputs: FeatureSpec[], outputs: Record<string, string>, options: CommonOptions, metrics: Record<string, number>): ModelManifest {
  return modelManifestSchema.parse({
    id, kind, method,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
    inputs, inputName: 'input', outputs,
    offers: options.offers ?? [],
    metrics,
  });
}

/**
 * Trains an uplift model (T-learner or class transformation) and measures it on a seeded holdout.
 * @example trainUpliftModel(table, { id: 'womens', data: 'hillstrom.csv', treatment, control, outcome: 'visit' })
 */
export function trainUpliftModel(table: Table, options: UpliftOptions): TrainedModel {
  const method = options.method ?? 't-learner';
  const { l2 = 1e-3, holdout = 0.3, seed = 1 } = options;
  const arms = selectArms(table, options.treatment, options.control, options.outcome);
  const { features, leaking } = featureNames(arms.table, options, [options.treatment.column, options.control.column, options.outcome], arms.y);
  const s = split(arms.y.length, holdout, seed);
  const train = { columns: arms.table.columns, rows: pick(arms.table.rows, s.train) };
  const test = { columns: arms.table.columns, rows: pick(arms.table.rows, s.test) };
  const specs = learnFeatures(train, { features, ...(options.sources ? { sources: options.sources } : {}) });
  const learner = options.learner ?? 'logistic';
  const fit = fitUplift(method, encodeRows(train, specs), pick(arms.y, s.train), pick(arms.treated, s.train), { learner, l2, ...(options.gbt ? { gbt: options.gbt } : {}) });
  const yTest = pick(arms.y, s.test);
  const tTest = pick(arms.treated, s.test);
  const pred = predictUplift(fit, encodeRows(test, specs));
  const metrics: Record<string, number> = {
    qini: r6(qini(pred.uplift, yTest, tTest)),
    uplift_at_30: r6(upliftAtK(pred.uplift, yTest, tTest, 0.3)),
    uplift_at_10: r6(upliftAtK(pred.uplift, yTest, tTest, 0.1)),
    ate: r6(ate(yTest, tTest)),
  };
  if (pred.pTreatment && pred.pControl) {
    const t = tTest.flatMap((v, i) => (v ? [i] : []));
    const c = tTest.flatMap((v, i) => (v ? [] : [i]));
    metrics.auc_treatment = r6(auc(pick(pred.pTreatment, t), pick(yTest, t)));
    metrics.auc_control = r6(auc(pick(pred.pControl, c), pick(yTest, c)));
  }
  const meta = { metadata: { method, features: specs.map((f) => f.name).join(',') }, features: specs.length, ...(options.ml ? { ml: true } : {}) };
  const bytes = fit.method === 't-learner' ? tLearnerGraph(fit.treatment, fit.control, meta) : classTransformGraph(fit.model, meta);
  const outputs: Record<string, string> =
    fit.method === 't-learner' ? { p_treatment: 'p_treatment', p_control: 'p_control', uplift: 'uplift' } : { uplift: 'uplift' };
  const fullMethod = `${method}-${learner}${options.ml && learner === 'logistic' ? '-onnxml' : ''}`;
  return {
    bytes,
    manifest: manifestFor(options.id, 'uplift', fullMethod, bytes, specs, outputs, options, metrics),
    training: {
      kind: 'uplift', method: fullMethod, data: options.data, outcome: options.outcome,
      treatment: options.treatment, control: options.control, features, learner, l2, ...(options.gbt ? { gbt: options.gbt } : {}), holdout, seed,
      rows: { train: s.train.length, holdout: s.test.length, ignoredNeitherArm: arms.ignored.neitherArm, ignoredMissingOutcome: arms.ignored.missingOutcome },
      ...(leaking.length ? { leakingColumns: leaking } : {}),
    },
  };
}

/**
 * Trains a propensity (response) model P(outcome | features) with AUC on a seeded holdout.
 * @example trainPropensityModel(table, { id: 'buy', data: 'visits.csv', outcome: 'purchased' })
 */
export function trainPropensityModel(table: Table, options: CommonOptions): TrainedModel {
  const { l2 = 1e-3, holdout = 0.3, seed = 1 } = options;
  const yj = columnIndex(table, options.outcome, 'outcome column');
  const keep: number[] = [];
  const y: number[] = [];
  table.rows.forEach((row, i) => {
    const v = outcomeValue(row[yj] ?? null, options.outcome, i);
    if (v !== null) (keep.push(i), y.push(v));
  });
  if (!y.includes(1) || !y.includes(0)) throw new Error(`outcome column "${options.outcome}" has a single value; a propensity model needs both outcomes`);
  const rows = { columns: table.columns, rows: pick(table.rows, keep) };
  const { features, leaking } = featureNames(rows, options, [options.outcome], y);
  const s = split(y.length, holdout, seed);
  const train = { columns: rows.columns, rows: pick(rows.rows, s.train) };
  const test = { columns: rows.columns, rows: pick(rows.rows, s.test) };
  const specs = learnFeatures(train, { features, ...(options.sources ? { sources: options.sources } : {}) });
  const learner = options.learner ?? 'logistic';
  const model = fitProbability(encodeRows(train, specs), pick(y, s.train), { learner, l2, ...(options.gbt ? { gbt: options.gbt } : {}) });
  const p = predictProbability(model, encodeRows(test, specs));
  const yTest = pick(y, s.test);
  const metrics = {
    auc: r6(auc(p, yTest)),
    log_loss: r6(-yTest.reduce((a, v, i) => a + Math.log(Math.max(1e-15, v ? p[i]! : 1 - p[i]!)), 0) / Math.max(yTest.length, 1)),
    base_rate: r6(yTest.reduce((a, v) => a + v, 0) / Math.max(yTest.length, 1)),
  };
  const method = `${learner}${options.ml && learner === 'logistic' ? '-onnxml' : ''}`;
  const bytes = propensityGraph(model, { metadata: { method, features: specs.map((f) => f.name).join(',') }, features: specs.length, ...(options.ml ? { ml: true } : {}) });
  return {
    bytes,
    manifest: manifestFor(options.id, 'propensity', method, bytes, specs, { probability: 'probability' }, options, metrics),
    training: {
      kind: 'propensity', method, data: options.data, outcome: options.outcome, features, learner, l2, ...(options.gbt ? { gbt: options.gbt } : {}), holdout, seed,
      rows: { train: s.train.length, holdout: s.test.length, ignoredNeitherArm: 0, ignoredMissingOutcome: table.rows.length - keep.length },
      ...(leaking.length ? { leakingColumns: leaking } : {}),
    },
  };
}

/**
 * Writes model.onnx, manifest.json, training.json and MODEL_CARD.md into `dir`.
 * @example writeModel('out/womens', trained)
 */
export function writeModel(dir: string, model: TrainedModel): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string | Uint8Array][] = [
    ['model.onnx', model.bytes],
    ['manifest.json', `${JSON.stringify(model.manifest, null, 2)}\n`],
    ['training.json', `${JSON.stringify(model.training, null, 2)}\n`],
    ['MODEL_CARD.md', modelCard(model.manifest, model.training)],
  ];
  for (const [name, content] of files) writeFileSync(path.join(dir, name), content);
  return files.map(([name]) => path.join(dir, name));
}
