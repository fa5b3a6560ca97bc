import { describe, expect, it } from 'vitest';
import { deviceConfigSchema } from '../protocol/device-config.ts';
import { banditPosterior, devicePosteriors } from './posteriors.ts';
import { mulberry32 } from './prng.ts';
import { randomiseBit } from './randomised-response.ts';

describe('bandit posteriors', () => {
  it('is Beta(1 + conversions, 1 + exposures − conversions) for exact counts', () => {
    expect(banditPosterior({ exposures: 1000, conversions: 50 })).toEqual({ alpha: 51, beta: 951 });
    expect(banditPosterior({ exposures: 0, conversions: 0 })).toEqual({ alpha: 1, beta: 1 });
  });

  it('debiases randomised-response counts and clamps them into [0, n]', () => {
    const literal = banditPosterior({ exposures: 1000, conversions: 400 }, { epsilon: Math.log(3), calibrate: false });
    expect(literal.alpha).toBeCloseTo(301, 9);
    expect(literal.beta).toBeCloseTo(701, 9);
    const negative = banditPosterior({ exposures: 1000, conversions: 200 }, { epsilon: Math.log(3), calibrate: false });
    expect(negative).toEqual({ alpha: 1, beta: 1001 });
  });

  it('calibrated posteriors have the spread of the debiased estimate: their credible intervals cover the truth', () => {
    // Simulate many arms with true rate 5% under RR at ε = ln 3 and check how often the posterior's central
    // 90% interval (±1.645 sd) covers it: calibrated ≈ 90%, literal far below.
    const rng = mulberry32(3);
    const epsilon = Math.log(3);
    const p = 0.05;
    const n = 2_000;
    const replications = 400;
    const coverage = { calibrated: 0, literal: 0 };
    for (let r = 0; r < replications; r++) {
      let ones = 0;
      for (let i = 0; i < n; i++) ones += randomiseBit(rng() < p ? 1 : 0, epsilon, rng);
      for (const calibrate of [true, false]) {
        const { alpha, beta } = banditPosterior({ exposures: n, conversions: ones }, { epsilon, calibrate });
        const mean = alpha / (alpha + beta);
        const sd = Math.sqrt((alpha * beta) / ((alpha + beta) ** 2 * (alpha + beta + 1)));
        if (Math.abs(mean - p) <= 1.645 * sd) coverage[calibrate ? 'calibrated' : 'literal']++;
      }
    }
    expect(Math.abs(coverage.calibrated / replications - 0.9)).toBeLessThan(0.05);
    expect(coverage.literal / replications).toBeLessThan(0.5);
  });

  it('maps cells to DeviceConfig.posteriors with "*" summing all segments, valid under the protocol schema', () => {
    const posteriors = devicePosteriors(
      [
        { experiment: 'hero', segment: 'loyal', arm: 'a', exposures: 100, conversions: 7 },
        { experiment: 'hero', segment: 'new', arm: 'a', exposures: 50, conversions: 1 },
        { experiment: 'hero', segment: 'new', arm: 'b', exposures: 60, conversions: 6 },
        { experiment: 'old', arm: 'x', exposures: 5, conversions: 1 },
      ],
      { experiments: [{ id: 'hero', arms: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] }] },
    );
    expect(posteriors).toEqual({
      hero: {
        '*': { a: { alpha: 9, beta: 143 }, b: { alpha: 7, beta: 55 }, c: { alpha: 1, beta: 1 } },
        loyal: { a: { alpha: 8, beta: 94 } },
        new: { a: { alpha: 2, beta: 50 }, b: { alpha: 7, beta: 55 } },
      },
    });
    expect(deviceConfigSchema.shape.posteriors.safeParse(posteriors).success).toBe(true);
  });
});
