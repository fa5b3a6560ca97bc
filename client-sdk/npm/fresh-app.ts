// A fresh TypeScript app that installs @edgewise/client-sdk from its `npm pack` tarball, offline: what a shop's
// developer does on their first day. Used by the package test (type-check, bundle, bytes) and the browser test
// (the bundled app against a local edge). Run `npm run build` first.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The app's code: the whole public API, typed, as a developer writes it; the results land on `window.__app`. */
export const APP_SOURCE = `import {
  createEdgewise, evalCondition, EVENT_TYPES,
  type Decision, type Edgewise, type EdgewiseOptions, type Explanation, type ReadyState,
} from '@edgewise/client-sdk';

const options: EdgewiseOptions = {
  site: new URLSearchParams(location.search).get('site') ?? 'demo',
  api: location.origin,
  consent: 'implied',
  renderSlots: true,
  // A first visit on a loaded test machine may take longer than the defaults (1.5 s for the config, 300 ms before
  // the default content shows).
  configTimeoutMs: 10_000,
  flickerMs: 10_000,
  render: (element: Element, decision: Decision) => {
    element.textContent = \`\${decision.content.title} (\${decision.offerId})\`;
  },
};
const edgewise: Edgewise = createEdgewise(options);

async function main(): Promise<void> {
  const ready: ReadyState = await edgewise.ready;
  const tracked = await edgewise.track('view_item', { items: [{ item_id: 'w-1', item_category: 'women', price: 40 }] });
  const decision: Decision | null = await edgewise.decide('hero');
  const again: Decision | null = await edgewise.decide('hero');
  const why: Explanation | null = await edgewise.explain('hero');
  const used: string[] = why?.used.map((fact) => \`\${fact.label}: \${fact.value}\`) ?? [];
  const data = await edgewise.exportData();
  const events: number = 'ok' in data ? -1 : data.events.length;
  const vip: boolean = evalCondition({ frequency: 6 }, { frequency: { $gte: 5 } });
  // @ts-expect-error: a slot is a name; the declarations are real types, not any.
  void edgewise.decide(42);
  (window as unknown as { __app: unknown }).__app = {
    ready, tracked, offerId: decision?.offerId ?? null, title: decision?.content.title ?? null, same: again === decision,
    reason: why?.reason ?? null, used, events, vip, eventTypes: EVENT_TYPES.length,
  };
}
void main();
`;

/** Vite's TypeScript template settings, with `skipLibCheck` off: every declaration the package ships is checked. */
export const TSCONFIG = {
  compilerOptions: {
    target: 'ES2020', useDefineForClassFields: true, module: 'ESNext', lib: ['ES2020', 'DOM', 'DOM.Iterable'],
    skipLibCheck: false, moduleResolution: 'bundler', allowImportingTsExtensions: true, isolatedModules: true,
    moduleDetection: 'force', noEmit: true, strict: true, noUnusedLocals: true, noUnusedParameters: true,
    noFallthroughCasesInSwitch: true, types: [],
  },
  include: ['src'],
};

const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });

/**
 * `npm pack` of client-sdk into a fresh folder: the tarball and the files in it.
 * @example const { tarball, files } = packSdk()
 */
export function packSdk(): { tarball: string; files: string[] } {
  const out = mkdtempSync(path.join(tmpdir(), 'edgewise-pack-'));
  const [info] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', out], path.join(ROOT, 'client-sdk'))) as { filename: string; files: { path: string }[] }[];
  return { tarball: path.join(out, info!.filename), files: info!.files.map((f) => f.path).sort() };
}

/**
 * A new app folder with package.json, tsconfig.json and src/main.ts, and the tarball installed with
 * `npm install --offline` (the package has no dependencies, so nothing is fetched).
 * @example const dir = freshApp(tarball)
 */
export function freshApp(tarball: string, tsconfig: object = TSCONFIG): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'edgewise-fresh-app-'));
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'fresh-shop', private: true, type: 'module' }, null, 2));
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  writeFileSync(path.join(dir, 'src/main.ts'), APP_SOURCE);
  run('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], dir);
  return dir;
}

/**
 * The repository's TypeScript over the app: exit code and what it printed.
 * @example expect(typecheck(dir)).toEqual({ code: 0, output: '' })
 */
export function typecheck(dir: string, project = 'tsconfig.json'): { code: number; output: string } {
  try {
    run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', project], dir);
    return { code: 0, output: '' };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, output: `${e.stdout}${e.stderr}` };
  }
}

/**
 * The app bundled as a shop's build would (esbuild, minified, code-split). `firstLoad` is what the page loads before
 * anything runs: the entry and the chunks it imports statically (gzip each); `later` are the chunks only
 * import() reaches: the SDK's optional parts.
 * @example const { firstLoadGzip, later } = await bundleApp(dir)
 */
export async function bundleApp(dir: string): Promise<{ outdir: string; entry: string; firstLoadGzip: number; firstLoad: Record<string, number>; later: Record<string, number> }> {
  const outdir = path.join(dir, 'out');
  const result = await build({
    entryPoints: [path.join(dir, 'src/main.ts')], outdir, bundle: true, splitting: true, format: 'esm', minify: true,
    target: 'es2020', metafile: true, logLevel: 'silent', absWorkingDir: dir,
  });
  const outputs = result.metafile.outputs;
  const gzip = (file: string) => gzipSync(readFileSync(path.join(dir, file)), { level: 9 }).length;
  const entry = Object.keys(outputs).find((file) => outputs[file]!.entryPoint === 'src/main.ts')!;
  const firstLoad: Record<string, number> = {};
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    if (file in firstLoad) continue;
    firstLoad[file] = gzip(file);
    for (const imported of outputs[file]!.imports) if (imported.kind === 'import-statement') queue.push(imported.path);
  }
  const later = Object.fromEntries(Object.keys(outputs).filter((f) => f.endsWith('.js') && !(f in firstLoad)).map((f) => [path.basename(f), gzip(f)]));
  const firstLoadGzip = Object.values(firstLoad).reduce((a, b) => a + b, 0);
  return { outdir, entry: path.join(dir, entry), firstLoadGzip, firstLoad, later };
}
