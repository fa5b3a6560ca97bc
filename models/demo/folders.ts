// The demo model folders as tests and benchmarks read them: the demo site's models (models.json, what the seeded
// demo config lists) and the evaluator fixtures, each from its own folder.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { modelManifestSchema, type ModelManifest } from '../../protocol/index.ts';

export const DEMO_MODELS_DIR = path.dirname(new URL(import.meta.url).pathname);

/**
 * Models kept as fixtures of the evaluator tests, not shipped in the demo site's config: a T-learner (logistic),
 * class transformation, a T-learner of boosted trees (TreeEnsembleRegressor) and an ai.onnx.ml LinearClassifier.
 */
export const EVALUATOR_FIXTURES = ['demo-women-15', 'demo-winback-25', 'demo-shoes-20', 'demo-purchase'] as const;

/**
 * A demo model's manifest and bytes, from models/demo/<id>/.
 * @example const { manifest, bytes } = demoModel('demo-women-15')
 */
export function demoModel(id: string): { manifest: ModelManifest; bytes: Uint8Array<ArrayBuffer> } {
  const dir = path.join(DEMO_MODELS_DIR, id);
  return {
    manifest: modelManifestSchema.parse(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'))),
    bytes: new Uint8Array(readFileSync(path.join(dir, 'model.onnx'))),
  };
}

/** Every demo model folder (the site's models and the fixtures), by id. */
export function demoModelIds(): string[] {
  return readdirSync(DEMO_MODELS_DIR).filter((d) => existsSync(path.join(DEMO_MODELS_DIR, d, 'manifest.json'))).sort();
}

/** The demo site's models: the manifests scripts/seed-demo.mjs puts in the demo config. */
export function siteModels(): ModelManifest[] {
  return (JSON.parse(readFileSync(path.join(DEMO_MODELS_DIR, 'models.json'), 'utf8')) as unknown[]).map((m) => modelManifestSchema.parse(m));
}
