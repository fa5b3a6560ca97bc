import { describe, expect, it } from 'vitest';
import { bucketValues, revenueLift, revenuePerExposure } from './revenue.ts';

describe('revenue per exposure', () => {
  it('values buckets at their midpoints and the open last bucket at its lower edge', () => {
    expect(bucketValues()).toEqual([5, 17.5, 37.5, 75, 150, 350, 750, 1000]);
  });

  it('estimates the mean and its variance over all exposures, zeros included', () => {
    const estimate = revenuePerExposure([0, 3, 1], 100)!;
    expect(estimate.total).toBeCloseTo(90, 12);
    expect(estimate.perExposure).toBeCloseTo(0.9, 12);
    // Values: 3 × 17.5, 1 × 37.5, 96 × 0; sample variance over 100 then divided by n.
    const sampleVariance = (3 * 17.5 ** 2 + 37.5 ** 2 - 100 * 0.9 ** 2) / 99;
    expect(estimate.variance).toBeCloseTo(sampleVariance / 100, 12);
    expect(estimate.ci[0]).toBeCloseTo(0.9 - 1.959963984540054 * Math.sqrt(sampleVariance / 100), 9);
    expect(revenuePerExposure([1], 0)).toBeUndefined();
    expect(() => revenuePerExposure([0, 0, 0, 0, 0, 0, 0, 0, 1], 10)).toThrow(/revenue: expected at most 8 bucket counts/);
  });

  it('compares arms with a Welch interval', () => {
    const control = revenuePerExposure([10, 5], 100)!;
    const treatment = revenuePerExposure([10, 15], 100)!;
    const lift = revenueLift(control, treatment);
    expect(lift.lift).toBeCloseTo(1.75, 12);
    const half = 1.959963984540054 * Math.sqrt(control.variance + treatment.variance);
    expect(lift.ci[1] - lift.ci[0]).toBeCloseTo(2 * half, 9);
  });
});
