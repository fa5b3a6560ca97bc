// The simulator's benchmarks for `npm run bench`: Edgewise against the oracle, the observable oracle and
// propensity targeting at the default size and at 50,000 shoppers, and the loop against edgewise-static over
// budget periods. Each run is `npx edgewise simulate --json`, as a user would run it.
import path from 'node:path';
import { runJsonChild } from './lib.mjs';

const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** One `edgewise simulate --json` per seed; null and the reason on the first failure. */
async function runs(root, seeds, args, timeoutMs) {
  const out = [];
  for (const seed of seeds) {
    const run = await runJsonChild(process.execPath, ['bin/edgewise.js', 'simulate', '--json', '--seed', String(seed), ...args], { cwd: root, timeoutMs });
    if (!run.available) return { error: `seed ${seed}: ${run.reason}` };
    out.push({ seconds: run.seconds, ...run.result });
  }
  return { results: out };
}

/** Per seed: each policy's realised incremental profit and its share of the oracle's and the observable oracle's. */
function shares(results) {
  return results.map((r) => {
    const oracle = r.policies.oracle?.incrementalProfit;
    const observable = r.policies['oracle-observable']?.incrementalProfit;
    return {
      seed: r.seed, shoppers: r.shoppers, days: r.days, budget: r.budget, violationsBy: r.violationsBy,
      policies: Object.fromEntries(Object.entries(r.policies).map(([name, p]) => [name, {
        incrementalProfit: p.incrementalProfit,
        ofOracle: oracle ? round((100 * p.incrementalProfit) / oracle) : null,
        ofObservable: observable ? round((100 * p.incrementalProfit) / observable) : null,
        spend: p.spend,
        periods: p.periods.map((x) => x.incrementalProfit),
      }])),
    };
  });
}

/** Means over seeds of each policy's figures. */
function means(perSeed) {
  const names = Object.keys(perSeed[0].policies);
  return Object.fromEntries(names.map((n) => {
    const rows = perSeed.map((s) => s.policies[n]);
    const share = (key) => (rows.every((r) => r[key] !== null) ? round(mean(rows.map((r) => r[key]))) : null);
    return [n, {
      incrementalProfit: round(mean(rows.map((r) => r.incrementalProfit)), 0),
      ofOracle: share('ofOracle'),
      ofObservable: share('ofObservable'),
      violations: perSeed.reduce((a, s) => a + (s.violationsBy[n] ?? 0), 0),
    }];
  }));
}

/**
 * The three simulator benchmarks: the defaults (every policy), 50,000 shoppers (Edgewise, propensity and both
 * oracles) and three budget periods (the loop against edgewise-static).
 * @example await simulatorBench(root, { seeds: [1, 2, 3], chart: 'bench/simulator.svg' })
 */
export async function simulatorBench(root, { seeds, quick, chart }) {
  const size = quick ? ['--shoppers', '5000', '--days', '14'] : [];
  const big = quick ? ['--shoppers', '10000', '--days', '14'] : ['--shoppers', '50000'];
  const started = performance.now();
  const defaults = await runs(root, seeds, [...size, '--chart', path.join(root, chart)], 900_000);
  if (defaults.error) return { available: false, reason: defaults.error };
  const large = await runs(root, seeds, [...big, '--policies', 'propensity,edgewise,oracle-observable,oracle'], 2_400_000);
  const periods = await runs(root, seeds, [...size, '--periods', '3', '--policies', 'edgewise-static,edgewise'], 1_200_000);
  const section = (r, command) => {
    if (r.error) return { available: false, reason: r.error };
    const perSeed = shares(r.results);
    return { available: true, command, perSeed, means: means(perSeed), secondsPerRun: r.results.map((x) => x.seconds) };
  };
  const p = periods.error ? null : shares(periods.results);
  const laterPeriods = (name) => round(mean(p.map((s) => s.policies[name].periods.slice(1).reduce((a, b) => a + b, 0))), 0);
  return {
    available: true,
    seeds,
    defaults: section(defaults, `npx edgewise simulate --json --seed N ${size.join(' ')}`.trim()),
    large: section(large, `npx edgewise simulate --json --seed N ${big.join(' ')} --policies propensity,edgewise,oracle-observable,oracle`),
    periods: periods.error
      ? { available: false, reason: periods.error }
      : {
          available: true,
          command: `npx edgewise simulate --json --seed N ${size.join(' ')} --periods 3 --policies edgewise-static,edgewise`.trim(),
          perSeed: p.map((s) => ({ seed: s.seed, loop: s.policies.edgewise.periods, static: s.policies['edgewise-static'].periods, violations: s.violationsBy })),
          laterPeriods: { loop: laterPeriods('edgewise'), static: laterPeriods('edgewise-static') },
        },
    seconds: round((performance.now() - started) / 1000),
  };
}
