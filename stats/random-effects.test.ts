import { describe, expect, it } from 'vitest';
import { mulberry32 } from './prng.ts';
import { betweenVariance, betweenVarianceWithin } from './random-effects.ts';

const normal = (rng: () => number) => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());

describe('betweenVariance', () => {
  it('lets noise through in about 5% of data sets with no true differences, and measures a real spread', () => {
    const rng = mulberry32(3);
    let positive = 0;
    const replications = 2000;
    for (let r = 0; r < replications; r++) {
      // 14 groups with the same truth and unequal noise, as a bandit's arms with unequal traffic.
      const xs = Array.from({ length: 14 }, (_, i) => ({ v: (i + 1) / 10, r: 0 }));
      for (const x of xs) x.r = Math.sqrt(x.v) * normal(rng);
      if (betweenVariance(xs) > 0) positive++;
    }
    // The test is at 5%: a binomial share of 2,000 within 4 standard errors.
    expect(Math.abs(positive / replications - 0.05)).toBeLessThan(4 * Math.sqrt(0.05 * 0.95 / replications));

    let sum = 0;
    for (let r = 0; r < 200; r++) {
      const xs = Array.from({ length: 60 }, () => ({ r: 1 + normal(rng) + Math.sqrt(0.1) * normal(rng), v: 0.1 }));
      sum += betweenVariance(xs);
    }
    // τ² = 1: DerSimonian-Laird is close to unbiased when the spread clearly shows.
    expect(sum / 200).toBeGreaterThan(0.9);
    expect(sum / 200).toBeLessThan(1.1);
  });

  it('is 0 for fewer than two groups', () => {
    expect(betweenVariance([])).toBe(0);
    expect(betweenVariance([{ r: 5, v: 1 }])).toBe(0);
  });
});

describe('betweenVarianceWithin', () => {
  it("takes each set's level out: sets at different levels with the same differences inside show none", () => {
    const sets = [0, 10, 25].map((level) => [0, 0.1, -0.1].map((d) => ({ r: level + d, v: 0.01 })));
    expect(betweenVariance(sets.flat())).toBeGreaterThan(50);
    expect(betweenVarianceWithin(sets)).toBe(0);
  });

  it('measures differences inside the sets once they stand out of the noise', () => {
    const sets = [0, 10].map((level) => [0, 2, -2].map((d) => ({ r: level + d, v: 0.01 })));
    // Q = 2 · 100 · 8 = 1,600 on 4 degrees of freedom; DerSimonian-Laird's denominator 2 · (300 − 100) = 400.
    expect(betweenVarianceWithin(sets)).toBeCloseTo((1600 - 4) / 400, 9);
  });
});
