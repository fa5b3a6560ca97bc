// The console bundle's size ceiling and what must not be in it. Raise the ceiling only in the commit that
// causes the growth, saying why.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// 32 KB: the preview now shows the explanations in words (decide/explanation.ts, words.ts, PROFILE_ATTRIBUTES).
const GZIP_CEILING = 32 * 1024;

describe('console bundle', () => {
  it(`stays under ${GZIP_CEILING} bytes gzipped and bundles no npm package (no zod, no ORT, no framework)`, async () => {
    const result = await build({
      entryPoints: [new URL('./main.ts', import.meta.url).pathname],
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
      metafile: true,
      target: ['es2022'],
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    expect(gzipSync(code, { level: 9 }).length).toBeLessThan(GZIP_CEILING);
    expect(Object.keys(result.metafile.inputs).filter((file) => file.includes('node_modules'))).toEqual([]);
    expect(code.includes('ZodError')).toBe(false);
  });
});
