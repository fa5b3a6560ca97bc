import { describe, expect, it } from 'vitest';
import { mulberry32 } from './prng.ts';
import {
  categoryKeepProbability, debiasCategories, debiasCount, debiasMean, keepProbability, randomiseBit, randomiseCategory, roundToLevel,
} from './randomised-response.ts';

describe('randomised response', () => {
  it('keeps the true bit with probability e^ε/(1+e^ε)', () => {
    expect(keepProbability(Math.log(3))).toBeCloseTo(0.75, 15);
    expect(keepProbability(1)).toBeCloseTo(Math.E / (1 + Math.E), 15);
    expect(() => keepProbability(0)).toThrow(/epsilon: expected a finite number > 0, received 0/);
    const rng = mulberry32(1);
    const n = 50_000;
    let kept = 0;
    for (let i = 0; i < n; i++) kept += randomiseBit(1, Math.log(3), rng);
    expect(Math.abs(kept / n - 0.75)).toBeLessThan(5 * Math.sqrt((0.75 * 0.25) / n));
  });

  it('debiases to (y − n(1−q))/(2q−1) and clamps only the display value', () => {
    const d = debiasCount(400, 1000, Math.log(3));
    expect(d.estimate).toBeCloseTo(300, 10);
    expect(d.variance).toBeCloseTo((1000 * 0.75 * 0.25) / 0.25, 10);
    expect(d.populationVariance).toBeCloseTo((1000 * 0.4 * 0.6) / 0.25, 10);
    const low = debiasCount(10, 100, Math.log(3));
    expect(low.estimate).toBeCloseTo(-30, 10);
    expect(low.clamped).toBe(0);
    expect(() => debiasCount(11, 10, 1)).toThrow(/ones: expected a count between 0 and reports \(10\), received 11/);
  });

  // The estimator must be unbiased for the true count of every sample, including rare outcomes where the
  // clamped value would be biased upwards. R replications; the mean of T̂ is within 4 standard errors of T.
  it.each([
    { n: 200, trueOnes: 6, epsilon: Math.log(3) },
    { n: 2_000, trueOnes: 500, epsilon: Math.log(3) },
    { n: 1_000, trueOnes: 30, epsilon: 0.5 },
    { n: 500, trueOnes: 450, epsilon: 2 },
  ])('is unbiased in simulation (n=$n, T=$trueOnes, ε=$epsilon) and its variance formula holds', ({ n, trueOnes, epsilon }) => {
    const rng = mulberry32(n * 31 + trueOnes);
    const replications = 3_000;
    let sum = 0;
    let sum2 = 0;
    let clampedSum = 0;
    let formula = 0;
    for (let r = 0; r < replications; r++) {
      let y = 0;
      for (let i = 0; i < n; i++) y += randomiseBit(i < trueOnes ? 1 : 0, epsilon, rng);
      const d = debiasCount(y, n, epsilon);
      sum += d.estimate;
      sum2 += d.estimate * d.estimate;
      clampedSum += d.clamped;
      formula = d.variance;
    }
    const mean = sum / replications;
    const variance = (sum2 - replications * mean * mean) / (replications - 1);
    const standardError = Math.sqrt(formula / replications);
    expect(Math.abs(mean - trueOnes)).toBeLessThan(4 * standardError);
    // The sample variance has relative standard error sqrt(2/(R−1)) ≈ 2.6%; 5 of them.
    expect(Math.abs(variance / formula - 1)).toBeLessThan(5 * Math.sqrt(2 / (replications - 1)));
    if (trueOnes / n < 0.05) expect(clampedSum / replications - trueOnes).toBeGreaterThan(4 * standardError);
  });
});

describe('k-ary randomised response', () => {
  it('keeps the true index with probability e^ε/(e^ε+k−1) and spreads the rest evenly, so every output odds ratio is e^ε', () => {
    expect(categoryKeepProbability(2, Math.log(3))).toBeCloseTo(keepProbability(Math.log(3)), 15);
    expect(categoryKeepProbability(8, Math.log(3))).toBeCloseTo(0.3, 15);
    expect(() => categoryKeepProbability(1, 1)).toThrow('k: expected an integer >= 2 categories, received 1');
    const rng = mulberry32(5);
    const n = 80_000;
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) counts[randomiseCategory(2, 4, Math.log(3), rng)]!++;
    // p = 3/6 for index 2, q = 1/6 for each other: the ratio of any two outputs' probabilities is at most 3 = e^ε.
    const expected = [1 / 6, 1 / 6, 1 / 2, 1 / 6];
    counts.forEach((c, j) => expect(Math.abs(c / n - expected[j]!)).toBeLessThan(5 * Math.sqrt((expected[j]! * (1 - expected[j]!)) / n)));
  });

  it('rounds an amount at random to the levels around it, unbiased below the last level and clipped above it', () => {
    const levels = [0, 50, 200];
    const rng = mulberry32(9);
    const mean = (amount: number) => {
      let sum = 0;
      for (let i = 0; i < 40_000; i++) sum += levels[roundToLevel(amount, levels, rng)]!;
      return sum / 40_000;
    };
    expect(roundToLevel(0, levels, rng)).toBe(0);
    expect(roundToLevel(50, levels, rng)).toBe(1);
    expect(roundToLevel(900, levels, rng)).toBe(2);
    expect(roundToLevel(Number.NaN, levels, rng)).toBe(0);
    // 20 is 0 or 50 (sd 24.5), 120 is 50 or 200 (sd 74): 5 standard errors.
    expect(Math.abs(mean(20) - 20)).toBeLessThan(5 * (24.5 / 200));
    expect(Math.abs(mean(120) - 120)).toBeLessThan(5 * (74 / 200));
  });

  it('debiases level counts into the mean, as binary randomised response does for two levels [0, 1]', () => {
    const d = debiasMean([600, 400], [0, 1], Math.log(3));
    expect(d.mean).toBeCloseTo(debiasCount(400, 1000, Math.log(3)).estimate / 1000, 12);
    expect(() => debiasMean([1, 2], [0, 50, 200], 1)).toThrow('counts: expected one count per level (3), received 2');
  });
});

describe('debiasCategories', () => {
  it('is unbiased for every category, and its projection is a histogram of the reports', () => {
    const truth = [5000, 3000, 1500, 500, 0];
    const rng = mulberry32(9);
    const mean = new Array(truth.length).fill(0);
    const runs = 40;
    for (let run = 0; run < runs; run++) {
      const counts = new Array(truth.length).fill(0);
      truth.forEach((n, c) => {
        for (let i = 0; i < n; i++) counts[randomiseCategory(c, truth.length, 1.5, rng)]++;
      });
      const d = debiasCategories(counts, 1.5);
      d.estimates.forEach((e, c) => (mean[c] += e / runs));
      expect(d.projected.reduce((s, v) => s + v, 0)).toBeCloseTo(10_000, 6);
      expect(Math.min(...d.projected)).toBeGreaterThanOrEqual(0);
      if (run === 0) for (let c = 0; c < truth.length; c++) expect(Math.abs(d.estimates[c]! - truth[c]!)).toBeLessThan(5 * Math.sqrt(d.variance[c]!) + 1);
    }
    truth.forEach((n, c) => expect(Math.abs(mean[c] - n), `category ${c}`).toBeLessThan(60));
    expect(debiasCategories([50, 30, 20], Math.log(3)).estimates.map((e) => Math.round(e))).toEqual([75, 25, 0]);
  });
});
