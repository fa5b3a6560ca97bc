// Options shared by train-uplift and train-propensity.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { unmappedWarning } from '../../models/import/features.ts';
import { writeModel, type TrainedModel } from '../../models/pipeline/index.ts';
import { featureSourceProblem } from '../../protocol/index.ts';
import { CliError, numberOption, required } from '../command.ts';

export const commonTrainingOptions = {
  data: { type: 'string' },
  outcome: { type: 'string' },
  features: { type: 'string' },
  exclude: { type: 'string' },
  source: { type: 'string' },
  offers: { type: 'string' },
  out: { type: 'string' },
  id: { type: 'string' },
  l2: { type: 'string' },
  learner: { type: 'string' },
  trees: { type: 'string' },
  depth: { type: 'string' },
  holdout: { type: 'string' },
  seed: { type: 'string' },
  'onnx-ml': { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

export const TRAINING_HELP = `[--features a,b,... | --exclude c,d,...] [--source col=profile.path,...]
       [--offers id,...] [--id ID] [--learner logistic|gbt] [--l2 0.001] [--trees 100] [--depth 3]
       [--holdout 0.3] [--seed 1] [--onnx-ml]

  --features  columns to learn from (default: every column but the arm and outcome columns)
  --exclude   columns to leave out of the default (e.g. other outcomes that would leak the answer)
  --source    device profile attribute each column maps to (default: the column name; see models/README.md)
  --offers    offers the model scores on devices (default: every offer)
  --learner   logistic regression (default) or gradient-boosted trees (--trees, --depth)
  --onnx-ml   export with ai.onnx.ml LinearClassifier instead of MatMul+Add+Sigmoid`;

const list = (v: unknown) => (typeof v === 'string' && v !== '' ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

const number = (values: Record<string, unknown>, name: string, min: number, max: number) =>
  numberOption(values, name, (v) => Number.isFinite(v) && v >= min && v <= max, `a number from ${min} to ${max}`);

/** Validated common options: a readable data file, an output folder, the model id and numeric settings. */
export function readCommon(values: Record<string, unknown>) {
  const data = required(values, 'data');
  if (!existsSync(data)) throw new CliError(`--data: file "${data}" does not exist`);
  const out = required(values, 'out');
  const id = (values.id as string | undefined) ?? path.basename(path.resolve(out)).replace(/[^a-z0-9_-]/gi, '-').slice(0, 64);
  const sources: Record<string, string> = {};
  for (const pair of list(values.source) ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`--source: expected column=profile.path, received "${pair}"`, 2);
    sources[pair.slice(0, at)] = pair.slice(at + 1);
    // The same check as import-model and publish: an explicit path must be a profile attribute.
    const problem = featureSourceProblem(pair.slice(at + 1), 'onehot');
    if (problem) throw new CliError(`--source ${pair}: ${problem}`);
  }
  const features = list(values.features);
  const exclude = list(values.exclude);
  if (features && exclude) throw new CliError('pass --features or --exclude, not both', 2);
  const offers = list(values.offers);
  const l2 = number(values, 'l2', 0, 1e6);
  const holdout = number(values, 'holdout', 0.05, 0.9);
  const seed = number(values, 'seed', 0, 2 ** 31);
  const learner = values.learner ?? 'logistic';
  if (learner !== 'logistic' && learner !== 'gbt') throw new CliError(`--learner: expected logistic or gbt, received "${String(learner)}"`, 2);
  const trees = number(values, 'trees', 1, 2000);
  const depth = number(values, 'depth', 1, 8);
  if (learner !== 'gbt' && (trees !== undefined || depth !== undefined)) throw new CliError('--trees and --depth need --learner gbt', 2);
  return {
    data, out, id,
    outcome: required(values, 'outcome'),
    ...(features ? { features } : {}),
    ...(exclude ? { exclude } : {}),
    ...(offers ? { offers } : {}),
    ...(Object.keys(sources).length ? { sources } : {}),
    ...(l2 !== undefined ? { l2 } : {}),
    learner: learner as 'logistic' | 'gbt',
    ...(learner === 'gbt' ? { gbt: { trees: trees ?? 100, depth: depth ?? 3 } } : {}),
    ...(holdout !== undefined ? { holdout } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(values['onnx-ml'] ? { ml: true } : {}),
  };
}

/**
 * Writes a trained model into `out` and reports it: the files and metrics on stdout, left-out leaking columns on
 * stderr. Shared by train-uplift and train-propensity.
 * @example reportModel(common.out, trainUpliftModel(table, options))
 */
export function reportModel(out: string, model: TrainedModel): void {
  const files = writeModel(out, model);
  const unmapped = unmappedWarning(model.manifest.inputs);
  if (unmapped) process.stderr.write(`warning: ${unmapped}\n`);
  const leaking = model.training.leakingColumns;
  if (leaking?.length)
    process.stderr.write(`left out ${leaking.join(', ')}: non-zero only when ${model.training.outcome} is 1, so recorded after it (target leakage); name them in --features to keep them\n`);
  process.stdout.write(`${files.join('\n')}\n${JSON.stringify(model.manifest.metrics)}\n`);
}
