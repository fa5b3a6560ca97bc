import { describe, expect, it } from 'vitest';
import { mulberry32 } from './prng.ts';
import { compareRates, estimateRate, twoProportionZTest, wilsonInterval } from './proportions.ts';
import { randomiseBit } from './randomised-response.ts';

describe('proportions', () => {
  it('Wilson interval matches known values, including 0 and n successes', () => {
    const [lo, hi] = wilsonInterval(20, 100);
    expect(lo).toBeCloseTo(0.13336693333103253, 12);
    expect(hi).toBeCloseTo(0.28882916559315885, 12);
    expect(wilsonInterval(0, 50)[0]).toBe(0);
    expect(wilsonInterval(0, 50)[1]).toBeCloseTo(0.07134759913335872, 12);
    expect(wilsonInterval(50, 50)[0]).toBeCloseTo(0.9286524008666414, 12);
    expect(wilsonInterval(3, 0)).toEqual([0, 1]);
  });

  it('two-proportion z-test: 200/1000 vs 240/1000 gives z = 2.1592, p = 0.030837 (scipy)', () => {
    const test = twoProportionZTest(200, 1000, 240, 1000);
    expect(test.z).toBeCloseTo(2.1591675854376513, 12);
    expect(test.pValue).toBeCloseTo(0.030837167828904312, 12);
    expect(twoProportionZTest(0, 100, 0, 100)).toEqual({ z: 0, pValue: 1 });
  });

  it('returns no estimate for an arm without reports, and no relative lift over a zero control', () => {
    expect(estimateRate(0, 0)).toBeUndefined();
    const comparison = compareRates(estimateRate(0, 500)!, estimateRate(10, 500)!);
    expect(comparison.relativeLift).toBeNull();
    expect(comparison.absoluteLift).toBeCloseTo(0.02, 12);
  });

  // Coverage in simulation: the randomised-response interval of the debiased rate covers the true rate about
  // 1 − alpha of the time (binomial sampling and the noise together).
  it('the debiased Wilson interval covers the true rate at about its nominal level', () => {
    const rng = mulberry32(77);
    const epsilon = Math.log(3);
    const p = 0.12;
    const n = 800;
    const replications = 2_000;
    let covered = 0;
    for (let r = 0; r < replications; r++) {
      let ones = 0;
      for (let i = 0; i < n; i++) ones += randomiseBit(rng() < p ? 1 : 0, epsilon, rng);
      const [lo, hi] = estimateRate(ones, n, { epsilon })!.ci;
      if (lo <= p && p <= hi) covered++;
    }
    const coverage = covered / replications;
    expect(Math.abs(coverage - 0.95)).toBeLessThan(4 * Math.sqrt((0.95 * 0.05) / replications));
  });
});
