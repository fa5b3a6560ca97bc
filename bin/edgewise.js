#!/usr/bin/env node
// The `edgewise` command. The CLI is TypeScript; Node 20 cannot run it directly, so it is bundled once with
// esbuild into node_modules/.cache (rebuilt when a source is newer) and imported from there.
import { build } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'node_modules', '.cache', 'edgewise', 'cli.mjs');
const sourceDirs = ['cli', 'models', 'protocol', 'client-sdk/src', 'optimiser', 'stats', 'customer-value', 'simulator', 'worker/src'];

function newestSource(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

const stale = !existsSync(outfile) || sourceDirs.some((dir) => newestSource(path.join(root, dir)) > statSync(outfile).mtimeMs);
if (stale) {
  await build({
    entryPoints: [path.join(root, 'cli/index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
}
const { main } = await import(pathToFileURL(outfile).href);
process.exitCode = await main(process.argv.slice(2));
