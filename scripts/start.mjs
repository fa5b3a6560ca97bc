// `npm start`: build, prepare local secrets, start the local edge on 127.0.0.1:8787 with the demo site seeded.
// Ctrl-C stops wrangler and workerd together (they share one process group), leaving nothing behind.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDevVarsToken, seedDemo, startLocalEdge } from './local-edge.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 8787);

const built = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

if (!existsSync(path.join(root, '.dev.vars'))) {
  copyFileSync(path.join(root, '.dev.vars.example'), path.join(root, '.dev.vars'));
  console.log('created .dev.vars from .dev.vars.example (local admin token inside)');
}
const token = readDevVarsToken();
const persistTo = path.join(root, '.wrangler', 'state');

const edge = await startLocalEdge({ port, persistTo, inherit: true });
let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  await edge.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
edge.child.on('exit', (code) => { if (!stopping) process.exit(code ?? 1); });

try {
  const seeded = await seedDemo(edge.url, token);
  console.log(seeded ? 'seeded the demo site' : 'demo site already published');
} catch (error) {
  console.error(`could not seed the demo site: ${error.message}`);
}
console.log(`
Edgewise is running on ${edge.url}
  demo shop        ${edge.url}/demo/
  marketer console ${edge.url}/admin/
  device config    ${edge.url}/v1/sites/demo/config
  admin token      ${token}  (from .dev.vars)
Press Ctrl-C to stop.`);
