// Benchmark (not a test): the feedback loop under junk outcome traffic (issue 13, item 1). Against `wrangler dev`
// on 127.0.0.1 (a free port, never 8787), unauthenticated senders post 60,000 junk reports in batches of 200; then
// one feedback run is timed while config GETs go on beside it, and their latency is compared with a quiet edge.
// Two kinds of junk: reports naming a version the site never published (the probe), and the worst junk
// the edge still counts: every report kind over every published experiment, arm, segment, holdback offer, decile,
// opening day, conversion bit and revenue level, spread over every day a batch may be dated, so that each report
// would be a new cell. Bounded in count and time; prints JSON.
//   node bench/outcomes-junk.mjs [--reports 60000] [--runs 5]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, seedDemo, startLocalEdge } from '../scripts/local-edge.mjs';
import { machine, percentile, runPool } from './lib.mjs';

const { values } = parseArgs({ options: { reports: { type: 'string', default: '60000' }, runs: { type: 'string', default: '5' } } });
const junkReports = Number(values.reports);
const runs = Number(values.runs);
const token = 'bench-admin-token';
const PER_BATCH = 200;
const DAYS_BACK = 60;

const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const batchId = (kind, i) => `junk-${kind}-${String(i).padStart(8, '0')}-${Math.random().toString(36).slice(2, 10)}`;

/** The probe: versions nobody published. */
function unpublishedBatch(i) {
  const reports = Array.from({ length: PER_BATCH }, (_, r) => ({ kind: 'exposure', experiment: 'hero-personalisation', version: 999999 - ((i * PER_BATCH + r) % 1000), arm: 'control' }));
  return { schemaVersion: 2, batchId: batchId('v', i), reports };
}

/**
 * The n-th distinct report the edge counts for this config (mixed radix over every label and value): opening
 * reports and report sets of experiments and holdbacks, every arm, segment, offer, decile, day a unit may have
 * opened, conversion bit and revenue level. Far more than a day's cell limit.
 */
function admissibleReport(config, n) {
  const pick = (list) => {
    const value = list[n % list.length];
    n = Math.floor(n / list.length);
    return value;
  };
  const levels = config.privacy.revenueLevels.length;
  const set = () => ({ conversion: pick([0, 1]), revenue: pick([...Array(levels).keys()]), exposed: day(-pick([...Array(120).keys()])) });
  const kind = pick(['exposure', 'outcome', 'holdback', 'holdback-outcome']);
  if (kind === 'exposure' || kind === 'outcome') {
    const experiment = pick(config.experiments);
    const segment = pick([undefined, ...config.segments.map((s) => s.id)]);
    const labels = { experiment: experiment.id, version: experiment.version, arm: pick([...experiment.arms.map((a) => a.id), 'holdout']), ...(segment ? { segment } : {}) };
    return kind === 'exposure' ? { kind, ...labels } : { kind, ...labels, ...set() };
  }
  const labels = { offer: pick(config.offers).id, decile: pick([...Array(10).keys()]), shown: pick([true, false]) };
  return kind === 'holdback' ? { kind, ...labels } : { kind, ...labels, ...set() };
}

/** Batch i of the worst counted junk: one day per batch (batches carry one day), a new cell per report. */
function admissibleBatch(config, i) {
  const reports = Array.from({ length: PER_BATCH }, (_, r) => admissibleReport(config, i * PER_BATCH + r));
  return { schemaVersion: 2, batchId: batchId('a', i), day: day(-(i % (DAYS_BACK + 1))), reports };
}

async function post(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) });
  const answer = await response.json();
  return { status: response.status, accepted: answer.accepted ?? 0, cellLimit: (answer.dropped ?? []).filter((d) => d.code === 'cell_limit').length };
}

/** Times `runs` feedback runs, each with config GETs every 10 ms beside it; returns their timings. */
async function feedbackUnderLoad(edge) {
  const feedbackMs = [];
  const besideMs = [];
  const flushed = [];
  for (let r = 0; r < runs; r++) {
    let running = true;
    const beside = (async () => {
      while (running) {
        const t0 = performance.now();
        await (await fetch(`${edge.url}/v1/sites/demo/config`)).arrayBuffer();
        besideMs.push(performance.now() - t0);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const t0 = performance.now();
    const response = await fetch(`${edge.url}/v1/admin/sites/demo/feedback`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    const report = await response.json();
    feedbackMs.push(Math.round((performance.now() - t0) * 10) / 10);
    if (response.status !== 200) throw new Error(`feedback answered ${response.status}: ${JSON.stringify(report)}`);
    flushed.push(report.flushedCells);
    running = false;
    await beside;
  }
  return { feedbackMs, flushedCells: flushed, besideConfigGet: { requests: besideMs.length, p50Ms: percentile(besideMs, 0.5), p99Ms: percentile(besideMs, 0.99), maxMs: percentile(besideMs, 1) } };
}

async function quietLatency(edge, n = 300) {
  const ms = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await (await fetch(`${edge.url}/v1/sites/demo/config`)).arrayBuffer();
    ms.push(performance.now() - t0);
  }
  return { requests: n, p50Ms: percentile(ms, 0.5), p99Ms: percentile(ms, 0.99), maxMs: percentile(ms, 1) };
}

async function sendJunk(edge, make) {
  const batches = Math.ceil(junkReports / PER_BATCH);
  let accepted = 0;
  let droppedForCellLimit = 0;
  const statuses = {};
  const t0 = performance.now();
  await runPool(batches, 8, async (i) => {
    const answer = await post(`${edge.url}/v1/sites/demo/outcomes`, make(i));
    accepted += answer.accepted;
    droppedForCellLimit += answer.cellLimit;
    statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
  });
  return { reports: batches * PER_BATCH, batches, statuses, accepted, droppedForCellLimit, seconds: Math.round((performance.now() - t0) / 100) / 10 };
}

async function main() {
  const started = performance.now();
  const persistTo = mkdtempSync(path.join(os.tmpdir(), 'edgewise-junk-'));
  const edge = await startLocalEdge({ port: await freePort(), persistTo, adminToken: token });
  try {
    await seedDemo(edge.url, token);
    const config = await (await fetch(`${edge.url}/v1/sites/demo/config`)).json();
    await quietLatency(edge, 50); // warm-up
    const quiet = await quietLatency(edge);
    const baseline = await feedbackUnderLoad(edge);

    const unpublished = await sendJunk(edge, unpublishedBatch);
    const afterUnpublished = await feedbackUnderLoad(edge);

    const admissible = await sendJunk(edge, (i) => admissibleBatch(config, i));
    const afterAdmissible = await feedbackUnderLoad(edge);

    const out = {
      machine: machine(),
      seconds: Math.round((performance.now() - started) / 100) / 10,
      result: {
        junkReportsPerKind: junkReports,
        cellsPerSiteAndDay: 20000,
        quietConfigGet: quiet,
        feedbackBeforeJunk: baseline,
        unpublishedVersionJunk: { sent: unpublished, feedbackAfter: afterUnpublished },
        worstCountedJunk: { sent: admissible, feedbackAfter: afterAdmissible },
      },
    };
    console.log(JSON.stringify(out, null, 2));
  } finally {
    await edge.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

await main();
