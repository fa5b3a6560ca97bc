import { describe, expect, it } from 'vitest';
import { probabilityGreater, probabilityGreaterExact, probBeatsControl, ratePosterior } from './bayes.ts';
import { normalCdf } from './special.ts';

describe('probability to beat control', () => {
  it.each([
    [{ alpha: 4, beta: 6 }, { alpha: 3, beta: 7 }],
    [{ alpha: 1, beta: 1 }, { alpha: 1, beta: 1 }],
    [{ alpha: 25, beta: 975 }, { alpha: 18, beta: 982 }],
    [{ alpha: 241, beta: 761 }, { alpha: 201, beta: 801 }],
    [{ alpha: 3, beta: 40 }, { alpha: 1201, beta: 48801 }],
    [{ alpha: 1500, beta: 98500 }, { alpha: 2, beta: 3 }],
  ])('quadrature agrees with the exact finite sum: %o vs %o', (treatment, control) => {
    // 1e-9, not 1e-12: in doubles the finite sum itself loses digits to log-gamma differences of large arguments.
    expect(Math.abs(probabilityGreater(treatment, control) - probabilityGreaterExact(treatment, control))).toBeLessThan(1e-9);
  });

  it('matches a 30-digit mpmath evaluation of the exact sum for lopsided sample sizes', () => {
    expect(Math.abs(probabilityGreater({ alpha: 3, beta: 40 }, { alpha: 1201, beta: 48801 }) - 0.92025340982025351813859)).toBeLessThan(1e-11);
  });

  it('is 1/2 for identical posteriors and complements when the arms swap', () => {
    expect(probabilityGreater({ alpha: 30.5, beta: 70.25 }, { alpha: 30.5, beta: 70.25 })).toBeCloseTo(0.5, 12);
    const a = { alpha: 40.3, beta: 960.7 };
    const b = { alpha: 55.1, beta: 945.9 };
    expect(probabilityGreater(a, b) + probabilityGreater(b, a)).toBeCloseTo(1, 12);
  });

  it('approaches the normal approximation for very large counts', () => {
    const t = { alpha: 1 + 52_000, beta: 1 + 948_000 };
    const c = { alpha: 1 + 51_000, beta: 1 + 949_000 };
    const moments = (d: { alpha: number; beta: number }) => {
      const s = d.alpha + d.beta;
      return [d.alpha / s, (d.alpha * d.beta) / (s * s * (s + 1))] as const;
    };
    const [mt, vt] = moments(t);
    const [mc, vc] = moments(c);
    expect(Math.abs(probabilityGreater(t, c) - normalCdf((mt - mc) / Math.sqrt(vt + vc)))).toBeLessThan(1e-3);
  });

  it('uses the exact randomised-response posterior: uniform prior on the rate, restricted Beta on the reported share', () => {
    const posterior = ratePosterior(400, 1000, Math.log(3));
    expect([posterior.alpha, posterior.beta]).toEqual([401, 601]);
    expect(posterior.lower).toBeCloseTo(0.25, 14);
    expect(posterior.upper).toBeCloseTo(0.75, 14);
    expect(ratePosterior(4, 10)).toEqual({ alpha: 5, beta: 7 });
    // Noise makes the same observed shares weaker evidence than exact counts would be.
    const exact = probBeatsControl({ ones: 200, reports: 1000 }, { ones: 240, reports: 1000 });
    const noisy = probBeatsControl({ ones: 200, reports: 1000 }, { ones: 240, reports: 1000 }, Math.log(3));
    expect(exact).toBeCloseTo(0.98453734602425, 9);
    expect(noisy).toBeLessThan(exact);
    expect(noisy).toBeGreaterThan(0.5);
  });
});
