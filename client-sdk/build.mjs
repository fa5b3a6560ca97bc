// Build step for the SDK: the script-tag IIFE (dist/public/sdk.js), its lazily loaded parts
// (dist/public/sdk-*.js), and the npm ESM build with its type declarations (client-sdk/dist).
import { execFileSync } from 'node:child_process';
import { build as esbuild } from 'esbuild';
import path from 'node:path';

// Browsers the script tag supports: native class fields and `??=` save bytes over lowered helpers.
const TARGET = ['es2022', 'chrome94', 'firefox93', 'safari15'];

/**
 * The script tag is one classic script, so it cannot code-split; the model runtime (compact ONNX evaluator,
 * ORT fallback) is instead built as its own ESM file and reached through a dynamic import() shim resolved
 * against the script's own URL. Only configs with models ever download it.
 */
const lazyModelRuntime = {
  name: 'lazy-model-runtime',
  setup(build) {
    build.onResolve({ filter: /^\.\/runtime\.ts$/ }, (args) =>
      args.importer.includes(`${path.sep}scoring${path.sep}`) ? { path: 'runtime-shim', namespace: 'edgewise' } : undefined,
    );
    // The scoring folder re-exports its evaluator for the CLI; declaring it side-effect free lets unused
    // re-exports drop out of the IIFE.
    build.onResolve({ filter: /\.\/(evaluate|decode|ort|features)\.ts$/ }, (args) =>
      args.importer.includes(`${path.sep}scoring${path.sep}`)
        ? { path: path.join(path.dirname(args.importer), args.path), sideEffects: false }
        : undefined,
    );
    build.onLoad({ filter: /^runtime-shim$/, namespace: 'edgewise' }, () => ({
      loader: 'js',
      contents: `
        const src = document.currentScript && document.currentScript.src;
        let mod;
        const load = () => (mod ??= import(new URL('sdk-models.js', src || location.href).href));
        export const loadModel = (...a) => load().then((m) => m.loadModel(...a));
        export const createModel = (...a) => load().then((m) => m.createModel(...a));
        export const clearModels = () => { if (mod) mod.then((m) => m.clearModels()); };`,
    }));
  },
};

/**
 * Optional parts the source loads with `import()`: in the script tag they stay separate ESM files beside
 * sdk.js, fetched (relative to the script's own URL) only by pages that use them.
 */
const LAZY = { [path.join('events', 'datalayer.ts')]: 'sdk-datalayer.js' };

const lazyChunks = {
  name: 'lazy-chunks',
  setup(build) {
    build.onResolve({ filter: /\.ts$/ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const target = path.join(args.resolveDir, args.path);
      const chunk = Object.entries(LAZY).find(([source]) => target.endsWith(source));
      return chunk ? { path: `./${chunk[1]}`, external: true } : undefined;
    });
  },
};

export async function build({ root, outDir }) {
  const src = (file) => path.join(root, 'client-sdk/src', file);
  await Promise.all([
    ...Object.entries(LAZY).map(([source, file]) =>
      esbuild({
        entryPoints: [src(source)],
        outfile: path.join(outDir, file),
        bundle: true,
        minify: true,
        format: 'esm',
        target: TARGET,
        logLevel: 'warning',
      }),
    ),
    esbuild({
      entryPoints: [src('script-tag.ts')],
      outfile: path.join(outDir, 'sdk.js'),
      bundle: true,
      minify: true,
      format: 'iife',
      target: TARGET,
      plugins: [lazyModelRuntime, lazyChunks],
      logLevel: 'warning',
    }),
    esbuild({
      entryPoints: [src('scoring/runtime.ts')],
      outfile: path.join(outDir, 'sdk-models.js'),
      bundle: true,
      minify: true,
      format: 'esm',
      target: TARGET,
      // ORT stays a runtime import() of its own; it is never inlined here either.
      external: ['onnxruntime-web', 'onnxruntime-web/*'],
      logLevel: 'warning',
    }),
    // npm: unminified ESM with idb left as a dependency, so the shop's bundler dedupes and tree-shakes it.
    esbuild({
      entryPoints: [src('index.ts')],
      outfile: path.join(root, 'client-sdk/dist/index.js'),
      bundle: true,
      format: 'esm',
      target: TARGET,
      external: ['idb', 'onnxruntime-web', 'onnxruntime-web/*'],
      sourcemap: true,
      logLevel: 'warning',
    }),
  ]);
  // Declarations for npm users (tsc is fast enough to run on every build: about half a second).
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'client-sdk/tsconfig.types.json')], {
    stdio: 'inherit',
  });
}
