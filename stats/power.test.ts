import { describe, expect, it } from 'vitest';
import { Z_5_PERCENT_80_POWER, exposuresNeeded } from './power.ts';
import { normalQuantile } from './special.ts';

describe('exposures needed', () => {
  it('matches the textbook two-proportion formula without noise', () => {
    // p = 10% vs 12%: (1.96 + 0.8416)² · (0.09 + 0.1056) / 0.02² = 3839.
    expect(exposuresNeeded({ rate: 0.1, relativeLift: 0.2 })).toBe(3839);
    expect(Z_5_PERCENT_80_POWER).toBeCloseTo(normalQuantile(0.975) + normalQuantile(0.8), 12);
    // A 1% level and 90% power.
    expect(exposuresNeeded({ rate: 0.1, relativeLift: 0.2, z: normalQuantile(0.995) + normalQuantile(0.9) })).toBe(7277);
  });

  it('costs about 27 times the shoppers at a 3% rate and ε = ln 3, 7 times at ε = 2, 1.65 times at ε = 4 (DESIGN.md)', () => {
    // A small lift, so both arms' rates are about 3% and the ratio is the per-report variance inflation.
    const exact = exposuresNeeded({ rate: 0.03, relativeLift: 0.01 });
    const ratio = (epsilon: number) => exposuresNeeded({ rate: 0.03, relativeLift: 0.01, epsilon }) / exact;
    expect(ratio(Math.log(3))).toBeGreaterThan(26);
    expect(ratio(Math.log(3))).toBeLessThan(28);
    expect(ratio(2)).toBeGreaterThan(6.5);
    expect(ratio(2)).toBeLessThan(7.5);
    expect(ratio(4)).toBeGreaterThan(1.55);
    expect(ratio(4)).toBeLessThan(1.75);
    expect(exposuresNeeded({ rate: 0, relativeLift: 0.1 })).toBe(Infinity);
  });
});
