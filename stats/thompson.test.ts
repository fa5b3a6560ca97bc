import { describe, expect, it } from 'vitest';
import { mulberry32 } from './prng.ts';
import { regularizedBeta } from './special.ts';
import { sampleBeta, sampleGamma, selectPosteriors, thompsonNormalShares, thompsonPick, thompsonShares } from './thompson.ts';

describe('samplers', () => {
  it('Gamma draws have mean and variance equal to the shape, for shapes below and above 1', () => {
    const rng = mulberry32(11);
    for (const shape of [0.4, 1, 3.5, 40]) {
      const n = 40_000;
      let sum = 0;
      let sum2 = 0;
      for (let i = 0; i < n; i++) {
        const x = sampleGamma(shape, rng);
        sum += x;
        sum2 += x * x;
      }
      const mean = sum / n;
      const variance = sum2 / n - mean * mean;
      // Standard error of the mean is sqrt(shape / n); 5 of them is a bound that a correct sampler fails ~1e-6.
      expect(Math.abs(mean - shape)).toBeLessThan(5 * Math.sqrt(shape / n));
      expect(Math.abs(variance / shape - 1)).toBeLessThan(0.08);
    }
  });

  it('Beta draws follow the Beta CDF (Kolmogorov–Smirnov distance within its 0.1% critical value)', () => {
    const rng = mulberry32(5);
    for (const [a, b] of [[2, 8], [0.7, 0.9], [150, 850]] as const) {
      const n = 5_000;
      const draws = Array.from({ length: n }, () => sampleBeta(a, b, rng)).sort((x, y) => x - y);
      let ks = 0;
      draws.forEach((x, i) => {
        const f = regularizedBeta(x, a, b);
        ks = Math.max(ks, Math.abs(f - i / n), Math.abs(f - (i + 1) / n));
      });
      expect(ks).toBeLessThan(1.95 / Math.sqrt(n));
    }
  });
});

describe('thompsonPick', () => {
  it('is deterministic for a seeded generator', () => {
    const posteriors = { a: { alpha: 5, beta: 50 }, b: { alpha: 6, beta: 48 } };
    const picks = (seed: number) => {
      const rng = mulberry32(seed);
      return Array.from({ length: 50 }, () => thompsonPick(['a', 'b'], posteriors, rng));
    };
    expect(picks(3)).toEqual(picks(3));
    expect(new Set(picks(3)).size).toBe(2);
  });

  it('gives each arm the probability that it is best: P(B > A) for two arms with no floor', () => {
    // For Beta(3, 7) vs Beta(4, 6), P(B > A) = 0.690045248868778 (exact sum, checked with mpmath quadrature).
    const shares = thompsonShares(['a', 'b'], { a: { alpha: 3, beta: 7 }, b: { alpha: 4, beta: 6 } }, mulberry32(9), {
      draws: 40_000,
      explorationFloor: 0,
    });
    const exact = 0.690045248868778;
    expect(Math.abs((shares.b ?? 0) - exact)).toBeLessThan(5 * Math.sqrt((exact * (1 - exact)) / 40_000));
  });

  it('keeps every arm at or above the exploration floor even when one arm dominates', () => {
    const posteriors = { a: { alpha: 2, beta: 2000 }, b: { alpha: 900, beta: 1100 }, c: { alpha: 1, beta: 5000 } };
    const draws = 60_000;
    const shares = thompsonShares(['a', 'b', 'c'], posteriors, mulberry32(21), { draws, explorationFloor: 0.02 });
    // Arms a and c never win a draw, so they get exactly the floor in expectation.
    for (const arm of ['a', 'c']) expect(Math.abs((shares[arm] ?? 0) - 0.02)).toBeLessThan(5 * Math.sqrt((0.02 * 0.98) / draws));
    expect(shares.b).toBeGreaterThan(0.95);
  });

  it('treats a missing posterior as Beta(1, 1) and returns undefined for no arms', () => {
    expect(thompsonPick([], {}, mulberry32(1))).toBeUndefined();
    const shares = thompsonShares(['x', 'y'], undefined, mulberry32(2), { draws: 20_000, explorationFloor: 0 });
    expect(Math.abs((shares.x ?? 0) - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / 20_000));
  });
});

