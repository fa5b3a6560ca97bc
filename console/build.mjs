// Build step for the marketer console served at /admin/: one minified ES module, its CSS and index.html.
import { build as esbuild } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What the forms read of a JSON Schema (schema-fields.ts); patterns, bounds and titles stay with the edge. */
const KEEP = ['type', 'properties', 'required', 'items', 'anyOf', 'enum', 'description', 'additionalProperties', 'default'];

function compact(schema) {
  if (Array.isArray(schema)) return schema.map(compact);
  if (!schema || typeof schema !== 'object') return schema;
  const out = {};
  for (const key of KEEP) {
    if (!(key in schema)) continue;
    const value = schema[key];
    if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
    // Only whether a default exists matters to the forms (the field may be left empty).
    else if (key === 'default') out.default = true;
    else if (key === 'items' || key === 'anyOf' || (key === 'additionalProperties' && typeof value === 'object')) out[key] = compact(value);
    else out[key] = value;
  }
  return out;
}

/**
 * The site config's JSON Schema as the console bundles it: the current version only (the first of `oneOf`), and
 * only what the forms read; about a tenth of the file.
 */
const compactSchema = {
  name: 'compact-site-config-schema',
  setup(build) {
    build.onLoad({ filter: /site-config\.schema\.json$/ }, (args) => {
      const doc = JSON.parse(readFileSync(args.path, 'utf8'));
      return { contents: JSON.stringify(compact(doc.oneOf?.[0] ?? doc)), loader: 'json' };
    });
  },
};

/** The console bundle's esbuild options (the bundle-size test builds with the same). */
export const consoleOptions = (root) => ({
  entryPoints: [path.join(root, 'console/src/main.ts')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
  plugins: [compactSchema],
  // The SDK's model runtime reaches ORT through a non-literal import(); nothing heavy is bundled.
  logLevel: 'warning',
  legalComments: 'none',
});

export async function build({ root, outDir }) {
  const out = path.join(outDir, 'admin');
  mkdirSync(out, { recursive: true });
  await esbuild({ ...consoleOptions(root), outfile: path.join(out, 'console.js') });
  copyFileSync(path.join(root, 'console/index.html'), path.join(out, 'index.html'));
  copyFileSync(path.join(root, 'console/style.css'), path.join(out, 'console.css'));
}
