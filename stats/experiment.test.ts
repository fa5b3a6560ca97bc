import { describe, expect, it } from 'vitest';
import cases from './cases/experiments.json' with { type: 'json' };
import { analyseExperiment, type ArmCounts } from './experiment.ts';
import { mulberry32 } from './prng.ts';
import { randomiseBit } from './randomised-response.ts';

/** Shape of stats/cases/experiments.json: counts in, reference statistics out (scipy, see experiments.py). */
interface ExperimentCase {
  name: string;
  epsilon?: number;
  revenueEpsilon?: number;
  revenueLevels?: number[];
  alpha?: number;
  arms: ArmCounts[];
  expectedShares?: Record<string, number>;
  expected: {
    arms: Record<string, Record<string, number | number[]>>;
    srm?: { chi2: number; df: number; pValue: number };
  };
}

function close(got: unknown, expected: number, tolerance: number, label: string): void {
  expect(typeof got, label).toBe('number');
  expect(Math.abs((got as number) - expected), `${label}: got ${String(got)}, expected ${expected}`).toBeLessThanOrEqual(
    tolerance * Math.max(1, Math.abs(expected)),
  );
}

describe('analyseExperiment against the shared reference cases (stats/cases/experiments.json)', () => {
  it.each(cases.cases as unknown as ExperimentCase[])('$name', (c) => {
    const result = analyseExperiment(
      { arms: c.arms, expectedShares: c.expectedShares },
      { epsilon: c.epsilon, alpha: c.alpha, revenueLevels: c.revenueLevels, revenueEpsilon: c.revenueEpsilon },
    );
    for (const [armId, expected] of Object.entries(c.expected.arms)) {
      const arm = result.arms.find((a) => a.id === armId);
      expect(arm, armId).toBeDefined();
      for (const [field, value] of Object.entries(expected)) {
        const got = field === 'sequentialPValue' ? arm?.sequential?.pValue : (arm as unknown as Record<string, unknown>)[field];
        // Beta probabilities come from two different quadratures; everything else is closed form.
        const tolerance = field === 'probBeatsControl' ? 1e-8 : 1e-9;
        if (Array.isArray(value)) value.forEach((v, i) => close((got as number[])[i], v, tolerance, `${armId}.${field}[${i}]`));
        else close(got, value, tolerance, `${armId}.${field}`);
      }
    }
    if (c.expected.srm) {
      close(result.srm?.chi2, c.expected.srm.chi2, 1e-9, 'srm.chi2');
      close(result.srm?.pValue, c.expected.srm.pValue, 1e-9, 'srm.pValue');
      expect(result.srm?.df).toBe(c.expected.srm.df);
    } else expect(result.srm).toBeNull();
  });
});

describe('analyseExperiment behaviour', () => {
  const arms: ArmCounts[] = [
    { id: 'control', exposures: 1000, conversions: 200, revenue: [990, 10] },
    { id: 'offer', exposures: 1000, conversions: 240, revenue: [970, 30] },
    { id: 'tiny', exposures: 12, conversions: 3 },
  ];

  it('hides arms resting on fewer than k reports, and nothing else', () => {
    const result = analyseExperiment({ arms }, { k: 20, revenueLevels: [0, 50] });
    const tiny = result.arms[2]!;
    expect(tiny.hidden).toBe(true);
    expect([tiny.exposures, tiny.rate, tiny.pValue, tiny.conversions]).toEqual([null, null, null, null]);
    expect(result.arms[1]!.hidden).toBe(false);
    expect(result.arms[1]!.pValue).toBeCloseTo(0.030837167828904312, 12);
  });

  it('hides every comparison when the control itself is hidden', () => {
    const result = analyseExperiment({ arms: [arms[2]!, arms[1]!] }, { k: 20, revenueLevels: [0, 50] });
    expect(result.arms[0]!.hidden).toBe(true);
    expect(result.arms[1]!.rate).toBe(0.24);
    expect(result.arms[1]!.absoluteLift).toBeNull();
    expect(result.arms[1]!.probBeatsControl).toBeNull();
  });

  it('values revenue levels per report set and compares them with control', () => {
    const result = analyseExperiment({ arms: arms.slice(0, 2) }, { revenueLevels: [0, 50] });
    expect(result.arms[0]!.revenuePerExposure).toBeCloseTo(0.5, 12);
    expect(result.arms[1]!.revenuePerExposure).toBeCloseTo(1.5, 12);
    expect(result.arms[1]!.revenueLift).toBeCloseTo(1, 12);
    expect(result.revenueLevels).toEqual([0, 50]);
    expect(() => analyseExperiment({ arms })).toThrow('arms[0].revenue: revenue counts need options.revenueLevels');
  });

  it('takes the control from options, and debiases randomised-response counts with an unbiased unclamped value', () => {
    const result = analyseExperiment(
      { arms: [{ id: 'a', exposures: 1000, conversions: 240 }, { id: 'b', exposures: 1000, conversions: 300 }] },
      { epsilon: Math.log(3), control: 'b' },
    );
    expect(result.control).toBe('b');
    const a = result.arms[0]!;
    expect(a.rateUnbiased).toBeCloseTo(-0.02, 12);
    expect(a.rate).toBe(0);
    expect(a.conversions).toBe(0);
    expect(a.conversionsUnbiased).toBeCloseTo(-20, 9);
    expect(a.absoluteLift).toBeCloseTo(-0.12, 12);
  });

  it('names the field when counts are inconsistent', () => {
    expect(() => analyseExperiment({ arms: [{ id: 'a', exposures: 10, conversions: 11 }] })).toThrow(
      'arms[0].conversions: expected a count between 0 and 10 (the conversion reports), received 11',
    );
    expect(() => analyseExperiment({ arms: arms.slice(0, 2) }, { control: 'nope', revenueLevels: [0, 50] })).toThrow(
      'control: expected one of the arm ids, received nope',
    );
    expect(() => analyseExperiment({ arms: arms.slice(0, 2), expectedShares: { control: 1 } }, { revenueLevels: [0, 50] })).toThrow(
      'expectedShares.offer: expected a share >= 0, received undefined',
    );
  });
});