describe('selectPosteriors', () => {
  it("takes the segment's posterior per arm and falls back to the all-segments one", () => {
    const posteriors = {
      hero: { '*': { a: { alpha: 9, beta: 143 }, b: { alpha: 7, beta: 55 } }, loyal: { a: { alpha: 8, beta: 94 } } },
    };
    expect(selectPosteriors(posteriors, 'hero', 'loyal')).toEqual({ a: { alpha: 8, beta: 94 }, b: { alpha: 7, beta: 55 } });
    expect(selectPosteriors(posteriors, 'hero')).toEqual(posteriors.hero['*']);
    expect(selectPosteriors(posteriors, 'other', 'loyal')).toEqual({});
    expect(selectPosteriors(undefined, 'hero')).toEqual({});
  });
});

describe('thompsonNormalShares', () => {
  const sum = (shares: Record<string, number>) => Object.values(shares).reduce((a, b) => a + b, 0);

  it('is plain Thompson sampling without a prior: the probability that each arm is best', () => {
    // P(b > a) for N(1, 1) against N(1.5, 1): Φ(0.5 / √2) = 0.63816.
    const shares = thompsonNormalShares(['a', 'b'], { a: { mean: 1, sd: 1 }, b: { mean: 1.5, sd: 1 } }, mulberry32(4), { draws: 40_000, explorationFloor: 0 });
    expect(Math.abs(shares.b! - 0.63816)).toBeLessThan(5 * Math.sqrt((0.64 * 0.36) / 40_000));
  });

  it('gives the prior shares while the posteriors cannot tell the arms apart, and the best arm once they can', () => {
    const prior = { personalised: 0.82, control: 0.08, x1: 0.05, x2: 0.05 };
    const arms = Object.keys(prior);
    const alike = Object.fromEntries(arms.map((arm) => [arm, { mean: 7, sd: 0.5 }]));
    const shares = thompsonNormalShares(arms, alike, mulberry32(6), { draws: 40_000, explorationFloor: 0.01, prior });
    for (const arm of arms) expect(Math.abs(shares[arm]! / prior[arm as keyof typeof prior] - 1)).toBeLessThan(0.06);
    // Weights need not sum to 1.
    const scaled = thompsonNormalShares(arms, alike, mulberry32(6), { draws: 40_000, explorationFloor: 0.01, prior: { personalised: 82, control: 8, x1: 5, x2: 5 } });
    expect(scaled).toEqual(shares);
    // x2 clearly best: it takes everything but the floors, whatever its prior share.
    const clear = { ...alike, x2: { mean: 12, sd: 0.5 } };
    const moved = thompsonNormalShares(arms, clear, mulberry32(6), { draws: 40_000, explorationFloor: 0.01, prior });
    expect(moved.x2).toBeCloseTo(0.97, 9);
    for (const arm of ['personalised', 'control', 'x1']) expect(moved[arm]).toBeCloseTo(0.01, 9);
  });

  it('raises arms to the floor, or to their prior share when that is lower, and keeps the sum at 1', () => {
    const prior = { a: 0.9, b: 0.095, c: 0.005 };
    const posteriors = { a: { mean: 10, sd: 0.1 }, b: { mean: 0, sd: 0.1 }, c: { mean: 0, sd: 0.1 } };
    const shares = thompsonNormalShares(['a', 'b', 'c'], posteriors, mulberry32(8), { explorationFloor: 0.02, prior });
    expect(shares).toEqual({ a: 1 - 0.02 - 0.005, b: 0.02, c: 0.005 });
    // Without a prior every arm's floor is the floor itself; an arm without a posterior gets only the floor.
    const even = thompsonNormalShares(['a', 'b', 'c'], { a: posteriors.a, b: posteriors.b }, mulberry32(8), { explorationFloor: 0.02 });
    expect(even.b).toBeCloseTo(0.02, 12);
    expect(even.c).toBeCloseTo(0.02, 12);
    expect(sum(even)).toBeCloseTo(1, 12);
    expect(thompsonNormalShares([], {}, mulberry32(1))).toEqual({});
  });
});
