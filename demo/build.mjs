// Build step for the demo shop served at /demo.
import { cpSync } from 'node:fs';
import path from 'node:path';

export async function build({ root, outDir }) {
  cpSync(path.join(root, 'demo/shop'), path.join(outDir, 'demo'), { recursive: true });
}
