// The fits reproduce the papers' CDNOW parameters, and recover known parameters from shoppers drawn from the models.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../stats/prng.ts';
import { sampleGamma } from '../stats/thompson.ts';
import { datasetPath, missing } from '../tests/datasets.ts';
import { fitBgNbd, fitGammaGamma } from './fit.ts';
import { drawShopper, summaryOf } from './simulate.ts';

const SUMMARY = 'cdnow/cdnow_customers_summary_with_transactions.csv';
const file = datasetPath(SUMMARY);
const sig3 = (v: number) => Number(v.toPrecision(3));

describe.skipIf(!file)(`CDNOW, the 2,357 shoppers of the papers${file ? '' : ` (${missing(SUMMARY)})`}`, () => {
  const rows = file
    ? readFileSync(file, 'utf8').trim().split(/\r?\n/).slice(1).map((line) => {
        const [, x, tx, T, m] = line.split(',').map(Number);
        return { x: x!, tx: tx!, T: T!, m: m! };
      })
    : [];

  it('BG/NBD: r = 0.243, α = 4.41, a = 0.793, b = 2.43 and ln L = −9,582.4, as published (FHL 2005)', () => {
    const fit = fitBgNbd(rows);
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(2357);
    const { r, alpha, a, b } = fit.params;
    expect([sig3(r), sig3(alpha), sig3(a), sig3(b)]).toEqual([0.243, 4.41, 0.793, 2.43]);
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(fit.standardErrors!.r).toBeGreaterThan(0.005);
    expect(fit.standardErrors!.r).toBeLessThan(0.03);
  });

  it('Gamma-Gamma: p = 6.25, q = 3.74, γ = 15.4 on the 946 repeat buyers, as published (FHL 2005, "RFM and CLV")', () => {
    const fit = fitGammaGamma(rows.filter((r) => r.x > 0).map((r) => ({ x: r.x, m: r.m })));
    expect(fit.customers).toBe(946);
    const { p, q, gamma } = fit.params;
    expect([sig3(p), sig3(q), sig3(gamma)]).toEqual([6.25, 3.74, 15.4]);
  });
});

describe('fits on shoppers drawn from the models', () => {
  it('BG/NBD recovers its parameters within three standard errors (5,000 shoppers, weekly, ages 10 to 60)', () => {
    const truth = { r: 0.6, alpha: 3, a: 0.8, b: 3 };
    const rng = mulberry32(11);
    const rows = Array.from({ length: 5000 }, () => {
      const T = 10 + 50 * rng();
      return summaryOf(drawShopper(truth, T, rng), T);
    });
    const fit = fitBgNbd(rows);
    for (const key of ['r', 'alpha', 'a', 'b'] as const)
      expect(Math.abs(fit.params[key] - truth[key]), key).toBeLessThan(3 * fit.standardErrors![key]);
  });

  it('weights count as repeated rows', () => {
    const rows = [{ x: 0, tx: 0, T: 30 }, { x: 2, tx: 10, T: 30 }, { x: 5, tx: 28, T: 35 }, { x: 1, tx: 3, T: 20 }];
    const weighted = fitBgNbd(rows.map((r, i) => ({ ...r, weight: i + 1 })));
    const repeated = fitBgNbd(rows.flatMap((r, i) => Array.from({ length: i + 1 }, () => r)));
    expect(weighted.params.r).toBeCloseTo(repeated.params.r, 6);
    expect(weighted.logLikelihood).toBeCloseTo(repeated.logLikelihood, 6);
  });

  it('Gamma-Gamma recovers its parameters within three standard errors (3,000 repeat buyers)', () => {
    const truth = { p: 4, q: 3, gamma: 20 };
    const rng = mulberry32(5);
    const rows = Array.from({ length: 3000 }, () => {
      const nu = sampleGamma(truth.q, rng) / truth.gamma;
      const x = 1 + Math.floor(rng() * 6);
      let total = 0;
      for (let i = 0; i < x; i++) total += sampleGamma(truth.p, rng) / nu;
      return { x, m: total / x };
    });
    const fit = fitGammaGamma(rows);
    for (const key of ['p', 'q', 'gamma'] as const)
      expect(Math.abs(fit.params[key] - truth[key]), key).toBeLessThan(3 * fit.standardErrors![key]);
  });

  it('names the customer whose summary is impossible', () => {
    expect(() => fitBgNbd([{ x: 1, tx: 5, T: 9 }, { x: 2, tx: 12, T: 9 }])).toThrow('customer 2: expected an integer x >= 0 and 0 <= t_x <= T');
    expect(() => fitGammaGamma([{ x: 0, m: 10 }])).toThrow('customer 1: expected x > 0 repeat purchases of mean value > 0');
    expect(() => fitBgNbd([])).toThrow('expected at least one customer');
  });
});
