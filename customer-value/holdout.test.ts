// The papers' checks: holdout forecasts grouped by calibration frequency, and the calibration-period histogram.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../stats/prng.ts';
import { expectedPurchases } from './bgnbd.ts';
import { comparisonChart, panelsFor } from './chart.ts';
import { calibrationFit, compareHoldout } from './holdout.ts';
import { drawShopper } from './simulate.ts';

const params = { r: 0.6, alpha: 3, a: 0.8, b: 3 };

describe('compareHoldout', () => {
  it('sums every shopper\'s forecast and observed purchases, and groups them 0 ... 7+', () => {
    const records = [
      { x: 0, tx: 0, T: 30, holdoutPurchases: 1 },
      { x: 0, tx: 0, T: 30, holdoutPurchases: 0 },
      { x: 3, tx: 20, T: 30, holdoutPurchases: 2 },
      { x: 9, tx: 29, T: 30, holdoutPurchases: 6 },
    ];
    const c = compareHoldout(params, records, 26);
    const forecast = records.reduce((s, r) => s + expectedPurchases(params, r, 26), 0);
    expect(c.predicted).toBeCloseTo(forecast, 12);
    expect(c.actual).toBe(9);
    expect(c.byFrequency.map((g) => g.frequency)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(c.byFrequency[0]).toMatchObject({ customers: 2, actual: 0.5 });
    expect(c.byFrequency[7]).toMatchObject({ customers: 1, actual: 6 });
    expect(c.relativeError).toBeCloseTo((forecast - 9) / 9, 12);
  });

  it('is unbiased on shoppers drawn from the model itself (within 3% over 20,000)', () => {
    const rng = mulberry32(3);
    const records = Array.from({ length: 20_000 }, () => {
      const s = drawShopper(params, 52, rng);
      const calibration = s.purchases.filter((t) => t <= 26);
      const holdoutPurchases = s.purchases.length - calibration.length;
      return { x: calibration.length, tx: calibration.at(-1) ?? 0, T: 26, holdoutPurchases };
    });
    const c = compareHoldout(params, records, 26);
    expect(Math.abs(c.relativeError)).toBeLessThan(0.03);
    const fit = calibrationFit(params, records);
    expect(fit.reduce((s, g) => s + g.expected, 0)).toBeCloseTo(20_000, 6);
    for (const g of fit.slice(0, 4)) expect(Math.abs(g.expected - g.actual) / g.actual, g.frequency).toBeLessThan(0.05);
    const svg = comparisonChart('Drawn shoppers', panelsFor(fit, c));
    expect(svg.match(/<polyline/g)).toHaveLength(4);
    expect(svg).toContain('7+');
    expect(svg).toContain('Holdout (26 time units)');
  });
});
