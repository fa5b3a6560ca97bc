// Starts the edge locally: D1 migrations, `wrangler dev` in its own process group, the demo site seeded.
// Used by `npm start`, the browser tests and the benchmarks, so all three run the same thing a developer does.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wranglerBin = path.join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

/** Applies the D1 migrations to the local database kept in `persistTo`. */
export function applyMigrations(persistTo) {
  const result = spawnSync(
    process.execPath,
    [wranglerBin, 'd1', 'migrations', 'apply', 'edgewise', '--local', '--persist-to', persistTo],
    { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' } },
  );
  if (result.status !== 0) throw new Error(`D1 migrations failed:\n${result.stdout}\n${result.stderr}`);
}

async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`wrangler dev did not answer ${url}/health within ${timeoutMs} ms`);
}

/**
 * Seeds the demo site through the admin API (the path a marketer takes) when it has no published config.
 * @param {string} url @param {string} token @param {Record<string, unknown>} [changes] fields to override
 */
export async function seedDemo(url, token, changes = {}) {
  const published = await fetch(`${url}/v1/sites/demo/config`);
  if (published.status === 200) return false;
  const { seedSite } = await import('./seed-demo.mjs');
  await seedSite(url, token, changes);
  return true;
}

/**
 * Starts `wrangler dev` on 127.0.0.1:port. `stop()` ends the whole process group, so no workerd is left.
 * @returns {Promise<{ url: string, stop: () => Promise<void>, child: import('node:child_process').ChildProcess }>}
 */
export async function startLocalEdge({ port = 8787, persistTo, adminToken, inherit = false, timeoutMs = 60_000 }) {
  applyMigrations(persistTo);
  // The inspector gets a free port too: wrangler's default (9229) is taken by any other local edge on the machine,
  // and wrangler then refuses to start.
  const args = [wranglerBin, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', persistTo,
    '--inspector-port', String(await freePort()), '--show-interactive-dev-session=false', '--log-level', inherit ? 'info' : 'warn'];
  if (adminToken) args.push('--var', `ADMIN_TOKEN:${adminToken}`);
  // detached: the child leads a new process group (setsid), so one signal reaches wrangler and workerd alike.
  const child = spawn(process.execPath, args, {
    cwd: root,
    detached: true,
    stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    // No telemetry, and no fetch of Cloudflare's `Request.cf` sample: this machine must reach nothing but loopback.
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  });
  let output = '';
  child.stdout?.on('data', (chunk) => { output = (output + chunk).slice(-20_000); });
  child.stderr?.on('data', (chunk) => { output = (output + chunk).slice(-20_000); });
  const url = `http://127.0.0.1:${port}`;
  // The group outlives wrangler for a moment (workerd, esbuild's service): wait until none of it is left.
  const groupAlive = () => {
    try {
      process.kill(-child.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
      await exited;
      clearTimeout(timer);
    }
    for (let waited = 0; groupAlive() && waited < 5000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    if (groupAlive()) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
  };
  try {
    await waitForHealth(url, child, timeoutMs);
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n--- wrangler output ---\n${output}`);
  }
  return { url, stop, child, output: () => output };
}

/** Reads ADMIN_TOKEN from .dev.vars (the file `npm start` creates from .dev.vars.example). */
export function readDevVarsToken() {
  const text = readFileSync(path.join(root, '.dev.vars'), 'utf8');
  const match = /^ADMIN_TOKEN=(.*)$/m.exec(text);
  if (!match) throw new Error('.dev.vars has no ADMIN_TOKEN line');
  return match[1].trim();
}

/** A free TCP port on the loopback interface. */
export async function freePort() {
  const net = await import('node:net');
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
