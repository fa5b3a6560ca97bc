import { describe, expect, it } from 'vitest';
import { srmTest } from './srm.ts';

describe('sample-ratio mismatch', () => {
  it('matches scipy.stats.chisquare', () => {
    const even = srmTest({ a: 5050, b: 4950 }, { a: 1, b: 1 });
    expect(even.chi2).toBeCloseTo(1, 12);
    expect(even.df).toBe(1);
    expect(even.pValue).toBeCloseTo(0.31731050786291115, 12);
    const broken = srmTest({ a: 821, b: 1010, c: 1169 }, { a: 0.2, b: 0.2, c: 0.2 });
    expect(broken.chi2).toBeCloseTo(60.702, 9);
    expect(broken.df).toBe(2);
    expect(Math.abs(broken.pValue / 6.5876145447697e-14 - 1)).toBeLessThan(1e-8);
    for (const arm of ['a', 'b', 'c']) expect(broken.expected[arm]).toBeCloseTo(1000, 9);
  });

  it('treats a zero-weight arm with exposures as a certain mismatch and no data as no evidence', () => {
    expect(srmTest({ a: 100, b: 3 }, { a: 1, b: 0 }).pValue).toBe(0);
    expect(srmTest({ a: 100, b: 0 }, { a: 1, b: 0 })).toMatchObject({ chi2: 0, df: 0, pValue: 1 });
    expect(srmTest({ a: 0, b: 0 }, { a: 1, b: 1 }).pValue).toBe(1);
  });
});
