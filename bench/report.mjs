// Turns bench/results.json into bench/RESULTS.md (Markdown tables, each section saying what it ran on) and SVG
// bar charts. Unknown result shapes are shown as flattened key/value tables rather than dropped.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const kb = (n) => (n === undefined || n === null ? 'n/a' : `${(n / 1024).toFixed(1)} KB`);
const num = (n, digits = 2) => (typeof n === 'number' ? n.toLocaleString('en', { maximumFractionDigits: digits }) : n ?? 'n/a');
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`)].join('\n');
}

function flatten(value, prefix = '', out = []) {
  if (out.length > 80) return out;
  if (value === null || typeof value !== 'object') out.push([prefix, value]);
  else if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) out.push([prefix, value.join(', ')]);
  else for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

/** Horizontal bar chart as an SVG document. */
export function barChart(title, unit, bars, width = 720) {
  const rowH = 26;
  const left = 230;
  const height = 60 + bars.length * rowH;
  const max = Math.max(1e-9, ...bars.map((b) => b.value));
  const w = width - left - 90;
  const rows = bars.map((b, i) => {
    const y = 45 + i * rowH;
    const len = (b.value / max) * w;
    return `<text x="${left - 8}" y="${y + 14}" text-anchor="end">${esc(b.label)}</text>` +
      `<rect x="${left}" y="${y}" width="${len.toFixed(1)}" height="${rowH - 8}" fill="${b.colour ?? '#2563eb'}"/>` +
      `<text x="${(left + len + 6).toFixed(1)}" y="${y + 14}">${esc(b.text ?? num(b.value))}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">\n` +
    `<rect width="${width}" height="${height}" fill="#fff"/>\n<text x="10" y="22" font-size="15" font-weight="bold">${esc(title)}</text>\n` +
    `<text x="${width - 10}" y="22" text-anchor="end" fill="#555">${esc(unit)}</text>\n${rows.join('\n')}\n</svg>\n`;
}

function machineLine(m) {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}`;
}

function unavailable(name, b) {
  return `Not available in this run: ${b?.reason ?? 'not run'}. No figure is shown for it.`;
}

function sdkSection(b, charts) {
  if (!b?.available) return unavailable('sdkBytes', b);
  const rows = [['sdk.js (script tag, loaded on every page)', b.sdk]];
  for (const [name, s] of Object.entries(b.lazyChunks)) rows.push([`${name} (lazy chunk)`, s]);
  for (const [name, s] of Object.entries(b.modelRuntimeAssets)) rows.push([`${name} (only with models)`, s]);
  charts.push(['sdk-bytes.svg', barChart('SDK bytes over the wire (gzip)', 'KB gzip, lower is better', [
    { label: 'edgewise sdk.js', value: b.sdk.gzip / 1024, text: kb(b.sdk.gzip) },
    ...Object.entries(b.lazyChunks).map(([n, s]) => ({ label: `${n} (lazy)`, value: s.gzip / 1024, text: kb(s.gzip), colour: '#60a5fa' })),
    { label: 'GrowthBook script tag (stated)', value: b.growthbookReference.gzip / 1024, text: kb(b.growthbookReference.gzip), colour: '#9ca3af' },
  ])]);
  return [
    `${b.built}. gzip level 9, brotli quality 11.`,
    '',
    table(['file', 'raw', 'gzip', 'brotli'], rows.map(([n, s]) => [n, kb(s.raw), kb(s.gzip), kb(s.brotli)])),
    '',
    `sdk.js gzip / GrowthBook script tag: **${b.ratioToGrowthbookGzip}** (reference: ${b.growthbookReference.source}).`,
    '',
    '![SDK bytes](sdk-bytes.svg)',
  ].join('\n');
}

function simulatorSection(b) {
  if (!b?.available) return unavailable('simulator', b);
  // A results.json from before the simulator's three runs (kept by --only) has none of their figures.
  if (!b.defaults) return unavailable('simulator', { reason: 'kept from an earlier run in an older format: run `npm run bench -- --only simulator`' });
  const pct = (x) => (x === null || x === undefined ? 'n/a' : `${x}%`);
  const perSeedTable = (part, names) => table(
    ['seed', ...names.flatMap((n) => [`${n} (EUR)`, 'of oracle', 'of observable'])],
    part.perSeed.map((s) => [String(s.seed), ...names.flatMap((n) => [num(s.policies[n]?.incrementalProfit ?? NaN, 0), pct(s.policies[n]?.ofOracle), pct(s.policies[n]?.ofObservable)])]),
  );
  const meansTable = (part) => table(
    ['policy', 'incremental profit (EUR)', 'of oracle', 'of observable', 'violations'],
    Object.entries(part.means).map(([n, m]) => [n, num(m.incrementalProfit, 0), pct(m.ofOracle), pct(m.ofObservable), String(m.violations)]),
  );
  const partText = (title, part, names) => (part.available
    ? [`### ${title}`, '', `\`${part.command}\`, seeds ${b.seeds.join(', ')} (seconds per run: ${part.secondsPerRun.join(', ')}).`, '', meansTable(part), '', perSeedTable(part, names), ''].join('\n')
    : `### ${title}\n\nnot available: ${part.reason}\n`);
  const periods = b.periods;
  return [
    'Incremental profit is the realised profit minus that of `none` on the same shoppers, days and random numbers (every policy gets the same random numbers). "Of oracle" and "of observable" divide it by what the oracle (every true probability) and oracle-observable (the truth as far as the on-device profile reveals it) earn in the same run; means are of the per-seed shares. Violations: budget or unit overruns, summed over seeds.',
    '',
    partText('Defaults (20,000 shoppers, 28 days)', b.defaults, ['edgewise', 'propensity']),
    partText('50,000 shoppers', b.large, ['edgewise', 'propensity']),
    periods.available
      ? [
          '### Three budget periods: the loop against edgewise-static',
          '',
          `\`${periods.command}\`. Incremental profit per period (EUR):`,
          '',
          table(['seed', 'edgewise (loop)', 'edgewise-static'], periods.perSeed.map((s) => [String(s.seed), s.loop.map((x) => num(x, 0)).join(' / '), s.static.map((x) => num(x, 0)).join(' / ')])),
          '',
          `Periods 2 and 3, mean over seeds: loop ${num(periods.laterPeriods.loop, 0)} EUR, static ${num(periods.laterPeriods.static, 0)} EUR.`,
          '',
        ].join('\n')
      : `### Three budget periods\n\nnot available: ${periods.reason}\n`,
    `![Cumulative incremental profit, seed ${b.seeds[0]}](simulator.svg)`,
  ].join('\n');
}

