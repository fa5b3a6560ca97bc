// The ONNX zoo beside the project (../shared/models/onnx-zoo): real default exports of scikit-learn, LightGBM,
// XGBoost and PyTorch models with onnxruntime's expected values. Read in place, never copied into the repository.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One zoo model as cases.json describes it (the fields import and scoring tests read). */
export interface ZooModel {
  name: string;
  file: string;
  external_data_file: string | null;
  feature_names: string[];
  input: { name: string; dtype: string; shape: (number | null)[] };
  target: { output: string; column?: number; zipmap_key?: number | string; how: string };
  rows: number[][];
  expected: number[];
  ops: string[];
}

// Scripts run through models/run-ts.mjs are bundled elsewhere; it says where the project is.
const root = process.env.EDGEWISE_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The zoo folder: $EDGEWISE_ONNX_ZOO, else shared/models/onnx-zoo beside the project (or beside the folder of
 * worktrees it is in); undefined when absent.
 * @example const dir = zooDir(); if (!dir) skip('zoo absent')
 */
export function zooDir(): string | undefined {
  const candidates = [process.env.EDGEWISE_ONNX_ZOO, path.join(root, '..', 'shared', 'models', 'onnx-zoo'), path.join(root, '..', '..', 'shared', 'models', 'onnx-zoo')];
  return candidates.find((dir): dir is string => !!dir && existsSync(path.join(dir, 'cases.json')));
}

/**
 * The zoo's models and the path of its data.csv (the same 200 rows as every model's `rows`).
 * @example const { models, data } = readZoo(dir)
 */
export function readZoo(dir: string): { models: ZooModel[]; data: string } {
  const cases = JSON.parse(readFileSync(path.join(dir, 'cases.json'), 'utf8')) as { models: ZooModel[] };
  return { models: cases.models, data: path.join(dir, 'data.csv') };
}

/** Where a zoo model's score is, as a column of its output: ZipMap keys are class labels in order 0, 1. */
export function zooColumn(model: ZooModel): number {
  return model.target.column ?? Number(model.target.zipmap_key ?? 0);
}
