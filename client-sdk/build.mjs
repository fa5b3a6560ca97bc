// Build step for the SDK: the script-tag IIFE (dist/public/sdk.js), its lazily loaded parts
// (dist/public/sdk-*.js), and the npm package with its type declarations (client-sdk/dist, npm/build.mjs).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { buildPackage, sideEffectFreeScoring } from './npm/build.mjs';

// Browsers the script tag supports: native class fields and `??=` save bytes over lowered helpers.
export const TARGET = ['es2022', 'chrome94', 'firefox93', 'safari15'];

/**
 * Optional parts of the script tag. The script tag is one classic script, so it cannot code-split: each part is
 * built as its own ESM file beside sdk.js, and inside sdk.js the source file is swapped for a shim whose
 * functions (all async in the source too) import that file relative to the script's own URL on first call.
 * Cross-origin shops need `Access-Control-Allow-Origin` on these files (module scripts are fetched with CORS).
 * `entry` is what the chunk exports; `sync` names its synchronous functions, with their answer before it is in.
 * The npm package makes the same cut with import() (npm/build.mjs), `sync` parts aside; the tests use the source
 * files directly.
 */
export const LAZY = [
  {
    source: path.join('events', 'datalayer.ts'),
    chunk: 'sdk-datalayer.js',
    exports: ['watchDataLayer'],
  },
  {
    // explain(slot): the Explanation is built from the decision's trace only when a page asks for it.
    source: path.join('decide', 'explanation.ts'),
    chunk: 'sdk-explain.js',
    exports: ['explainDecision'],
  },
  {
    // Reporting: opening and closing units (their report sets) and sending outcome batches, off the decision
    // path, fetched once a page may report.
    source: path.join('sync', 'deliver.ts'),
    chunk: 'sdk-send.js',
    exports: ['deliverDue', 'warmDelivery', 'openUnit', 'closeUnits'],
  },
  {
    // The condition operators few rules use ($regex, $elemMatch, $all, $size, $type, $v*, case-insensitive):
    // fetched when a config whose rules use one is adopted, by every device of that site alike. Conditions are
    // synchronous, so `rareOperator`'s shim calls the part once it is in and answers false before; the client
    // awaits warmOperators before deciding. Not cut in the npm package, whose evalCondition is public.
    source: path.join('conditions', 'operators.ts'),
    chunk: 'sdk-operators.js',
    exports: ['warmOperators'],
    sync: { rareOperator: false },
  },
  {
    // Templates and <edgewise-slot> shadow roots: only pages that use them.
    source: path.join('dom', 'render.ts'),
    chunk: 'sdk-render.js',
    exports: ['renderSpecial', 'warmRender'],
  },
  {
    // Why a config fetch failed (CORS refusal or unreachable edge) or a config was refused, in words: debug mode
    // only.
    source: path.join('config', 'diagnose.ts'),
    chunk: 'sdk-debug.js',
    exports: ['diagnoseFetchFailure'],
  },
  {
    // Lifetime value, P(alive) and the VAP tiers (BG/NBD, Gamma-Gamma, 2F1): only sites with a customerValue
    // model ever download it.
    source: path.join('profile', 'value.ts'),
    chunk: 'sdk-value.js',
    exports: ['customerValue'],
  },
  {
    // The model path of scoreOffers with the model runtime (compact ONNX evaluator, ORT fallback): only
    // configs with models ever download it. loadModel/createModel (and readRoles, the reader of their outputs)
    // stay exported for pages that run models.
    source: path.join('scoring', 'models.ts'),
    chunk: 'sdk-models.js',
    exports: ['scoreWithModels', 'clearLoadedModels'],
    entry: `export { scoreWithModels, clearLoadedModels } from './models.ts';
            export { loadModel, createModel, clearModels } from './runtime.ts';
            export { readRoles } from './outputs.ts';`,
  },
];