function workerSection(b) {
  if (!b?.available) return unavailable('worker', b);
  const r = b.result;
  const c = r.configGet;
  const o = r.outcomeIngestion;
  return [
    `${r.target}.`,
    '',
    table(['measure', 'value'], [
      [`config GET p50 (${c.requests} requests, ${c.concurrency} concurrent)`, `${c.p50Ms} ms`],
      ['config GET p99', `${c.p99Ms} ms`],
      ['config GET throughput', `${num(c.requestsPerSecond)} req/s (${c.errors} errors)`],
      [`outcome ingestion (${o.posts} POSTs of ${o.reportsPerBatch} reports, ${o.retriedBatches} retries)`, `${num(o.batchesPerSecond)} batches/s, ${num(o.reportsPerSecond)} reports/s`],
      ['reports lost (expected − counted exposures)', `**${o.reportsLost}** (${num(o.countedExposures)} of ${num(o.expectedExposures)} counted)`],
    ]),
  ].join('\n');
}

function lpSection(b, charts) {
  if (!b?.available) return unavailable('lp', b);
  const rs = b.result.results ?? [];
  const ok = rs.filter((r) => r.medianSolveMs !== undefined);
  if (ok.length) charts.push(['lp.svg', barChart('Edge LP: median solve and certificate time', 'ms, lower is better', ok.map((r) => ({ label: `${r.size} ${r.mode}${r.maxSlots > 1 ? ` m=${r.maxSlots}` : ''}${r.density !== 1 ? ` d=${r.density}` : ''}`, value: r.medianSolveMs, text: `${r.medianSolveMs} ms` })))]);
  return [
    table(['segments × offers', 'mode', 'status', 'first solve', 'median solve', 'peak RSS', 'relative gap', 'error'], rs.map((r) => [
      `${r.size}${r.maxSlots > 1 ? ` (m=${r.maxSlots})` : ''}${r.density && r.density !== 1 ? ` (density ${r.density})` : ''}`, r.mode, r.status ?? 'n/a', r.firstSolveMs !== undefined ? `${r.firstSolveMs} ms` : 'n/a',
      r.medianSolveMs !== undefined ? `${r.medianSolveMs} ms` : 'n/a', r.peakRssMB !== undefined ? `${r.peakRssMB} MB` : 'n/a', typeof r.relativeGap === 'number' ? r.relativeGap.toExponential(1) : 'n/a', r.error ?? '',
    ])),
    '',
    ok.length ? '![LP solve time](lp.svg)' : '',
  ].join('\n');
}

