// Builds everything the worker serves as static assets into dist/public, and the npm ESM build of the SDK.
// Each part owns its build step beside its sources; this file only runs them in order.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'public');

const steps = [
  ['SDK', '../client-sdk/build.mjs'],
  ['demo shop', '../demo/build.mjs'],
  ['marketer console', '../console/build.mjs'],
  ['ORT wasm (self-hosted)', '../models/build.mjs'],
];

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
for (const [name, modulePath] of steps) {
  const started = performance.now();
  const { build } = await import(modulePath);
  await build({ root, outDir });
  if (!process.env.QUIET_BUILD) console.log(`built ${name} in ${Math.round(performance.now() - started)} ms`);
}
