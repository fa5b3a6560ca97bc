// The SDK bundles stats/thompson.ts and stats/randomised-response.ts: they must stay tiny and import nothing.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('what the SDK imports from stats/', () => {
  it('bundles Thompson sampling and randomised response under 1 KB gzip, with no zod or special functions', async () => {
    const result = await build({
      stdin: {
        contents: "export { selectPosteriors, thompsonPick } from './thompson.ts'; export { randomiseBit, keepProbability } from './randomised-response.ts';",
        resolveDir: here,
        loader: 'ts',
      },
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    expect(gzipSync(code).length).toBeLessThan(1024);
    expect(code).not.toMatch(/zod|regularizedBeta|logGamma/);
    const inputs = Object.keys(result.metafile.inputs).map((f) => path.basename(f)).sort();
    expect(inputs).toEqual(['<stdin>', 'randomised-response.ts', 'thompson.ts']);
  });
});
