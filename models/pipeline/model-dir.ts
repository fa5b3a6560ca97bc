// A trained model's folder (model.onnx, manifest.json, training.json) and scoring a table with it through the
// SDK's own runtime, so offline scores are exactly what devices compute.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { modelManifestSchema, type ModelManifest } from '../../protocol/index.ts';
import { createModel, featureVector, type LoadedModel } from '../../client-sdk/src/scoring/index.ts';
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
  return { manifest: parsed.data, bytes: new Uint8Array(readFileSync(file('model.onnx'))), training };
}

/** Output roles per row, by role name; roles the model lacks are absent. */
export type RoleColumns = Partial<Record<string, Float64Array>>;

/**
 * Scores every row: the row becomes a profile-like record (columns keyed by device attribute), then the SDK's
 * featureVector and compiled model run on it, in batches.
 * @example const { roles, engine } = await scoreTable(table, manifest, bytes)
 */
export async function scoreTable(table: Table, manifest: ModelManifest, bytes: Uint8Array, options: { engine?: 'auto' | 'ort' } = {}): Promise<{ roles: RoleColumns; engine: LoadedModel['engine'] }> {
  const model = await createModel(manifest, bytes, options.engine ? { engine: options.engine } : {});
  const roles: RoleColumns = {};
  for (const role of Object.keys(manifest.outputs)) roles[role] = new Float64Array(table.rows.length);
  const batch = 2048;
  for (let start = 0; start < table.rows.length; start += batch) {
    const rows = table.rows.slice(start, start + batch).map((row) => featureVector(manifest.inputs, profileRecord(table, row, manifest.inputs)));
    const out = await model.run(rows);
    for (const [role, name] of Object.entries(manifest.outputs)) {
      const values = out[name];
      if (!values) throw new Error(`model ${manifest.id}: output "${name}" (role ${role}) not produced by the graph`);
      roles[role]!.set(values.data.subarray(0, rows.length), start);
    }
  }
  return { roles, engine: model.engine };
}
