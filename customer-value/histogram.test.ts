// The reported histogram: cells that say what they hold, probabilities that sum to 1 and match shoppers drawn from
// BG/NBD, and fits from exact and from randomised counts; on CDNOW, how far the privacy-preserving fit lands.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { valueReportSchema } from '../protocol/customer-value.ts';
import { mulberry32 } from '../stats/prng.ts';
import { datasetPath, missing } from '../tests/datasets.ts';
import { expectedPurchases } from './bgnbd.ts';
import { fitBgNbd } from './fit.ts';
import { cellProbabilities, fitFromHistogram, simulateReports } from './histogram-fit.ts';
import { cellCount, cellOf, describeCells, type Grid } from './histogram.ts';
import { drawShopper } from './simulate.ts';
import { dayNumber, summariseTransactions } from './summary.ts';

const grid: Grid = valueReportSchema.parse({});
const truth = { r: 0.4, alpha: 20, a: 0.7, b: 2.5 };

/** Shoppers of a steady flow: first purchases uniform over the last 900 days, in days. */
function drawDevices(n: number, seed: number): { x: number; txDays: number; TDays: number }[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const T = 900 * rng();
    const s = drawShopper(truth, T, rng);
    return { x: s.purchases.length, txDays: s.purchases.at(-1) ?? 0, TDays: T };
  });
}

describe('cells', () => {
  it('are 1 + (ages + 1) × (1 + frequency buckets × recency buckets), and each holds what cellOf puts in it', () => {
    expect(cellCount(grid)).toBe(1 + 5 * (1 + 4 * 2));
    const cells = describeCells(grid);
    expect(cells).toHaveLength(cellCount(grid));
    expect(cellOf(grid, null)).toBe(0);
    for (const s of drawDevices(3000, 1)) {
      const c = cells[cellOf(grid, s)]!;
      expect(s.TDays >= c.age[0] && (s.TDays < c.age[1] || c.age[1] === 1460)).toBe(true);
      expect(s.x >= c.x[0] && (c.x[1] === null || s.x <= c.x[1])).toBe(true);
      if (s.x > 0) expect(s.txDays / s.TDays >= c.recency[0] && s.txDays / s.TDays <= c.recency[1]).toBe(true);
    }
  });

  it('have probabilities that sum to 1 in each age bucket and match shoppers drawn from the model', () => {
    const p = cellProbabilities(truth, { ...grid, ageDays: [300, 600] }, 1);
    const g = { ...grid, ageDays: [300, 600] };
    const perAge = 1 + g.frequency.length * g.recency;
    for (let a = 0; a < 3; a++) expect(p.slice(1 + a * perAge, 1 + (a + 1) * perAge).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 10);
    // 30,000 shoppers aged uniformly within 0-900 days (the grid's last bucket, 600-1200, is half filled: its
    // uniform age assumption does not hold, so it is left out).
    const devices = drawDevices(30_000, 2);
    const counts = new Array(cellCount(g)).fill(0);
    for (const s of devices) counts[cellOf(g, s)]++;
    for (let a = 0; a < 2; a++) {
      const n = counts.slice(1 + a * perAge, 1 + (a + 1) * perAge).reduce((s, c) => s + c, 0);
      for (let c = 1 + a * perAge; c < 1 + (a + 1) * perAge; c++) {
        const sd = Math.sqrt(n * p[c]! * (1 - p[c]!));
        expect(Math.abs(counts[c] - n * p[c]!), `cell ${c}`).toBeLessThan(4 * sd + 1);
      }
    }
  });
});

describe('fitFromHistogram', () => {
  const devices = drawDevices(40_000, 3);
  const g = { ...grid, ageDays: [150, 300, 450, 600, 750] };
  const k = cellCount(g);
  const counts = new Array(k).fill(0);
  for (const s of devices.filter((d) => d.TDays < 900 && d.TDays >= 0)) counts[cellOf(g, s)]++;

  it('recovers the parameters from exact counts', () => {
    const fit = fitFromHistogram(counts, g);
    expect(fit.buyerShare).toBe(1);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(fit.params[key] / truth[key] - 1), key).toBeLessThan(0.25);
  });

  it('fits the reports of k-ary randomised response, ending close to the exact-count fit at a large ε', () => {
    const exact = fitFromHistogram(counts, g);
    const cells = devices.map((s) => cellOf(g, s));
    const noisy = fitFromHistogram(simulateReports(cells, k, 8, mulberry32(4)), g, { epsilon: 8 });
    const at = { x: 3, tx: 200, T: 400 };
    expect(expectedPurchases(noisy.params, at, 365) / expectedPurchases(exact.params, at, 365)).toBeCloseTo(1, 1);
    expect(() => fitFromHistogram([1, 2], g)).toThrow(`expected one count per cell (${k})`);
  });
});

const MASTER = 'cdnow/CDNOW_master.txt';
const master = datasetPath(MASTER);

describe.skipIf(!master)(`CDNOW, 23,570 devices reporting once${master ? '' : ` (${missing(MASTER)})`}`, () => {
  it('forecasts the 39-week holdout within 3% of the exact fit without noise, and within 6% at ε = 4', () => {
    const tx = readFileSync(master!, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.trim().split(/\s+/))
      .map(([c, d, , v]) => ({ customer: c!, day: dayNumber(d!), value: Number(v) }));
    const records = summariseTransactions(tx, { calibrationEnd: dayNumber('1997-09-30'), unitDays: 7 });
    const forecast = (p: typeof truth) => records.reduce((s, r) => s + expectedPurchases(p, r, 39), 0);
    const exact = forecast(fitBgNbd(records).params);
    const cells = records.map((r) => cellOf(grid, { x: r.x, txDays: r.tx * 7, TDays: r.T * 7 }));
    const counts = new Array(cellCount(grid)).fill(0);
    for (const c of cells) counts[c]++;
    expect(Math.abs(forecast(fitFromHistogram(counts, grid, { unitDays: 7 }).params) / exact - 1)).toBeLessThan(0.03);
    for (const seed of [1, 2]) {
      const fit = fitFromHistogram(simulateReports(cells, counts.length, 4, mulberry32(seed)), grid, { unitDays: 7, epsilon: 4 });
      expect(Math.abs(forecast(fit.params) / exact - 1), `seed ${seed}`).toBeLessThan(0.06);
    }
  });
});
