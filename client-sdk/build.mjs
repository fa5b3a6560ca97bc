// Build step for the SDK: the script-tag IIFE (dist/public/sdk.js) and the npm ESM build (client-sdk/dist).
import { build as esbuild } from 'esbuild';
import path from 'node:path';

export async function build({ root, outDir }) {
  await esbuild({
    entryPoints: [path.join(root, 'client-sdk/src/script-tag.ts')],
    outfile: path.join(outDir, 'sdk.js'),
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    logLevel: 'warning',
  });
}
