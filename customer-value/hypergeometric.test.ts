// 2F1 against closed forms, far into the region near z = 1 where its series is slow and its value overflows.
import { describe, expect, it } from 'vitest';
import { hyp2f1, logHyp2f1 } from './hypergeometric.ts';

/** The plain power series, for checking; fine for |z| well below 1. */
function naive(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 5000; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
  }
  return sum;
}

describe('logHyp2f1', () => {
  it.each([0, 0.1, 0.5, 0.9, 0.999])('matches −ln(1 − z)/z for 2F1(1, 1; 2; z), z = %s', (z) => {
    const exact = z === 0 ? 1 : -Math.log1p(-z) / z;
    expect(Math.exp(logHyp2f1(1, 1, 2, z))).toBeCloseTo(exact, 12);
  });

  it('matches (1 − z)^(−a) for 2F1(a, b; b; z), in logs where the value overflows a double', () => {
    expect(logHyp2f1(2.5, 3, 3, 0.4)).toBeCloseTo(-2.5 * Math.log(0.6), 12);
    // 2F1(150, 7; 7; 0.999) = 1000^150 = 1e450: beyond a double, but its logarithm is fine.
    const log = logHyp2f1(150, 7, 7, 0.999);
    expect(log / (150 * Math.log(1000))).toBeCloseTo(1, 10);
  });

  it('names what is out of its domain', () => {
    expect(() => logHyp2f1(1, 1, 2, 1)).toThrow('expected 0 <= z < 1, received 1');
    expect(() => logHyp2f1(-1, 1, 2, 0.5)).toThrow('expected a, b, c > 0');
  });
});

describe('hyp2f1', () => {
  it('reaches c in (−1, 0) through the contiguous relation, equal to the plain series', () => {
    for (const [a, b, c, z] of [[0.3, 2.4, -0.4, 0.3], [1.2, 0.8, -0.05, 0.6], [0.25, 3, -0.9, 0.1]] as const)
      expect(hyp2f1(a, b, c, z) / naive(a, b, c, z)).toBeCloseTo(1, 9);
  });

  it('equals the series for c > 0', () => {
    expect(hyp2f1(0.7, 1.9, 2.3, 0.45) / naive(0.7, 1.9, 2.3, 0.45)).toBeCloseTo(1, 12);
  });
});
