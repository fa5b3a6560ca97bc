// `npm start`: build, prepare local secrets, start the local edge on 127.0.0.1:8787 with the demo site seeded.
// Ctrl-C stops wrangler and workerd together (they share one process group), leaving nothing behind; so does a
// local edge that stops answering (workerd can die while wrangler lives on), with a message and a failing exit.
//   PORT=8788 npm start            another port
//   EDGEWISE_STATE_DIR=/tmp/state  local KV, D1 and Durable Object state elsewhere than .wrangler/state
//   EDGEWISE_SKIP_BUILD=1          serve dist/public as it is (tests that already built it)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDevVarsToken, seedDemo, startLocalEdge } from './local-edge.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 8787);
/** How often the edge is asked for /health, and how many misses in a row mean it is gone. */
const HEALTH_EVERY_MS = 2000;
const HEALTH_MISSES = 3;

if (!process.env.EDGEWISE_SKIP_BUILD) {
  const built = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

if (!existsSync(path.join(root, '.dev.vars'))) {
  copyFileSync(path.join(root, '.dev.vars.example'), path.join(root, '.dev.vars'));
  console.log('created .dev.vars from .dev.vars.example (local admin token inside)');
}
const token = readDevVarsToken();
const persistTo = process.env.EDGEWISE_STATE_DIR ?? path.join(root, '.wrangler', 'state');

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
// wrangler exiting by itself leaves workerd behind unless its group is stopped too.
edge.child.on('exit', (code) => void shutdown(code || 1));

// wrangler outlives a workerd that crashed or was killed, with the port closed and nothing said: watch the edge
// itself, not only wrangler, and stop everything once it stops answering.
let misses = 0;
let checking = false;
const watchdog = setInterval(async () => {
  if (checking || stopping) return;
  checking = true;
  try {
    const response = await fetch(`${edge.url}/health`, { signal: AbortSignal.timeout(HEALTH_EVERY_MS) });
    misses = response.ok ? 0 : misses + 1;
  } catch {
    misses++;
  }
  checking = false;
  if (misses >= HEALTH_MISSES) {
    clearInterval(watchdog);
    console.error(`\nthe local edge stopped answering ${edge.url}/health (${HEALTH_MISSES} checks in a row: workerd exited or hangs); stopping wrangler too. Run npm start again.`);
    await shutdown(1);
  }
}, HEALTH_EVERY_MS);

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
