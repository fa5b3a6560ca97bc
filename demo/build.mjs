// Build step for the demo shop served at /demo: the static page and its catalogue.
import { copyFileSync, cpSync } from 'node:fs';
import path from 'node:path';

export async function build({ root, outDir }) {
  cpSync(path.join(root, 'demo/shop'), path.join(outDir, 'demo'), { recursive: true });
  copyFileSync(path.join(root, 'demo/catalogue.json'), path.join(outDir, 'demo/catalogue.json'));
}
