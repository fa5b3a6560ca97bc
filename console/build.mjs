// Build step for the marketer console served at /admin/: one minified ES module, its CSS and index.html.
import { build as esbuild } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export async function build({ root, outDir }) {
  const out = path.join(outDir, 'admin');
  mkdirSync(out, { recursive: true });
  await esbuild({
    entryPoints: [path.join(root, 'console/src/main.ts')],
    outfile: path.join(out, 'console.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
    // The SDK's model runtime reaches ORT through a non-literal import(); nothing heavy is bundled.
    logLevel: 'warning',
    legalComments: 'none',
  });
  copyFileSync(path.join(root, 'console/index.html'), path.join(out, 'index.html'));
  copyFileSync(path.join(root, 'console/style.css'), path.join(out, 'console.css'));
}
