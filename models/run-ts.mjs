// Runs a TypeScript script of the models pipeline (Node 20 cannot strip types): bundled once with esbuild into
// node_modules/.cache, then imported. Usage: node models/run-ts.mjs models/eval/hillstrom.ts [args...]
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node models/run-ts.mjs <script.ts> [args...]');
  process.exit(2);
}
const outfile = path.join(root, 'node_modules', '.cache', 'edgewise', `${path.basename(script, '.ts')}.mjs`);
await build({
  entryPoints: [path.resolve(script)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20',
  packages: 'external', logLevel: 'error',
});
process.argv = [process.argv[0], outfile, ...args];
process.env.EDGEWISE_ROOT = root;
await import(pathToFileURL(outfile).href);
