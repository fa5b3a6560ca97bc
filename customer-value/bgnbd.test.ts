// BG/NBD's formulas against the paper's published figure and against each other: the conditional expectation
// (eq. 10) against a direct integral over the posterior, the unconditional one (eq. 7) against the mean of the
// count distribution (eq. 8).
import { describe, expect, it } from 'vitest';
import { logBeta } from '../stats/special.ts';
import { bgnbdLogLikelihood, expectedPurchases, probabilityAlive, purchaseCountProbability, type BgNbdParams, type PurchaseSummary } from './bgnbd.ts';

/** FHL 2005's CDNOW parameters (weeks). */
const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/**
 * E[purchases in (T, T+t]] as P(alive) · E_p[(1 − (1 + p·t/(α+T))^−(r+x)) / p] with p ~ Beta(a, b+x), the posterior
 * of the drop-out probability of an active shopper: by tanh-sinh quadrature, independent of 2F1.
 */
function byIntegral(params: BgNbdParams, s: PurchaseSummary, t: number): number {
  const { r, alpha, a, b } = params;
  const k = r + s.x;
  const u = t / (alpha + s.T);
  const bb = b + s.x;
  let sum = 0;
  const h = 1 / 64;
  for (let j = -6 * 64; j <= 6 * 64; j++) {
    const v = Math.PI * Math.sinh(j * h);
    const logP = -Math.log1p(Math.exp(-v));
    const logQ = -Math.log1p(Math.exp(v));
    const p = Math.exp(logP);
    const f = p === 0 ? k * u : -Math.expm1(-k * Math.log1p(p * u)) / p;
    sum += f * Math.exp(a * logP + bb * logQ - logBeta(a, bb)) * Math.PI * Math.cosh(j * h) * h;
  }
  return probabilityAlive(params, s) * sum;
}

describe('BG/NBD', () => {
  it('reproduces the published conditional expectation: 1.226 purchases in 39 weeks for x = 2, t_x = 30.43, T = 38.86', () => {
    expect(expectedPurchases(CDNOW, { x: 2, tx: 30.43, T: 38.86 }, 39).toFixed(3)).toBe('1.226');
  });

  it.each([
    ['CDNOW, x = 0', CDNOW, { x: 0, tx: 0, T: 38.86 }, 39],
    ['CDNOW, x = 7, horizon twice the age', CDNOW, { x: 7, tx: 20, T: 30 }, 80],
    ['CDNOW, x = 60, z near 1', CDNOW, { x: 60, tx: 10, T: 12 }, 400],
    ['a > 1, days', { r: 1.8, alpha: 60, a: 2.5, b: 6 }, { x: 3, tx: 120, T: 300 }, 365],
    ['a close to 1', { r: 0.5, alpha: 5, a: 1 + 3e-8, b: 2 }, { x: 4, tx: 30, T: 35 }, 52],
    ['a + b < 1, x = 0', { r: 0.4, alpha: 3, a: 0.3, b: 0.5 }, { x: 0, tx: 0, T: 20 }, 26],
  ] as const)('equals the integral over the posterior: %s', (_, params, s, t) => {
    expect(expectedPurchases(params, s, t) / byIntegral(params, s, t)).toBeCloseTo(1, 7);
  });

  it('forecasts for a new shopper the mean of P(X(t) = x) (eq. 7 against eq. 8), and P sums to 1', () => {
    let total = 0;
    let mean = 0;
    for (let x = 0; x < 400; x++) {
      const p = purchaseCountProbability(CDNOW, 39, x);
      total += p;
      mean += x * p;
    }
    expect(total).toBeCloseTo(1, 10);
    expect(mean / expectedPurchases(CDNOW, { x: 0, tx: 0, T: 0 }, 39)).toBeCloseTo(1, 8);
  });

  it('P(alive) is 1 without repeat purchases and falls as the last purchase recedes', () => {
    expect(probabilityAlive(CDNOW, { x: 0, tx: 0, T: 38 })).toBe(1);
    const recent = probabilityAlive(CDNOW, { x: 5, tx: 37, T: 38 });
    const lapsed = probabilityAlive(CDNOW, { x: 5, tx: 5, T: 38 });
    expect(recent).toBeGreaterThan(0.85);
    expect(lapsed).toBeLessThan(0.2);
  });

  it('stays finite and exact for heavy buyers (x = 2,000), where 2F1 itself is about 10^2000', () => {
    const heavy = { x: 2000, tx: 38.9, T: 39 };
    expect(Number.isFinite(bgnbdLogLikelihood(CDNOW, heavy))).toBe(true);
    expect(expectedPurchases(CDNOW, heavy, 39) / byIntegral(CDNOW, heavy, 39)).toBeCloseTo(1, 8);
  });

  it('equals eq. 6 written out by hand for x = 2, t_x = 30.43, T = 38.86', () => {
    // Γ(r+2)/Γ(r) = r(r+1) and B(a, b+2)/B(a, b) = b(b+1)/((a+b)(a+b+1)).
    const { r, alpha, a, b } = CDNOW;
    const common = Math.log(r) + Math.log(r + 1) + r * Math.log(alpha) + Math.log(b) + Math.log(b + 1) - Math.log(a + b) - Math.log(a + b + 1);
    const terms = Math.log(Math.pow(alpha + 38.86, -(r + 2)) + (a / (b + 1)) * Math.pow(alpha + 30.43, -(r + 2)));
    expect(bgnbdLogLikelihood(CDNOW, { x: 2, tx: 30.43, T: 38.86 })).toBeCloseTo(common + terms, 10);
  });
});
