// Every shipped demo model: the file matches its manifest, the compact evaluator runs it, and both runtimes
// agree with the shared case file (onnxruntime's outputs) to 1e-5.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelManifestSchema } from '../../protocol/index.ts';
import { createModel, featureVector, readOutput } from '../../client-sdk/src/scoring/index.ts';

interface ParityCase {
  model: string;
  profile: Record<string, unknown>;
  expected: Record<string, number>;
}

const dir = path.dirname(new URL(import.meta.url).pathname);
const manifests = (JSON.parse(readFileSync(path.join(dir, 'models.json'), 'utf8')) as unknown[]).map((m) => modelManifestSchema.parse(m));
const file = JSON.parse(readFileSync(path.join(dir, 'parity-cases.json'), 'utf8')) as { tolerance: number; cases: ParityCase[] };

describe.each(manifests.map((m) => [m.id, m] as const))('shipped model %s', (id, manifest) => {
  const bytes = new Uint8Array(readFileSync(path.join(dir, id, 'model.onnx')));
  const cases = file.cases.filter((c) => c.model === id);

  it('has the bytes, hash and manifest it is published with', () => {
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(manifest.sha256);
    expect(bytes.length).toBe(manifest.bytes);
    expect(JSON.parse(readFileSync(path.join(dir, id, 'manifest.json'), 'utf8'))).toEqual(manifest);
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  it('runs on the compact evaluator and matches the case file to 1e-5', async () => {
    const model = await createModel(manifest, bytes);
    expect(model.engine).toBe('compact');
    for (const c of cases) {
      const out = await model.run([featureVector(manifest.inputs, c.profile)]);
      for (const [role, value] of Object.entries(c.expected))
        expect(Math.abs(readOutput(out, manifest.outputs[role]!, 0)! - value)).toBeLessThanOrEqual(file.tolerance);
    }
  });

  it('runs on onnxruntime-web (wasm) and matches the case file to 1e-5', async () => {
    const model = await createModel(manifest, bytes, { engine: 'ort' });
    expect(model.engine).toBe('ort');
    const out = await model.run(cases.map((c) => featureVector(manifest.inputs, c.profile)));
    cases.forEach((c, i) => {
      for (const [role, value] of Object.entries(c.expected))
        expect(Math.abs(readOutput(out, manifest.outputs[role]!, i)! - value)).toBeLessThanOrEqual(file.tolerance);
    });
  });
});
