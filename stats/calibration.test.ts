// Recalibrating uplift from the holdback: evidence moves the shift as far as it is strong, noise moves nothing.
import { describe, expect, it } from 'vitest';
import { upliftOfDecile } from '../protocol/holdback.ts';
import { upliftCalibration } from './calibration.ts';
import type { HoldbackCell } from './holdback.ts';

const cell = (offer: string, decile: number, shown: boolean, rate: number, variance: number, units = 1000): HoldbackCell => ({
  offer, decile, shown, units, conversionRate: rate, conversionRateVariance: variance,
  revenuePerUnit: 0, revenuePerUnitVariance: 0, opened: 1000, pending: 0, arrivedShare: 1,
});

/** Holdback cells for offers whose measured uplift is the decile's prediction plus `bias[offer]`. */
function cells(bias: Record<string, number>, variance: number): HoldbackCell[] {
  return Object.entries(bias).flatMap(([offer, b]) =>
    [3, 5, 7].flatMap((d) => [cell(offer, d, true, 0.1 + upliftOfDecile(d) + b, variance), cell(offer, d, false, 0.1, variance)]),
  );
}

describe('upliftCalibration', () => {
  it('leaves predictions alone when the measurements agree with them', () => {
    const { offers, common } = upliftCalibration(cells({ a: 0, b: 0, c: 0 }, 1e-4), 10);
    expect(common).toBeCloseTo(0, 12);
    for (const o of Object.values(offers)) for (const s of o.shift) expect(s).toBeCloseTo(0, 12);
  });

  it('moves an offer the measurements put far from its prediction, with precise data, nearly all the way', () => {
    const { offers, common } = upliftCalibration(cells({ a: 0.03, b: 0, c: 0, d: 0, e: -0.02 }, 1e-6), 20);
    // Relative to the offers' mean residual (0.002), which five offers do not establish as shared: common stays 0.
    expect(common).toBe(0);
    expect(offers.a!.shift[5]).toBeCloseTo(0.028, 3);
    expect(offers.e!.shift[5]).toBeCloseTo(-0.022, 3);
    expect(Math.abs(offers.b!.shift[5]!)).toBeLessThan(0.002);
    // Deciles never measured take their offer's shift.
    expect(offers.a!.shift[0]).toBeCloseTo(offers.a!.shift[5]!, 3);
  });

  it('moves nothing when the same differences are buried in randomised-response noise', () => {
    // Variance 0.75 / 500 per rate: ε = ln 3 on 500 reports a cell.
    const { offers } = upliftCalibration(cells({ a: 0.03, b: 0, c: 0, d: 0, e: -0.02 }, 0.75 / 500), Math.log(3));
    for (const o of Object.values(offers)) for (const s of o.shift) expect(Math.abs(s)).toBeLessThan(0.01);
  });

  it('floors a cell\'s variance at what randomised response alone gives, so an all-zero cell is not taken as certain', () => {
    // Twelve reports a side, all 0 shown and a few 1s held back: noise, however certain the plug-in variance says it is.
    const zero = [cell('a', 5, true, 0, 0, 12), cell('a', 5, false, 0.3, 0, 12), ...cells({ b: 0, c: 0 }, 0.75 / 1000)];
    const { offers, common } = upliftCalibration(zero, Math.log(3));
    expect(common).toBeCloseTo(0, 12);
    expect(Math.abs(offers.a!.shift[5]!)).toBeLessThan(0.01);
  });

  it('needs both a shown and a held-back cell to measure a decile', () => {
    expect(upliftCalibration([cell('a', 5, true, 0.2, 1e-4)], Math.log(3)).offers).toEqual({});
  });
});
