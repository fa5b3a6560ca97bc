#!/usr/bin/env node
// Benchmark of the edge LP (not a test): random shop-shaped problems solved and certified, each size in its own
// child process so wall time and peak memory are its own. Prints JSON. Usage: node bench/lp.mjs [--quick]
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'node_modules', '.cache', 'edgewise', 'optimiser-bench.mjs');

/**
 * Sizes to measure: column generation (the design) and, for reference, yalps on the whole pool at once. Each
 * child runs under a V8 heap cap (--max-old-space-size) to show the solve fits it; a Worker's 128 MB covers the
 * heap plus ArrayBuffers (yalps' Float64Array tableau), reported as arrayBuffersMB.
 */
const RUNS = [
  { segments: 20, offers: 50, mode: 'cg', heapLimitMB: 16 },
  { segments: 100, offers: 500, mode: 'cg', heapLimitMB: 16 },
  { segments: 100, offers: 500, mode: 'direct', heapLimitMB: 64 },
  { segments: 100, offers: 500, mode: 'cg', maxSlots: 3, heapLimitMB: 24 },
  { segments: 200, offers: 2000, mode: 'cg', heapLimitMB: 64 },
  { segments: 200, offers: 2000, mode: 'cg', maxSlots: 3, heapLimitMB: 64 },
  { segments: 400, offers: 4000, mode: 'cg', density: 0.25, heapLimitMB: 96 },
  { segments: 500, offers: 5000, mode: 'cg', density: 0.1, heapLimitMB: 96 },
];

async function child(spec) {
  const { solveOfferProblem, randomProblem } = await import(pathToFileURL(bundle).href);
  const baselineRss = process.memoryUsage().rss;
  const problem = randomProblem({ ...spec, seed: spec.seed ?? 1 });
  const afterProblemRss = process.memoryUsage().rss;
  const options = spec.mode === 'direct' ? { directColumns: Infinity, maxTableauCells: Infinity } : {};
  const times = [];
  let solution;
  for (let i = 0; i < (spec.repeat ?? 3); i++) {
    const started = performance.now();
    solution = solveOfferProblem(problem, options);
    times.push(performance.now() - started);
  }
  const memory = process.memoryUsage();
  const c = solution.certificate;
  return {
    size: `${spec.segments}x${spec.offers}`,
    mode: spec.mode,
    heapLimitMB: spec.heapLimitMB,
    maxSlots: spec.maxSlots ?? 1,
    density: spec.density ?? 1,
    status: solution.status,
    reason: solution.reason,
    eligiblePairs: solution.stats.eligible,
    poolColumns: solution.stats.pool,
    masterColumns: solution.stats.master,
    rounds: solution.stats.rounds,
    largestTableauMB: Math.round((solution.stats.tableauCells * 8) / 2 ** 20),
    objective: solution.objective,
    relativeGap: c?.relativeGap,
    primalViolation: c?.primalViolation,
    budgetDual: solution.duals?.budget,
    bindingInventories: solution.duals ? Object.values(solution.duals.inventory).filter((v) => v > 0).length : null,
    firstSolveMs: Math.round(times[0]),
    medianSolveMs: Math.round([...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    baselineRssMB: Math.round(baselineRss / 2 ** 20),
    problemRssMB: Math.round((afterProblemRss - baselineRss) / 2 ** 20),
    heapUsedMB: Math.round(memory.heapUsed / 2 ** 20),
    arrayBuffersMB: Math.round(memory.arrayBuffers / 2 ** 20),
  };
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  process.stdout.write(JSON.stringify(await child(JSON.parse(args[1]))));
} else {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [path.join(root, 'optimiser/index.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'neutral',
    format: 'esm',
    packages: 'external',
    logLevel: 'error',
  });
  const runs = args.includes('--quick') ? RUNS.slice(0, 2) : RUNS;
  const results = [];
  for (const spec of runs) {
    try {
      const flags = spec.heapLimitMB ? [`--max-old-space-size=${spec.heapLimitMB}`] : [];
      const out = execFileSync(process.execPath, [...flags, fileURLToPath(import.meta.url), '--child', JSON.stringify(spec)], { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
      results.push(JSON.parse(out));
    } catch (error) {
      const stderr = String(error.stderr || error.message);
      const reason = /heap out of memory/.test(stderr) ? `out of memory under a ${spec.heapLimitMB} MB heap` : stderr.split('\n')[0];
      results.push({ size: `${spec.segments}x${spec.offers}`, mode: spec.mode, heapLimitMB: spec.heapLimitMB, error: reason });
    }
  }
  process.stdout.write(`${JSON.stringify({ node: process.version, cpus: (await import('node:os')).cpus().length, results }, null, 2)}\n`);
}
