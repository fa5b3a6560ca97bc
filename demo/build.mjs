// Build step for the demo shop served at /demo: the static page, its catalogue, and shop.js bundled (its shopper
// panels word the profile with the SDK's own words.ts).
import { copyFileSync, cpSync } from 'node:fs';
import path from 'node:path';
import { build as esbuild } from 'esbuild';

export async function build({ root, outDir }) {
  const out = path.join(outDir, 'demo');
  cpSync(path.join(root, 'demo/shop'), out, { recursive: true, filter: (file) => !file.endsWith('shop.js') });
  copyFileSync(path.join(root, 'demo/catalogue.json'), path.join(out, 'catalogue.json'));
  await esbuild({
    entryPoints: [path.join(root, 'demo/shop/shop.js')], outfile: path.join(out, 'shop.js'), bundle: true, format: 'esm',
    target: 'es2022', minify: true, legalComments: 'none', logLevel: 'warning',
  });
}
