// The npm package @edgewise/client-sdk (client-sdk/dist): an ES module whose optional parts are dynamic imports
// (the shop's bundler splits them into chunks, as the script tag loads its parts), and type declarations without
// zod, so a fresh TypeScript app type-checks it with `strict` and without `skipLibCheck`.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build as esbuild } from 'esbuild';

/**
 * The scoring folder re-exports its evaluator for the CLI: marked side-effect free, so the re-exports a page does
 * not use drop out (the script tag's build and this one both use it).
 */
export const sideEffectFreeScoring = (args, target) =>
  args.path.startsWith('./') && args.importer.includes(`${path.sep}scoring${path.sep}`) ? { path: target, sideEffects: false } : undefined;

/**
 * Resolves each optional part's source to a shim whose functions import the real module on first call: the
 * same cut as the script tag's, as an `import()` a bundler turns into a chunk of its own.
 */
const lazyImports = (lazy) => ({
  name: 'npm-lazy-parts',
  setup(build) {
    build.onResolve({ filter: /\.ts$/ }, (args) => {
      if (args.namespace === 'npm-lazy') return undefined;
      const target = path.join(args.resolveDir, args.path);
      const part = lazy.find((p) => target.endsWith(path.sep + p.source));
      return part ? { path: target, namespace: 'npm-lazy' } : sideEffectFreeScoring(args, target);
    });
    build.onLoad({ filter: /.*/, namespace: 'npm-lazy' }, (args) => {
      const part = lazy.find((p) => args.path.endsWith(path.sep + p.source));
      const real = JSON.stringify(`./${path.basename(args.path)}`);
      return {
        loader: 'js',
        resolveDir: path.dirname(args.path),
        contents: part.exports.map((name) => `export const ${name} = (...a) => import(${real}).then((m) => m.${name}(...a));`).join('\n'),
      };
    });
  },
});

/**
 * The model runtime (compact ONNX evaluator, ORT loader) is inside the script tag's sdk-models.js through its
 * `entry`; here it is a part of its own, or the splitting would put it in a chunk the entry loads at once.
 */
const NPM_LAZY = [{ source: path.join('scoring', 'runtime.ts'), exports: ['createModel', 'loadModel', 'clearModels'] }];

/**
 * Builds client-sdk/dist: index.js (+ chunks/), index.d.ts and types/.
 * @example await buildPackage({ root, lazy: LAZY, target: TARGET })
 */
export async function buildPackage({ root, lazy, target }) {
  const dist = path.join(root, 'client-sdk/dist');
  rmSync(dist, { recursive: true, force: true });
  const code = esbuild({
    entryPoints: { index: path.join(root, 'client-sdk/src/index.ts') },
    outdir: dist,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    target,
    // ORT is reached only through a runtime import() of a specifier the page may choose (scoring/ort.ts).
    external: ['onnxruntime-web', 'onnxruntime-web/*'],
    // A part with synchronous functions (`sync`) is no cut here: the package's own exports call them directly.
    plugins: [lazyImports([...lazy.filter((p) => !p.sync), ...NPM_LAZY])],
    // Unminified and readable as it is: no source maps to ship.
    logLevel: 'warning',
  });
  // Declarations: tsc's, then written out without zod (declarations.ts, bundled for Node on the fly).
  const cache = path.join(root, 'node_modules/.cache/edgewise');
  const emitted = path.join(cache, 'sdk-types');
  rmSync(emitted, { recursive: true, force: true });
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'client-sdk/tsconfig.types.json'), '--outDir', emitted], {
    stdio: 'inherit',
  });
  const script = path.join(cache, 'declarations.mjs');
  await esbuild({
    entryPoints: [path.join(root, 'client-sdk/npm/declarations.ts')], outfile: script, bundle: true, platform: 'node',
    format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning',
  });
  const { writePackageDeclarations } = await import(`${pathToFileURL(script).href}?t=${Date.now()}`);
  writePackageDeclarations(emitted, 'client-sdk/src/index.d.ts', path.join(dist, 'types'));
  writeFileSync(path.join(dist, 'index.d.ts'), "export * from './types/client-sdk/src/index.js';\n");
  await code;
}