describe('analyseExperiment on simulated randomised-response experiments', () => {
  // Devices convert with true rates pc and pt, report noisy bits at ε = ln 3; the edge sees only the counts.
  function simulate(pc: number, pt: number, n: number, replications: number, seed: number) {
    const rng = mulberry32(seed);
    const epsilon = Math.log(3);
    return Array.from({ length: replications }, () => {
      const arm = (id: string, p: number): ArmCounts => {
        let ones = 0;
        for (let i = 0; i < n; i++) ones += randomiseBit(rng() < p ? 1 : 0, epsilon, rng);
        return { id, exposures: n, conversions: ones };
      };
      return analyseExperiment({ arms: [arm('control', pc), arm('offer', pt)] }, { epsilon }).arms[1]!;
    });
  }

  it('keeps the z-test at its level under no effect, and centres the debiased lift on the true lift', () => {
    const noEffect = simulate(0.08, 0.08, 1_500, 600, 17);
    const falsePositives = noEffect.filter((arm) => arm.pValue! < 0.05).length / noEffect.length;
    expect(Math.abs(falsePositives - 0.05)).toBeLessThan(3 * Math.sqrt((0.05 * 0.95) / noEffect.length));
    // P(beats control) is uniform under no effect: its mean is 1/2.
    const meanProb = noEffect.reduce((sum, arm) => sum + arm.probBeatsControl!, 0) / noEffect.length;
    expect(Math.abs(meanProb - 0.5)).toBeLessThan(3 * Math.sqrt(1 / 12 / noEffect.length));

    const effect = simulate(0.08, 0.11, 1_500, 400, 23);
    const lifts = effect.map((arm) => arm.absoluteLift!);
    const mean = lifts.reduce((a, b) => a + b, 0) / lifts.length;
    const sd = Math.sqrt(lifts.reduce((a, b) => a + (b - mean) ** 2, 0) / (lifts.length - 1));
    expect(Math.abs(mean - 0.03)).toBeLessThan(4 * (sd / Math.sqrt(lifts.length)));
    // The reported interval's width matches the spread the lift really has across replications.
    const halfWidth = effect.reduce((sum, arm) => sum + (arm.ci![1] - arm.ci![0]) / 2, 0) / effect.length;
    expect(halfWidth / (1.959963984540054 * sd)).toBeGreaterThan(0.9);
    expect(halfWidth / (1.959963984540054 * sd)).toBeLessThan(1.1);
  });
});

describe('arms with few conversion bits', () => {
  it('shows units counted, with the rate hidden until k conversion bits', () => {
    const result = analyseExperiment(
      { arms: [{ id: 'control', exposures: 30, conversions: 0, conversionReports: 0 }, { id: 'offer', exposures: 25, conversions: 3, conversionReports: 25 }] },
      { k: 20 },
    );
    const [control, offer] = result.arms;
    expect(control).toMatchObject({ hidden: false, exposures: 30, rate: null, conversionReports: null });
    expect(offer).toMatchObject({ hidden: false, exposures: 25, conversionsReported: 3 });
    expect(offer!.rate).toBeCloseTo(0.12, 12);
    // Without a control rate there is nothing to compare against.
    expect(offer!.absoluteLift).toBeNull();
    expect(offer!.pValue).toBeNull();
  });
});