function hillstromSection(b) {
  if (!b?.available) return unavailable('hillstrom', b);
  const r = b.result;
  const rows = Object.entries(r).filter(([, v]) => v && typeof v === 'object' && 'uplift_at_30' in v)
    .map(([name, v]) => [name, `${v.uplift_at_30.mean} ± ${v.uplift_at_30.sd}`, `${v.qini.mean} ± ${v.qini.sd}`, `${v.random_ranking.mean}`]);
  return [
    `\`npm run eval:hillstrom\`: seeds ${(r.seeds ?? []).join(', ')}; published reference uplift@30% = ${r.published_uplift_at_30} (class transformation, XGBoost).`,
    '',
    table(['learner', 'uplift@30% (mean ± sd)', 'Qini (mean ± sd)', 'random ranking (ATE)'], rows),
  ].join('\n');
}

/** bench/sdk.mjs: the headline figures, the decide() grid and the time to first decision as tables. */
function sdkBenchSection(b) {
  if (!b?.available) return unavailable('sdk', b);
  const r = b.result;
  if (!r.decideGrid) return genericSection(b);
  const t = r.timeToFirstDecision;
  const visit = (name, v, what) => [name, what, v.loads, `${v.p50Ms} ms`, `${v.maxMs} ms`, `${v.sdkJsArrivedP50Ms} ms`, `${v.sdkStartAndDecideP50Ms} ms`, `${v.decisionsShown} of ${v.loads}`];
  return [
    `Chromium ${r.chromium}, ${r.cpus} cores, load average ${r.loadAverage.join(' / ')} (other work beside it: wall-clock p99 and max move by 2x or more between runs; main-thread CPU per call does not count preemption). Cross-origin isolated: ${r.crossOriginIsolated} (5 µs timer). sdk.js ${num(r.sdkBytes.gzip, 0)} B gzip. Page errors: ${r.pageErrors.length}.`,
    '',
    `decide() (${num(r.decideGrid[0].calls, 0)} calls per cell, each after a page_view so the whole pipeline runs; events read back from IndexedDB after a reload):`,
    '',
    table(['stored events', 'offers', 'eligible', 'p50', 'p90', 'p99', 'max', 'main-thread CPU per call'], r.decideGrid.map((c) => [
      num(c.storedEvents, 0), num(c.offers, 0), num(c.offersEligibleAtLastDecide, 0), `${c.p50Ms} ms`, `${c.p90Ms} ms`, `${c.p99Ms} ms`, `${c.maxMs} ms`, `${c.meanMainThreadCpuMs} ms`,
    ])),
    '',
    `track() (${num(r.track.calls, 0)} events): ${r.track.meanSyncMs} ms synchronous per call, ${r.track.meanMainThreadCpuMs} ms main-thread CPU per event including the batched IndexedDB writes, ${r.track.meanIncludingBatchedWritesMs} ms wall clock per event until flushed.`,
    '',
    'Time to first decision, from navigation start to the first `decide()` resolving (page, `sdk.js` and config answered from memory by Playwright: no network latency):',
    '',
    table(['visit', 'state', 'loads', 'p50', 'max', 'sdk.js arrived (p50)', 'SDK start + decide (p50)', 'offer shown'], [
      visit('first', t.firstVisit, `empty IndexedDB, config fetched, ${t.firstVisit.offers} offers`),
      visit('repeat', t.repeatVisit, `config cached in IndexedDB (${t.repeatVisit.revalidations} revalidations), ${num(t.repeatVisit.storedEvents, 0)} events, ${t.repeatVisit.offers} offers`),
    ]),
  ].join('\n');
}

