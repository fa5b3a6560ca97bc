// Statistics checked by simulation (issue 12): 2,000 experiments, each unit's report set made by the device's own
// reporting code (randomised response and k-ary randomised response) and analysed by the edge's results code. The
// 95% intervals of rate, lift and revenue per exposure must cover the truth 93% to 97% of the time, and the point
// estimates must be unbiased. About 20 s of CPU: the one slow unit test, kept because nothing else can show that
// the intervals include the mechanisms' noise.
import { describe, expect, it } from 'vitest';
import { privacySchema } from '../../protocol/site-config.ts';
import { coverageStudy, type CoverageRow } from './experiment-simulation.ts';

const EXPERIMENTS = 2000;
const UNITS = 1000;

describe(`interval coverage over ${EXPERIMENTS} simulated experiments (ε = ln 3 for both mechanisms, ${UNITS} units per arm)`, () => {
  let rows: Map<string, CoverageRow>;
  let unboundedRatios: number;

  it('runs every experiment through the device code and the edge', () => {
    const study = coverageStudy({ experiments: EXPERIMENTS, units: UNITS, seed: 2026, privacy: privacySchema.parse({ k: 1 }) });
    rows = new Map(study.rows.map((r) => [r.name, r]));
    unboundedRatios = study.unboundedRatios;
    expect(rows.size).toBe(7);
  }, 300_000);

  it.each([
    'control rate', 'offer rate', 'lift (rate difference)', 'control revenue per exposure', 'offer revenue per exposure', 'revenue lift',
  ])('%s: the 95%% interval covers the truth 93-97%% of the time, and the estimate is unbiased', (name) => {
    const row = rows.get(name)!;
    expect(row.coverage, `${name} coverage`).toBeGreaterThanOrEqual(0.93);
    expect(row.coverage, `${name} coverage`).toBeLessThanOrEqual(0.97);
    // Unbiased: the mean error is within 4 standard errors of 0 (the scenarios' truths differ, so the errors are
    // pooled, not the estimates).
    expect(Math.abs(row.meanError), `${name} mean error ${row.meanError} (sd ${row.sd})`).toBeLessThan((4 * row.sd) / Math.sqrt(EXPERIMENTS));
  });

  it("relative lift: Fieller's interval covers at least 93% of the time, unbounded when the control rate is too noisy", () => {
    expect(rows.get('relative lift')!.coverage).toBeGreaterThanOrEqual(0.93);
    // At a 3% control rate, 1,000 units and ε = ln 3 the control rate is rarely clear of 0; at 10% and 27% it is.
    expect(unboundedRatios).toBeGreaterThan(0.2);
    expect(unboundedRatios).toBeLessThan(0.4);
  });
});
