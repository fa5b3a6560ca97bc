import { describe, expect, it } from 'vitest';
import { mulberry32 } from './prng.ts';
import { randomiseCategory, roundToLevel } from './randomised-response.ts';
import { revenueLift, revenuePerExposure } from './revenue.ts';

const Z = 1.959963984540054;

describe('revenue per exposure', () => {
  it('averages exact levels over every report set, zeros included', () => {
    const estimate = revenuePerExposure([96, 3, 1], [0, 10, 50])!;
    expect(estimate.perExposure).toBeCloseTo(0.8, 12);
    const sampleVariance = (3 * 100 + 2500 - 100 * 0.8 ** 2) / 99;
    expect(estimate.variance).toBeCloseTo(sampleVariance / 100, 12);
    expect(estimate.ci[0]).toBeCloseTo(0.8 - Z * Math.sqrt(sampleVariance / 100), 9);
    expect(revenuePerExposure([0, 0], [0, 200])).toBeUndefined();
    expect(() => revenuePerExposure([1, 2, 3], [0, 200])).toThrow(/revenue: expected one count per revenue level \(2\), received 3/);
  });

  it('debiases k-ary randomised response: (Σ v·c/n − q·Σ v)/(p − q)', () => {
    // Two levels at ε = ln 3: p = 3/4, q = 1/4.
    const estimate = revenuePerExposure([700, 300], [0, 200], { epsilon: Math.log(3) })!;
    expect(estimate.perExposure).toBeCloseTo((0.3 * 200 - 0.25 * 200) / 0.5, 12);
    const sampleVariance = (300 * 200 ** 2 - 1000 * 60 ** 2) / 999;
    expect(estimate.variance).toBeCloseTo(sampleVariance / 1000 / 0.25, 9);
  });

  it('is unbiased for the clipped mean through the device mechanism, with a variance formula that holds', () => {
    const levels = [0, 50, 200];
    const epsilon = 1.5;
    const rng = mulberry32(11);
    // Each replication samples 600 units: 30% buy, spending U(20, 260), above the last level clipped to 200.
    // E[min(U, 200)] = (200² − 20²)/(2·240) + 200·60/240 = 132.5, so the truth is 0.3 · 132.5.
    const truth = 0.3 * 132.5;
    const replications = 3000;
    let sum = 0;
    let sum2 = 0;
    let formula = 0;
    for (let r = 0; r < replications; r++) {
      const counts = [0, 0, 0];
      for (let i = 0; i < 600; i++) {
        const amount = rng() < 0.3 ? 20 + 240 * rng() : 0;
        counts[randomiseCategory(roundToLevel(amount, levels, rng), 3, epsilon, rng)]!++;
      }
      const e = revenuePerExposure(counts, levels, { epsilon })!;
      sum += e.perExposure;
      sum2 += e.perExposure ** 2;
      formula += e.variance / replications;
    }
    const mean = sum / replications;
    const variance = (sum2 - replications * mean * mean) / (replications - 1);
    expect(Math.abs(mean - truth)).toBeLessThan(4 * Math.sqrt(formula / replications));
    // The sample variance has relative standard error sqrt(2/(R−1)) ≈ 2.6%; 4 of them.
    expect(Math.abs(variance / formula - 1)).toBeLessThan(4 * Math.sqrt(2 / (replications - 1)));
  });

  it('compares arms with a Welch interval', () => {
    const control = revenuePerExposure([90, 10], [0, 50])!;
    const treatment = revenuePerExposure([85, 15], [0, 50])!;
    const lift = revenueLift(control, treatment);
    expect(lift.lift).toBeCloseTo(2.5, 12);
    expect(lift.ci[1] - lift.ci[0]).toBeCloseTo(2 * Z * Math.sqrt(control.variance + treatment.variance), 9);
  });
});