function junkSection(b) {
  if (!b?.available) return unavailable('junk', b);
  const r = b.result.result;
  const runs = (f) => `${f.feedbackMs.map((ms) => num(ms, 0)).join(', ')} ms (cells flushed: ${f.flushedCells.join(', ')})`;
  const beside = (g) => `p50 ${num(g.p50Ms, 1)} ms, p99 ${num(g.p99Ms, 1)} ms, max ${num(g.maxMs, 1)} ms (${g.requests} requests)`;
  return [
    `wrangler dev on 127.0.0.1 (a free port), demo site, at most ${num(r.cellsPerSiteAndDay, 0)} new counter cells per site and day. ${num(r.junkReportsPerKind, 0)} junk reports of each kind, unauthenticated, in batches of 200; then feedback runs (POST .../feedback, which flushes, re-solves the LP and republishes), each with config GETs every 10 ms beside it.`,
    '',
    table(['measure', 'value'], [
      ['config GET, quiet edge', beside(r.quietConfigGet)],
      ['feedback runs before any junk', runs(r.feedbackBeforeJunk)],
      ['config GET beside them', beside(r.feedbackBeforeJunk.besideConfigGet)],
      ['junk naming unpublished versions: answers', `${JSON.stringify(r.unpublishedVersionJunk.sent.statuses)}, ${r.unpublishedVersionJunk.sent.accepted} reports counted, sent in ${r.unpublishedVersionJunk.sent.seconds} s`],
      ['feedback runs after it', runs(r.unpublishedVersionJunk.feedbackAfter)],
      ['config GET beside them', beside(r.unpublishedVersionJunk.feedbackAfter.besideConfigGet)],
      ['worst counted junk (each report a new cell the site accepts): answers', `${JSON.stringify(r.worstCountedJunk.sent.statuses)}, ${num(r.worstCountedJunk.sent.accepted, 0)} reports counted, ${num(r.worstCountedJunk.sent.droppedForCellLimit, 0)} dropped at the day's cell limit, sent in ${r.worstCountedJunk.sent.seconds} s`],
      ['feedback runs after it', runs(r.worstCountedJunk.feedbackAfter)],
      ['config GET beside them', beside(r.worstCountedJunk.feedbackAfter.besideConfigGet)],
    ]),
  ].join('\n');
}

function genericSection(b) {
  if (!b?.available) return unavailable('', b);
  return table(['measure', 'value'], flatten(b.result).map(([k, v]) => [k, num(v, 3)]));
}

/** Writes RESULTS.md and the charts beside it. */
export function writeReport(results, dir) {
  const charts = [];
  const B = results.benchmarks;
  const section = (title, body, b) => `## ${title}\n\n${body}\n\n_Ran on: ${machineLine(results.machine)}${b?.seconds !== undefined ? `; took ${b.seconds} s` : ''}${b?.fromEarlierRun ? `; measured in the run of ${b.fromEarlierRun}` : ''}._\n`;
  const parts = [
    '# Edgewise benchmarks',
    '',
    `Generated by \`npm run bench\`${results.quick ? ' --quick' : ''} on ${results.generatedAt} in ${results.totalSeconds} s (sections marked with an earlier run were kept from it by \`--only\`). Machine: ${machineLine(results.machine)}. Every figure below was measured by this script on this machine (the shared 2-core machine, other work running beside it), in this run or in the earlier run a section names, except GrowthBook's script size, a figure it states. Traffic went to 127.0.0.1 only.`,
    '',
    section('SDK bytes', sdkSection(B.sdkBytes, charts), B.sdkBytes),
    section('Simulator: incremental profit against ground truth', simulatorSection(B.simulator), B.simulator),
    section('Worker under load (`bench/worker.mjs`)', workerSection(B.worker), B.worker),
    section('Feedback loop under junk outcomes (`bench/outcomes-junk.mjs`)', junkSection(B.junk), B.junk),
    section('Edge LP (`bench/lp.mjs`)', lpSection(B.lp, charts), B.lp),
    section('SDK decide() and track() in Chromium (`bench/sdk.mjs`)', sdkBenchSection(B.sdk), B.sdk),
    section('Scoring (`bench/scoring.mjs`)', genericSection(B.scoring), B.scoring),
    section('Customer value (`bench/clv.ts`)', genericSection(B.clv), B.clv),
    section('Uplift models on Hillstrom (`npm run eval:hillstrom`)', hillstromSection(B.hillstrom), B.hillstrom),
  ];
  writeFileSync(path.join(dir, 'RESULTS.md'), `${parts.join('\n')}\n`);
  for (const [name, svg] of charts) writeFileSync(path.join(dir, name), svg);
}
