// `edgewise stats` end to end through the CLI dispatcher: output shape and values, exit codes, errors naming the field.
import { afterEach, describe, expect, it, vi } from 'vitest';
import cases from '../../stats/cases/experiments.json' with { type: 'json' };
import { inputFiles, runCli } from '../testing.ts';

const file = inputFiles('edgewise-stats');
const run = runCli;

afterEach(() => vi.restoreAllMocks());

const counts = {
  arms: [
    { id: 'control', exposures: 1000, conversions: 200 },
    { id: 'offer', exposures: 1000, conversions: 240 },
  ],
  expectedShares: { control: 1, offer: 1 },
};

describe('edgewise stats', () => {
  it('prints arms keyed by id with the fields issue 6 lists first, and the SRM check', async () => {
    const { code, stdout, stderr } = await run(['stats', '--in', file(counts)]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['arms', 'srm']);
    expect(Object.keys(out.arms)).toEqual(['control', 'offer']);
    expect(Object.keys(out.arms.offer).slice(0, 6)).toEqual(['rate', 'absoluteLift', 'relativeLift', 'ci', 'pValue', 'probBeatsControl']);
    const offer = out.arms.offer;
    expect(offer.rate).toBe(0.24);
    expect(offer.absoluteLift).toBeCloseTo(0.04, 12);
    expect(offer.relativeLift).toBeCloseTo(0.2, 12);
    expect(offer.ci[0]).toBeCloseTo(0.003732721356494502, 10);
    expect(offer.ci[1]).toBeCloseTo(0.07626727864350547, 10);
    expect(offer.pValue).toBeCloseTo(0.030837167828904312, 12);
    expect(offer.probBeatsControl).toBeCloseTo(0.98453734602425, 8);
    expect(offer.sequential.status).toBe('continue');
    expect(out.arms.control.absoluteLift).toBeNull();
    expect(out.srm).toMatchObject({ chi2: 0, df: 1, pValue: 1 });
  });

  it('debiases randomised-response counts when the file gives epsilon (reference case from experiments.json)', async () => {
    const c = cases.cases.find((x) => x.name.startsWith('randomised response at epsilon ln 3'))!;
    const input = { arms: c.arms, expectedShares: c.expectedShares, epsilon: c.epsilon, revenueLevels: c.revenueLevels, revenueEpsilon: c.revenueEpsilon };
    const { code, stdout } = await run(['stats', '--in', file(input)]);
    expect(code).toBe(0);
    const offer = JSON.parse(stdout).arms.offer;
    const expected = c.expected.arms.offer as unknown as Record<string, number>;
    expect(offer.revenuePerExposure).toBeCloseTo(expected.revenuePerExposure!, 9);
    expect(offer.rate).toBeCloseTo(expected.rate!, 12);
    expect(offer.pValue).toBeCloseTo(expected.pValue!, 12);
    expect(offer.probBeatsControl).toBeCloseTo(expected.probBeatsControl!, 8);
  });

  it('reports revenue per exposure when revenue levels are given, hides small arms with --k, and honours --alpha', async () => {
    const withRevenue = {
      revenueLevels: [0, 50, 200],
      arms: [
        { id: 'control', exposures: 1000, conversions: 200, revenue: [965, 30, 5] },
        { id: 'offer', exposures: 1000, conversions: 240, revenue: [967, 25, 8] },
        { id: 'tiny', exposures: 5, conversions: 1 },
      ],
    };
    const { stdout } = await run(['stats', '--in', file(withRevenue), '--k', '20', '--alpha', '0.1']);
    const out = JSON.parse(stdout);
    expect(out.arms.offer.revenuePerExposure).toBeCloseTo((25 * 50 + 8 * 200) / 1000, 12);
    expect(out.arms.offer.revenueLift).toBeCloseTo((25 * 50 + 8 * 200 - 30 * 50 - 5 * 200) / 1000, 12);
    expect(out.arms.tiny).toMatchObject({ hidden: true, rate: null, exposures: null });
    expect(out.arms.tiny.revenuePerExposure).toBeUndefined();
    expect(out.srm).toBeNull();
    // A 90% interval is narrower than the 95% one.
    const wide = JSON.parse((await run(['stats', '--in', file(counts)])).stdout).arms.offer.ci;
    expect(out.arms.offer.ci[1] - out.arms.offer.ci[0]).toBeLessThan(wide[1] - wide[0]);
  });

  it.each([
    [{ arms: [{ id: 'a', exposures: '10', conversions: 1 }] }, 'arms[0].exposures: Invalid input: expected number, received string'],
    [{ arms: [] }, 'arms: expected at least one arm (the first is control)'],
    [{ arms: [{ id: 'a', exposures: 10, conversions: 11 }] }, 'arms[0].conversions: expected at most exposures (10), received 11'],
    [{ arms: [{ id: 'a', exposures: 10, conversions: 1 }, { id: 'a', exposures: 10, conversions: 1 }] }, 'arms[1].id: duplicate arm id "a"'],
    [{ ...counts, expectedShares: { control: 1 } }, 'expectedShares.offer: expected a share for arm "offer", received nothing'],
    [{ ...counts, expectedShares: { control: 1, offer: 1, other: 1 } }, 'expectedShares.other: no arm has id "other"'],
    [{ ...counts, exposure: 3 }, 'Unrecognized key: "exposure"'],
    [{ ...counts, epsilon: -1 }, 'epsilon: Too small'],
  ])('rejects malformed input naming the field: %j', async (input, message) => {
    const f = file(input);
    const { code, stderr, stdout } = await run(['stats', '--in', f]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`edgewise stats: ${f}: `);
    expect(stderr).toContain(message);
  });

  it('fails with exit code 2 on bad options and 1 on unreadable or non-JSON files', async () => {
    expect((await run(['stats'])).stderr).toContain('missing required option --in');
    expect((await run(['stats'])).code).toBe(2);
    expect((await run(['stats', '--in', file(counts), '--alpha', '2'])).stderr).toContain('--alpha: expected a level between 0 and 1, received "2"');
    const missing = await run(['stats', '--in', file('{}').replace(/input-\d+\.json$/, 'nope.json')]);
    expect([missing.code, missing.stderr.includes('cannot read')]).toEqual([1, true]);
    const broken = await run(['stats', '--in', file('{"arms": [')]);
    expect([broken.code, broken.stderr.includes('is not valid JSON')]).toEqual([1, true]);
  });
});
