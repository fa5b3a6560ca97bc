// Benchmark (not a test): config GET latency and outcome ingestion rate against `wrangler dev` under concurrent
// load, on loopback only, bounded in count. Checks that no accepted report is lost. Prints JSON.
//   node bench/worker.mjs [--requests 3000] [--batches 2000] [--concurrency 32]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, seedDemo, startLocalEdge } from '../scripts/local-edge.mjs';
import { machine, percentile, runPool } from './lib.mjs';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '3000' },
    batches: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '32' },
    'reports-per-batch': { type: 'string', default: '20' },
  },
});
const requests = Number(values.requests);
const batches = Number(values.batches);
const concurrency = Number(values.concurrency);
const reportsPerBatch = Number(values['reports-per-batch']);
const token = 'bench-admin-token';

/** A random batch of report sets (complete observations); every 10th is sent twice (a retry) to check idempotency under load. */
function makeBatch(i) {
  const arms = ['personalised', 'control', 'holdout'];
  const exposed = new Date().toISOString().slice(0, 10);
  const reports = [];
  for (let r = 0; r < reportsPerBatch; r++) {
    const labels = { experiment: 'hero-personalisation', version: 1, arm: arms[(i + r) % 3] };
    reports.push({ kind: 'outcome', ...labels, exposed, conversion: (i + r) % 2, revenue: (i + r) % 2 });
  }
  return { schemaVersion: 2, batchId: `bench-${String(i).padStart(8, '0')}-${Math.random().toString(36).slice(2, 10)}`, reports };
}

async function main() {
  const persistTo = mkdtempSync(path.join(os.tmpdir(), 'edgewise-bench-'));
  const edge = await startLocalEdge({ port: await freePort(), persistTo, adminToken: token });
  try {
    await seedDemo(edge.url, token);
    const configUrl = `${edge.url}/v1/sites/demo/config`;
    // Warm up: the first requests compile the worker and fill caches.
    for (let i = 0; i < 50; i++) await (await fetch(configUrl)).arrayBuffer();

    const latencies = [];
    let configErrors = 0;
    const configStarted = performance.now();
    await runPool(requests, concurrency, async () => {
      const t0 = performance.now();
      const response = await fetch(configUrl);
      await response.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (response.status !== 200) configErrors++;
    });
    const configSeconds = (performance.now() - configStarted) / 1000;

    const bodies = Array.from({ length: batches }, (_, i) => makeBatch(i));
    const sends = bodies.flatMap((b, i) => (i % 10 === 0 ? [b, b] : [b]));
    let accepted = 0;
    let rejected = 0;
    const ingestStarted = performance.now();
    await runPool(sends.length, concurrency, async (i) => {
      const response = await fetch(`${edge.url}/v1/sites/demo/outcomes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(sends[i]),
      });
      await response.arrayBuffer();
      if (response.status === 202) accepted++;
      else rejected++;
    });
    const ingestSeconds = (performance.now() - ingestStarted) / 1000;

    const results = await (await fetch(`${edge.url}/v1/admin/sites/demo/results`, { headers: { authorization: `Bearer ${token}` } })).json();
    const experiment = results.experiments.find((e) => e.id === 'hero-personalisation');
    const countedExposures = experiment.arms.reduce((n, a) => n + a.exposures, 0);
    const expectedExposures = bodies.reduce((n, b) => n + b.reports.length, 0);

    const out = {
      machine: machine(),
      target: 'wrangler dev (miniflare/workerd) on 127.0.0.1, the load generator is this Node process, on the same 2-core machine',
      configGet: {
        requests, concurrency, errors: configErrors,
        p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99),
        requestsPerSecond: Math.round(requests / configSeconds),
      },
      outcomeIngestion: {
        batches, retriedBatches: sends.length - batches, reportsPerBatch, concurrency,
        posts: sends.length, accepted, rejected,
        batchesPerSecond: Math.round(sends.length / ingestSeconds),
        reportsPerSecond: Math.round((sends.length * reportsPerBatch) / ingestSeconds),
        expectedExposures, countedExposures, reportsLost: expectedExposures - countedExposures,
      },
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return out;
  } finally {
    await edge.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

await main();
