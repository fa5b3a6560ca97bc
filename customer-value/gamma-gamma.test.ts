// The spend model's conditional mean and density.
import { describe, expect, it } from 'vitest';
import { expectedSpend, gammaGammaLogLikelihood } from './gamma-gamma.ts';

const CDNOW = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('Gamma-Gamma', () => {
  it('expects the population mean pγ/(q−1) = 35.22 for a shopper without repeat purchases', () => {
    expect(expectedSpend(CDNOW, 0, 0).toFixed(2)).toBe('35.22');
  });

  it('moves from the population mean toward the shopper\'s own mean as x grows', () => {
    const own = 80;
    const spends = [1, 2, 5, 20, 200].map((x) => expectedSpend(CDNOW, x, own));
    for (let i = 1; i < spends.length; i++) expect(spends[i]!).toBeGreaterThan(spends[i - 1]!);
    expect(spends[4]!).toBeGreaterThan(79);
    expect(spends[4]!).toBeLessThan(own);
  });

  it('is a density in m_x: it integrates to 1 over the mean spend', () => {
    let total = 0;
    const h = 0.01;
    for (let m = h / 2; m < 2000; m += h) total += Math.exp(gammaGammaLogLikelihood(CDNOW, 3, m)) * h;
    expect(total).toBeCloseTo(1, 4);
  });
});
