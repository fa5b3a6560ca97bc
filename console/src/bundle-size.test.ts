// The console bundle's size ceiling and what must not be in it. Raise the ceiling only in the commit that
// causes the growth, saying why.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: plain ESM build script, typed by JSDoc only.
import { consoleOptions } from '../build.mjs';
import { describe, expect, it } from 'vitest';

// 52 KB (49.1 KB when set): the customer-value view (model, tier shares and the fit from devices' reports, ~1.8 KB
// gzip). 48 KB before (44.7 KB when set): forms built from the site config's schema (compacted at build, ~4 KB gzip), the
// condition builder with its sample shoppers, the uplift table, the offer preview, confirm-with-diff, errors in
// words; before that, 32 KB for the preview's explanations in words. No framework: still plain DOM code.
const GZIP_CEILING = 52 * 1024;

describe('console bundle', () => {
  it(`stays under ${GZIP_CEILING} bytes gzipped and bundles no npm package (no zod, no ORT, no framework)`, async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const result = await build({ ...consoleOptions(root), write: false, metafile: true, logLevel: 'silent' });
    const code = result.outputFiles![0]!.text;
    expect(gzipSync(code, { level: 9 }).length).toBeLessThan(GZIP_CEILING);
    expect(Object.keys(result.metafile!.inputs).filter((file) => file.includes('node_modules'))).toEqual([]);
    expect(code.includes('ZodError')).toBe(false);
  });
});
