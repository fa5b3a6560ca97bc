// Bytes are a test (zod's bundle-size test): the built script tag is gzipped and held to the ceiling,
// and identifiers that must never reach the browser bundle are looked for. Run `npm run build` first.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = (file: string) => {
  const full = path.join(root, file);
  if (!existsSync(full)) throw new Error(`${file} is missing: run \`npm run build\` before the size test`);
  return readFileSync(full);
};

/**
 * Issue 3's ceiling was 12 KB gzip for the script tag (aim 10 KB). This one holds the size issue's cut (12,185 ->
 * 11,602 B, client-sdk/README.md), rounded up to 64 B, so that growth is caught. Raise it only in the commit that
 * causes growth, saying why there. Parts loaded on demand (sdk-*.js) are not in it; they are listed in PARTS.
 */
const SCRIPT_TAG_GZIP_CEILING = 11_648;
/** The optional parts beside sdk.js, each loaded with import() relative to the script's URL on first use. */
const PARTS = ['sdk-datalayer.js', 'sdk-debug.js', 'sdk-explain.js', 'sdk-models.js', 'sdk-operators.js', 'sdk-render.js', 'sdk-send.js', 'sdk-value.js'];

describe('script-tag bundle (dist/public/sdk.js)', () => {
  const sdk = built('dist/public/sdk.js');
  const gzip = gzipSync(sdk, { level: 9 }).length;

  it(`is at most ${SCRIPT_TAG_GZIP_CEILING} bytes gzip`, () => {
    expect(gzip, `sdk.js is ${sdk.length} bytes, ${gzip} gzip`).toBeLessThanOrEqual(SCRIPT_TAG_GZIP_CEILING);
  });

  it('ships no zod and no onnxruntime', () => {
    const text = sdk.toString('utf8');
    expect(text).not.toMatch(/zod/i);
    expect(text).not.toMatch(/onnxruntime/i);
  });

  it('reaches its optional parts only through one import() resolved against its own URL', () => {
    const text = sdk.toString('utf8');
    const imports = [...text.matchAll(/import\(([^)]*)\)/g)].map((m) => m[1]);
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatch(/^new URL\(/);
    const named = [...new Set(text.match(/sdk-[a-z]+\.js/g))].sort();
    expect(named).toEqual(PARTS);
  });
});

describe('optional parts (dist/public/sdk-*.js)', () => {
  it.each(PARTS)('%s is a self-contained ES module without zod', (file) => {
    const text = built(`dist/public/${file}`).toString('utf8');
    expect(text).toMatch(/export\{/);
    // Nothing shared is imported from sdk.js or another part: only ORT, by the model runtime, at run time.
    expect(text).not.toMatch(/(^|[;}])import[^(]/);
    expect(text).not.toMatch(/zod/);
  });
});

describe('model runtime chunk (dist/public/sdk-models.js)', () => {
  it('leaves onnxruntime-web to a runtime import instead of inlining it', () => {
    const models = built('dist/public/sdk-models.js');
    // ORT's own JavaScript is ~400 KB; the compact evaluator and loader are a few KB.
    expect(models.length).toBeLessThan(40 * 1024);
    expect(models.toString('utf8')).not.toMatch(/zod/);
  });
});

describe('npm package (client-sdk/dist/index.js)', () => {
  it('is an ES module without zod that imports no package (its optional parts are chunks beside it)', () => {
    const text = built('client-sdk/dist/index.js').toString('utf8');
    expect(text).toMatch(/export \{[^}]*createEdgewise/);
    expect(text).not.toMatch(/from "zod"|zod\/v4/);
    expect([...text.matchAll(/from "([^"]+)"/g)].map((m) => m[1]).filter((s) => !s!.startsWith('./'))).toEqual([]);
    // Its size as a shop's app loads it: client-sdk/npm/package.test.ts.
  });
});
