import { describe, expect, it } from 'vitest';
import cases from './cases/special.json' with { type: 'json' };
import {
  betaPdf,
  chiSquareCdf,
  chiSquareSf,
  logBeta,
  logGamma,
  normalCdf,
  normalQuantile,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
} from './special.ts';

// Relative error where the value is not tiny, absolute below; far tails are checked by relative error alone.
function close(got: number, expected: number, tolerance = 1e-9): void {
  const error = Math.abs(got - expected) / Math.max(1e-300, Math.min(1, Math.abs(expected)) || 1);
  expect(error, `got ${got}, expected ${expected}`).toBeLessThan(tolerance);
}

describe('special functions against mpmath (stats/cases/special.json)', () => {
  it.each(cases.logGamma)('logGamma($x)', ({ x, expected }) => {
    expect(Math.abs(logGamma(x) - expected)).toBeLessThan(1e-10 * Math.max(1, Math.abs(expected)));
  });
  it.each(cases.regularizedBeta)('I_$x($a, $b)', ({ x, a, b, expected }) => close(regularizedBeta(x, a, b), expected));
  it.each(cases.regularizedGammaP)('P($a, $x)', ({ a, x, expected }) => {
    close(regularizedGammaP(a, x), expected);
    close(regularizedGammaQ(a, x), 1 - expected, 1e-8);
  });
  it.each(cases.normalCdf)('Φ($z)', ({ z, expected }) => close(normalCdf(z), expected));
  it.each(cases.normalQuantile)('Φ⁻¹($p)', ({ p, expected }) => close(normalQuantile(p), expected));
  it.each(cases.chiSquareSf)('χ² sf($x, $df)', ({ x, df, expected }) => {
    close(chiSquareSf(x, df), expected);
    close(chiSquareCdf(x, df), 1 - expected, 1e-8);
  });
});

describe('special functions: identities', () => {
  it('logGamma matches factorials exactly enough', () => {
    let factorial = 1;
    for (let n = 1; n <= 20; n++) {
      expect(Math.abs(logGamma(n + 1) - Math.log((factorial *= n)))).toBeLessThan(1e-12 * Math.max(1, Math.log(factorial)));
    }
  });

  it('I_x(a, b) with integer parameters equals the binomial tail P(Bin(a + b − 1, x) ≥ a)', () => {
    for (const [x, a, b] of [[0.37, 4, 9], [0.02, 3, 40], [0.8, 12, 5]] as const) {
      const n = a + b - 1;
      let tail = 0;
      for (let j = a; j <= n; j++) tail += Math.exp(logGamma(n + 1) - logGamma(j + 1) - logGamma(n - j + 1)) * x ** j * (1 - x) ** (n - j);
      close(regularizedBeta(x, a, b), tail, 1e-12);
    }
  });

  it('I_x(a, b) agrees with Simpson integration of the Beta density', () => {
    for (const [x, a, b] of [[0.3, 2.5, 4.2], [0.6, 7.3, 3.1], [0.05, 30.5, 400.5]] as const) {
      const steps = 20_000;
      const h = x / steps;
      let sum = betaPdf(0, a, b) + betaPdf(x, a, b);
      for (let i = 1; i < steps; i++) sum += (i % 2 ? 4 : 2) * betaPdf(i * h, a, b);
      close(regularizedBeta(x, a, b), (sum * h) / 3, 1e-9);
    }
  });

  it('logBeta(a, b) = ln(Γ(a)Γ(b)/Γ(a + b)) and the χ²(2) tail is e^(−x/2)', () => {
    close(logBeta(2, 3), Math.log(1 / 12), 1e-12);
    for (const x of [0.1, 1, 7, 40]) close(chiSquareSf(x, 2), Math.exp(-x / 2), 1e-12);
  });

  it('normalQuantile inverts normalCdf across the range', () => {
    // Above z ≈ 3 a double p near 1 no longer pins z down, so the far upper tail is checked through symmetry.
    for (let z = -3; z <= 3; z += 0.37) close(normalQuantile(normalCdf(z)), z, 1e-9);
    for (let z = 3; z <= 30; z += 0.91) close(normalQuantile(normalCdf(-z)), -z, 1e-9);
  });

  it('rejects parameters outside the domain with NaN, and clamps x at the ends', () => {
    expect(regularizedBeta(0.5, 0, 1)).toBeNaN();
    expect(regularizedBeta(-1, 2, 2)).toBe(0);
    expect(regularizedBeta(2, 2, 2)).toBe(1);
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(regularizedGammaP(-1, 1)).toBeNaN();
  });
});
