// Customer-value benchmark (not a test): fit times on CDNOW, the privacy-preserving fit's time, and what one
// shopper's forecast costs (what the device's sdk-value.js runs at each decision). Prints JSON.
// Usage: node models/run-ts.mjs bench/clv.ts
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { customerValue } from '../client-sdk/src/profile/value.ts';
import { applyEvent, emptyState } from '../client-sdk/src/profile/index.ts';
import {
  cellCount, cellOf, dayNumber, fitBgNbd, fitFromHistogram, fitGammaGamma, forecastCustomer, simulateReports, summariseTransactions,
} from '../customer-value/index.ts';
import { customerValueSchema, valueReportSchema } from '../protocol/index.ts';
import { mulberry32 } from '../stats/prng.ts';

const root = process.env.EDGEWISE_ROOT ?? process.cwd();
const data = process.env.EDGEWISE_DATASETS ?? [path.resolve(root, '..', 'shared', 'datasets'), path.resolve(root, '..', '..', 'shared', 'datasets')].find((d) => existsSync(d));
if (!data || !existsSync(path.join(data, 'cdnow', 'CDNOW_master.txt'))) {
  process.stdout.write(JSON.stringify({ available: false, reason: 'the CDNOW files are absent (../shared/datasets/cdnow; or set EDGEWISE_DATASETS)' }));
  process.exit(0);
}
/** Median wall time of `runs` calls, in ms. */
function time(runs: number, f: () => unknown): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return Math.round(t.sort((a, b) => a - b)[Math.floor(runs / 2)]! * 10) / 10;
}

const summary = readFileSync(path.join(data, 'cdnow', 'cdnow_customers_summary_with_transactions.csv'), 'utf8').trim().split(/\r?\n/).slice(1)
  .map((l) => l.split(',').map(Number)).map(([, x, tx, T, m]) => ({ x: x!, tx: tx!, T: T!, m: m! }));
const tx = readFileSync(path.join(data, 'cdnow', 'CDNOW_master.txt'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.trim().split(/\s+/))
  .map(([c, d, , v]) => ({ customer: c!, day: dayNumber(d!), value: Number(v) }));
const cohort = summariseTransactions(tx, { calibrationEnd: dayNumber('1997-09-30'), unitDays: 7 });
const grid = valueReportSchema.parse({});
const cells = cohort.map((r) => cellOf(grid, { x: r.x, txDays: r.tx * 7, TDays: r.T * 7 }));
const reports = simulateReports(cells, cellCount(grid), grid.epsilon, mulberry32(1));
const model = customerValueSchema.parse({
  timeUnit: 'week', bgnbd: fitBgNbd(summary).params, gammaGamma: fitGammaGamma(summary.filter((s) => s.x > 0)).params, margin: 0.3,
  tiers: { value: { medium: 10, high: 40 }, potential: { medium: 20, high: 60 } },
});
const t0 = performance.now();
for (const c of cohort) forecastCustomer(model, c);
const perForecastUs = Math.round(((performance.now() - t0) * 1000) / cohort.length * 10) / 10;
const state = emptyState(0);
for (const week of [0, 4, 9, 20]) applyEvent(state, { t: week * 7 * 86_400_000, type: 'purchase', items: [], value: 30 });
const calls = 20_000;
const t1 = performance.now();
for (let i = 0; i < calls; i++) void customerValue(state, { customerValue: model }, (200 + (i % 100)) * 86_400_000);
const perDeviceCallUs = Math.round(((performance.now() - t1) * 1000) / calls * 10) / 10;

process.stdout.write(JSON.stringify({
  available: true,
  'BG/NBD fit, 2,357 shoppers (ms, median of 5)': time(5, () => fitBgNbd(summary)),
  'BG/NBD fit, 23,570 shoppers (ms, median of 3)': time(3, () => fitBgNbd(cohort)),
  'Gamma-Gamma fit, 946 repeat buyers (ms, median of 5)': time(5, () => fitGammaGamma(summary.filter((s) => s.x > 0))),
  [`fit from ${cohort.length} randomised reports, ${cellCount(grid)} cells (ms, median of 3)`]: time(3, () => fitFromHistogram(reports, grid, { epsilon: grid.epsilon, unitDays: 7 })),
  'forecastCustomer, one shopper, 365-day horizon (µs, mean over the cohort)': perForecastUs,
  'device customerValue() call, one shopper (µs, mean of 20,000)': perDeviceCallUs,
}));
