// `npm start` as a developer runs it (issue 13, item 12): when workerd dies, npm start says so and exits instead
// of running on with the port closed. Runs scripts/start.mjs on a free port with its own state directory.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM script shared with `npm start`, typed by JSDoc only.
import { freePort } from '../../scripts/local-edge.mjs';

const root = path.resolve(import.meta.dirname, '../..');

/** Every process below `pid` (Linux /proc): wrangler, its node CLI and the workerd it runs. */
function descendants(pid: number): { pid: number; name: string }[] {
  const parent = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(entry), ppid);
      names.set(Number(entry), name);
    } catch {
      // gone meanwhile
    }
  }
  const out: { pid: number; name: string }[] = [];
  for (const [child] of parent) {
    for (let p = parent.get(child); p !== undefined && p > 1; p = parent.get(p))
      if (p === pid) {
        out.push({ pid: child, name: names.get(child)! });
        break;
      }
  }
  return out;
}

describe('npm start', () => {
  it('exits with a message when workerd dies, leaving no process behind', async () => {
    const state = mkdtempSync(path.join(os.tmpdir(), 'edgewise-start-'));
    // npm start creates .dev.vars when it is missing, as for a developer; the test leaves the checkout as it was.
    const devVars = path.join(root, '.dev.vars');
    const hadDevVars = existsSync(devVars);
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], {
      cwd: root,
      env: { ...process.env, PORT: String(port), EDGEWISE_STATE_DIR: state, EDGEWISE_SKIP_BUILD: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 90_000;
      while (!output.includes('Edgewise is running') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
      expect(output, output.slice(-2000)).toContain('Edgewise is running');
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

      const started = descendants(child.pid!);
      const workerd = started.filter((p) => p.name === 'workerd');
      expect(workerd.length).toBeGreaterThan(0);
      for (const p of workerd) process.kill(p.pid, 'SIGKILL');

      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 30_000))]);
      expect(code, output.slice(-2000)).toBe(1);
      expect(output).toContain('the local edge stopped answering');
      // wrangler, its CLI and esbuild are gone too (an orphan would have been re-parented, so look them up by pid).
      const alive = started.filter((p) => {
        try {
          process.kill(p.pid, 0);
          return true;
        } catch {
          return false;
        }
      });
      expect(alive).toEqual([]);
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(state, { recursive: true, force: true });
      if (!hadDevVars) rmSync(devVars, { force: true });
    }
  }, 150_000);
});
