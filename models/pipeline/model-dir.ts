// A trained model's folder (model.onnx, manifest.json, training.json) and scoring a table with it through the
// SDK's own runtime, so offline scores are exactly what devices compute.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { formatPath, modelManifestSchema, type ModelManifest, type OutputRef } from '../../protocol/index.ts';
import { manifestProblems } from '../onnx/check.ts';
import { readOnnx } from '../onnx/read.ts';
import { createModel, featureVector, readOutput, type LoadedModel } from '../../client-sdk/src/scoring/index.ts';
import type { Table } from '../data/csv.ts';
import { profileRecord } from '../data/encode.ts';
import type { TrainingSpec } from './index.ts';

export interface ModelDir {
  manifest: ModelManifest;
  bytes: Uint8Array;
  training: TrainingSpec | null;
}

/**
 * Reads and validates a model folder; errors name the missing or invalid file.
 * @example const { manifest, bytes } = readModelDir('out/womens')
 */
export function readModelDir(dir: string): ModelDir {
  const file = (name: string) => {
    const full = path.join(dir, name);
    if (!existsSync(full)) throw new Error(`model folder "${dir}": expected ${name}, found none`);
    return full;
  };
  const parsed = modelManifestSchema.safeParse(JSON.parse(readFileSync(file('manifest.json'), 'utf8')));
  if (!parsed.success) throw new Error(`model folder "${dir}": manifest.json is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const training = existsSync(path.join(dir, 'training.json')) ? (JSON.parse(readFileSync(path.join(dir, 'training.json'), 'utf8')) as TrainingSpec) : null;
  const bytes = new Uint8Array(readFileSync(file('model.onnx')));
  // The manifest must fit its file (the edge checks the same at publish); CSV columns need not be profile attributes.
  let problems;
  try {
    problems = manifestProblems(parsed.data, readOnnx(bytes), { profile: false });
  } catch (error) {
    throw new Error(`model folder "${dir}": model.onnx is not a well-formed ONNX model: ${(error as Error).message}`);
  }
  if (problems.length) throw new Error(`model folder "${dir}": manifest.json does not fit model.onnx: ${problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join('; ')}`);
  return { manifest: parsed.data, bytes, training };
}

/** Output roles per row, by role name (per-offer columns as "role:offer"); roles the model lacks are absent. */
export type RoleColumns = Partial<Record<string, Float64Array>>;

/** One score column: a role, or a role's column for one offer. */
export interface ScoreColumn {
  key: string;
  ref: OutputRef;
  offer?: string;
}

/**
 * The score columns a manifest gives, in order: one per role, or one per offer for a per-offer role.
 * @example scoreColumns(manifest) // [{ key: 'probability', ref: { name: 'probabilities', column: 1 } }]
 */
export function scoreColumns(manifest: ModelManifest): ScoreColumn[] {
  return Object.entries(manifest.outputs).flatMap(([role, ref]): ScoreColumn[] =>
    typeof ref !== 'string' && 'columns' in ref ? Object.keys(ref.columns).map((offer) => ({ key: `${role}:${offer}`, ref, offer })) : [{ key: role, ref }],
  );
}

/**
 * Scores every row: the row becomes a profile-like record (columns keyed by device attribute), then the SDK's
 * featureVector, compiled model and output reader run on it, in batches.
 * @example const { roles, engine } = await scoreTable(table, manifest, bytes)
 */
export async function scoreTable(table: Table, manifest: ModelManifest, bytes: Uint8Array, options: { engine?: 'auto' | 'ort' } = {}): Promise<{ roles: RoleColumns; engine: LoadedModel['engine'] }> {
  const model = await createModel(manifest, bytes, options.engine ? { engine: options.engine } : {});
  const columns = scoreColumns(manifest);
  const roles: RoleColumns = {};
  for (const { key } of columns) roles[key] = new Float64Array(table.rows.length);
  const batch = 2048;
  for (let start = 0; start < table.rows.length; start += batch) {
    const rows = table.rows.slice(start, start + batch).map((row) => featureVector(manifest.inputs, profileRecord(table, row, manifest.inputs)));
    const out = await model.run(rows);
    for (const { key, ref, offer } of columns) {
      const values = roles[key]!;
      try {
        for (let r = 0; r < rows.length; r++) values[start + r] = readOutput(out, ref, r, offer)!;
      } catch (error) {
        throw new Error(`model ${manifest.id}: ${key}: ${(error as Error).message}`);
      }
    }
  }
  return { roles, engine: model.engine };
}