/** Resolves the lazy sources to their shims, and marks the scoring helpers side-effect free. */
const lazyParts = {
  name: 'lazy-parts',
  setup(build) {
    build.onResolve({ filter: /\.ts$/ }, (args) => {
      const target = path.join(args.resolveDir, args.path);
      const part = LAZY.find((p) => target.endsWith(path.sep + p.source));
      if (part) return { path: part.chunk, namespace: 'edgewise-lazy' };
      return sideEffectFreeScoring(args, target);
    });
    build.onLoad({ filter: /.*/, namespace: 'edgewise-lazy' }, (args) => {
      const part = LAZY.find((p) => p.chunk === args.path);
      return {
        loader: 'js',
        resolveDir: path.dirname(new URL(import.meta.url).pathname),
        contents:
          `import { lazy, now } from 'edgewise-base';\n` +
          part.exports.map((name) => `export const ${name} = lazy(${JSON.stringify(part.chunk)}, ${JSON.stringify(name)});`).join('\n') +
          Object.entries(part.sync ?? {})
            .map(([name, before]) => `\nexport const ${name} = now(${JSON.stringify(part.chunk)}, ${JSON.stringify(name)}, ${JSON.stringify(before)});`)
            .join(''),
      };
    });
    // One shared loader: document.currentScript is only set while sdk.js first runs, so its URL is read then.
    // `now` is a part's synchronous function: it answers `before` until the part is in.
    // Once a part is in, its functions are called at once, not after another import() (which resolves a task
    // later): on pagehide a later task may never run, and the outcome batches would stay unsent.
    build.onResolve({ filter: /^edgewise-base$/ }, () => ({ path: 'base', namespace: 'edgewise-base' }));
    build.onLoad({ filter: /.*/, namespace: 'edgewise-base' }, () => ({
      loader: 'js',
      contents: `const base = (document.currentScript && document.currentScript.src) || location.href;
        const loaded = {};
        export const lazy = (file, name) => (...a) => loaded[file]
          ? new Promise((resolve) => resolve(loaded[file][name](...a)))
          : import(new URL(file, base).href).then((m) => (loaded[file] = m)[name](...a));
        export const now = (file, name, before) => (...a) => loaded[file] ? loaded[file][name](...a) : before;`,
    }));
  },
};

const minified = { bundle: true, minify: true, target: TARGET, legalComments: 'none', logLevel: 'warning' };

/**
 * terser after esbuild, on the script tag and its parts: its compression (two passes) and its frequency-ordered
 * local names take about 3% more off the gzip size than esbuild's minifier alone (12,282 -> 11,865 B when it was
 * added). esbuild still mangles the internal properties, with one cache shared by sdk.js and its parts; terser
 * renames variables only, and keeps a part's export names (`module`).
 */
async function squeeze(file, module) {
  const { minify } = await import('terser').catch(() => {
    throw new Error('terser is missing from node_modules: run `npm ci` (it is a devDependency of the build)');
  });
  const { code } = await minify(readFileSync(file, 'utf8'), {
    ecma: 2020, module, compress: { passes: 2 }, mangle: { toplevel: true }, format: { comments: false },
  });
  writeFileSync(file, code);
}

/**
 * Properties only the SDK's own objects have (never stored, sent, read from the edge or a browser API, nor
 * exported by a lazy part), shortened in the script tag: the client's `_` members, internal fields of the page,
 * the decision trace and the resolved options (the script tag makes those itself; it reads its data attributes
 * by quoted name, which mangling leaves alone), names checked against protocol/. The parts are built with
 * sdk.js's mangle cache, so names a part shares with sdk.js agree.
 */
const INTERNAL_PROPS = /^_|^(pending|schedule|persist|canStore|everything|changed|allowed|dropped|emit|commit|prune|decided|batches|prepare|drop|share|trace|chosen|scores|empty|holdout|configTimeoutMs|retentionDays|maxEvents|flickerMs|renderSlots|slotStyle|store|db|send|post|onModelError)$/;

/** The script tag's own build options (also used by bench/size analysis through SDK_METAFILE). */
export const scriptTagOptions = (root, outDir) => ({
  ...minified,
  entryPoints: [path.join(root, 'client-sdk/src/script-tag.ts')],
  outfile: path.join(outDir, 'sdk.js'),
  format: 'iife',
  mangleProps: INTERNAL_PROPS,
  mangleCache: {},
  plugins: [lazyParts],
  metafile: !!process.env.SDK_METAFILE,
});

export async function build({ root, outDir }) {
  const src = (file) => path.join(root, 'client-sdk/src', file);
  const npm = buildPackage({ root, lazy: LAZY, target: TARGET });
  const main = await esbuild(scriptTagOptions(root, outDir));
  if (main.metafile) writeFileSync(process.env.SDK_METAFILE, JSON.stringify(main.metafile));
  await Promise.all([
    npm,
    ...LAZY.map((part) =>
      esbuild({
        ...minified,
        ...(part.entry
          ? { stdin: { contents: part.entry, resolveDir: path.dirname(src(part.source)), loader: 'ts' } }
          : { entryPoints: [src(part.source)] }),
        outfile: path.join(outDir, part.chunk),
        format: 'esm',
        mangleProps: INTERNAL_PROPS,
        mangleCache: main.mangleCache,
        // ORT stays a runtime import() of its own; it is never inlined here either.
        external: ['onnxruntime-web', 'onnxruntime-web/*'],
      }),
    ),
  ]);
  await Promise.all([squeeze(path.join(outDir, 'sdk.js'), false), ...LAZY.map((part) => squeeze(path.join(outDir, part.chunk), true))]);
}
