import { describe, expect, it } from 'vitest';
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
