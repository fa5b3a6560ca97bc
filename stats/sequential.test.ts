import { describe, expect, it } from 'vitest';
import { mulberry32 } from './prng.ts';
import { estimateRate, twoProportionZTest } from './proportions.ts';
import { sequentialTest } from './sequential.ts';

describe('mSPRT', () => {
  it('computes the normal-mixture likelihood ratio and its confidence sequence', () => {
    // V = 2e-4, τ² = 1e-4: ln Λ = ½ ln(2/3) + 0.04²·1e-4 / (2·2e-4·3e-4) = 1.13060...
    const test = sequentialTest(0.04, 0.0002, { tau: 0.01 });
    const logLambda = 0.5 * Math.log(2 / 3) + (0.0016 * 1e-4) / (2 * 2e-4 * 3e-4);
    expect(Math.log(test.likelihoodRatio)).toBeCloseTo(logLambda, 12);
    expect(test.pValue).toBeCloseTo(Math.exp(-logLambda), 12);
    expect(test.status).toBe('continue');
    // The confidence sequence excludes 0 exactly when the test rejects.
    const half = Math.sqrt(((2e-4 * 3e-4) / 1e-4) * (Math.log(1.5) - 2 * Math.log(0.05)));
    expect(test.ci[0]).toBeCloseTo(0.04 - half, 12);
    expect(test.ci[1]).toBeCloseTo(0.04 + half, 12);
    for (const difference of [0.01, 0.05, 0.0605, 0.061, 0.09]) {
      const t = sequentialTest(difference, 0.0002);
      expect(t.status === 'reject').toBe(t.ci[0] > 0);
    }
    expect(sequentialTest(0.01, 0).status).toBe('continue');
  });

  // The point of an always-valid test: an analyst who looks after every batch and stops at the first
  // "significant" result keeps the false-positive rate at alpha, while the fixed-horizon z-test does not.
  it('keeps the error rate at alpha under continuous peeking, where the naive z-test does not', () => {
    const rng = mulberry32(2024);
    const replications = 300;
    const looks = 40;
    const perLook = 150;
    const p = 0.1;
    let sequentialRejections = 0;
    let naiveRejections = 0;
    for (let r = 0; r < replications; r++) {
      let onesA = 0;
      let onesB = 0;
      let n = 0;
      let sequentialRejected = false;
      let naiveRejected = false;
      for (let look = 0; look < looks; look++) {
        for (let i = 0; i < perLook; i++) {
          onesA += rng() < p ? 1 : 0;
          onesB += rng() < p ? 1 : 0;
        }
        n += perLook;
        const a = estimateRate(onesA, n)!;
        const b = estimateRate(onesB, n)!;
        if (sequentialTest(b.unbiased - a.unbiased, a.variance + b.variance).status === 'reject') sequentialRejected = true;
        if (twoProportionZTest(onesA, n, onesB, n).pValue < 0.05) naiveRejected = true;
      }
      if (sequentialRejected) sequentialRejections++;
      if (naiveRejected) naiveRejections++;
    }
    const se = Math.sqrt((0.05 * 0.95) / replications);
    expect(sequentialRejections / replications).toBeLessThan(0.05 + 2 * se);
    expect(naiveRejections / replications).toBeGreaterThan(0.15);
  });

  it('rejects a real difference once enough data has arrived', () => {
    const rng = mulberry32(9);
    let onesA = 0;
    let onesB = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      onesA += rng() < 0.1 ? 1 : 0;
      onesB += rng() < 0.12 ? 1 : 0;
    }
    const a = estimateRate(onesA, n)!;
    const b = estimateRate(onesB, n)!;
    const test = sequentialTest(b.unbiased - a.unbiased, a.variance + b.variance);
    expect(test.status).toBe('reject');
    expect(test.ci[0]).toBeGreaterThan(0);
    expect(test.ci[1]).toBeLessThan(0.04);
  });
});
