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
