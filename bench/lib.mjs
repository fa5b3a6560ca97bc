// Shared benchmark helpers: the machine a figure was measured on, percentiles, a bounded concurrency pool.
import os from 'node:os';

/** What every figure states it ran on. */
export function machine() {
  return { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
}

/** The q-quantile (0..1) of a list of numbers, by nearest rank; rounded to 0.01. */
export function percentile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return Math.round((sorted[index] ?? NaN) * 100) / 100;
}

/** Runs task(i) for i in [0, count) with at most `concurrency` in flight. */
export async function runPool(count, concurrency, task) {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const i = next++;
      await task(i);
    }
  });
  await Promise.all(workers);
}

/**
 * Runs a benchmark as a child process and parses the JSON it prints (the whole output, else its last line that
 * is a JSON object). Never throws: a missing script, a failure, a timeout or output without JSON comes back as
 * { available: false, reason }, so no figure is ever invented for it.
 */
export async function runJsonChild(command, args, { cwd, timeoutMs = 300_000, env } = {}) {
  const { spawn } = await import('node:child_process');
  const started = performance.now();
  return new Promise((resolve) => {
    // Its own process group, so a timeout ends the child and everything it started (wrangler, Chromium).
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    }, timeoutMs);
    const seconds = () => Math.round((performance.now() - started) / 100) / 10;
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ available: false, reason: `could not start ${command}: ${error.message}`, seconds: seconds() });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) return resolve({ available: false, reason: `timed out after ${timeoutMs / 1000} s`, seconds: seconds() });
      const lastLine = (text) => text.trim().split('\n').filter((l) => l.trim()).pop() ?? '';
      // Node ends a crash with its version line: the error itself is the first line that names one.
      const firstError = stderr.split('\n').find((l) => /error|Error|ERR_/.test(l) && !/^\s+at /.test(l))?.trim();
      if (code !== 0) return resolve({ available: false, reason: `exit code ${code}: ${firstError || lastLine(stderr) || lastLine(stdout)}`.slice(0, 500), seconds: seconds() });
      let json;
      try { json = JSON.parse(stdout); } catch {
        const line = stdout.trim().split('\n').reverse().find((l) => l.trim().startsWith('{'));
        try { json = line ? JSON.parse(line) : undefined; } catch { json = undefined; }
      }
      if (json === undefined) return resolve({ available: false, reason: `no JSON in its output: ${lastLine(stdout)}`.slice(0, 500), seconds: seconds() });
      resolve({ available: true, seconds: seconds(), result: json });
    });
  });
}

/** Raw, gzip (level 9) and brotli (quality 11) bytes of a file, as a CDN would serve it. */
export async function compressedSizes(file) {
  const { readFileSync } = await import('node:fs');
  const zlib = await import('node:zlib');
  const data = readFileSync(file);
  return {
    raw: data.length,
    gzip: zlib.gzipSync(data, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }).length,
  };
}
