import { describe, expect, it } from 'vitest';
import { noiseLine, reportingLine, trafficLine } from '../../cli/results-text.ts';
import { elapsedShare, priceSeries, srmWarning } from './results-view.ts';

describe('srmWarning', () => {
  it('warns only below p = 0.001, with the statistic', () => {
    expect(srmWarning({ srm: { chi2: 43.12, df: 2, pValue: 3.6e-10, expected: {} } })).toMatch(/^exposures do not match the configured split \(χ² = 43\.1, p = 3\.6e-10\)/);
    expect(srmWarning({ srm: { chi2: 5, df: 2, pValue: 0.08, expected: {} } })).toBeNull();
    expect(srmWarning({ srm: null })).toBeNull();
  });
});

describe('elapsedShare', () => {
  it('is the share of the budget period gone by, clamped, or null without a period', () => {
    const now = Date.parse('2026-11-11T00:00:00Z');
    expect(elapsedShare('2026-11-01', '2026-11-21', now)).toBeCloseTo(0.5, 10);
    expect(elapsedShare('2026-12-01', '2026-12-31', now)).toBe(0);
    expect(elapsedShare('2026-10-01', '2026-10-31', now)).toBe(1);
    expect(elapsedShare(undefined, '2026-10-31', now)).toBeNull();
    expect(elapsedShare('2026-10-31', '2026-10-01', now)).toBeNull();
  });
});

describe('priceSeries', () => {
  it('orders publications oldest first and leaves priced-out offers unplotted', () => {
    const pub = (id: number, at: string, prices: Record<string, number>) => ({ id, version: 1, publishedAt: at, actor: 'a', reason: 'publish', prices, pricing: null });
    const series = priceSeries(
      [pub(3, '2026-11-03T00:00:00Z', { a: 0.3, b: 0.1 }), pub(2, '2026-11-02T00:00:00Z', { a: 0.2, b: Number.MAX_SAFE_INTEGER }), pub(1, '2026-11-01T00:00:00Z', { a: 0.1 })],
      ['a', 'b'],
    );
    expect(series[0]).toEqual({ name: 'a', points: [[Date.parse('2026-11-01T00:00:00Z'), 0.1], [Date.parse('2026-11-02T00:00:00Z'), 0.2], [Date.parse('2026-11-03T00:00:00Z'), 0.3]] });
    expect(series[1]).toEqual({ name: 'b', points: [[Date.parse('2026-11-03T00:00:00Z'), 0.1]] });
  });
});

describe('what the results rest on', () => {
  const arm = (id: string, exposures: number | null, control = false) => ({ id, control, exposures, rate: control ? 0.03 : 0.04 }) as never;
  const reporting = (pending: number[], until: string | null) => ({
    closedThrough: '2026-11-12', pendingUntil: until, test: null, warning: null,
    arms: pending.map((p, i) => ({ id: `a${i}`, opened: null, due: null, arrived: null, share: null, pending: p })),
  });

  it('states the slot share, counted and pending exposures, and when pending results arrive', () => {
    const auto = { experiment: 'x', slot: 'hero', namespace: { id: 'auto:hero', range: [0.5, 1] as [number, number] }, share: 0.5 };
    expect(trafficLine({ slot: 'hero', traffic: auto })).toBe("Gets 50% of slot hero's shoppers (split evenly with the slot's other running experiments).");
    expect(trafficLine({ slot: 'hero', traffic: null })).toBe("Not running: gets none of slot hero's shoppers.");
    const line = reportingLine({ windowDays: 7, arms: [arm('c', 1200, true), arm('t', 640)], reporting: reporting([40, 70], '2026-11-27') });
    expect(line).toBe('Counted: 1,840 exposures whose 7-day window has closed and whose report arrived; nothing else enters any figure. ' +
      'Pending: 110 exposures whose window is still open: their windows close by 2026-11-27, and each report arrives when that shopper next visits.');
    expect(reportingLine({ windowDays: 1, arms: [arm('c', 10, true)], reporting: reporting([0], null) })).toMatch(/1-day window .* Nothing pending\.$/);
  });

  it("says what a 10% relative lift needs at the site's ε, at the control's rate", () => {
    expect(noiseLine({ epsilon: Math.log(3), arms: [arm('c', 1000, true)] })).toMatch(
      /^To detect a 10% relative lift at a 3\.0% conversion rate \(5% level, 80% power\) at this site's ε = 1\.10 needs about [\d,]+ exposures per arm \([\d,]+ without the randomised response\)\.$/,
    );
    expect(noiseLine({ epsilon: null, arms: [] })).toBeNull();
  });
});
