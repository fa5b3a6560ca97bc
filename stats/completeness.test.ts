import { describe, expect, it } from 'vitest';
import { reportingCompleteness } from './completeness.ts';

const NOW = Date.parse('2026-11-20T15:00:00Z');

describe('reporting completeness', () => {
  it('splits units into due (window closed) and pending by the day they opened, and counts arrivals of due ones only', () => {
    const result = reportingCompleteness(
      [{ id: 'a', opened: { '2026-11-01': 100, '2026-11-12': 40, '2026-11-13': 30, '2026-11-19': 5 }, arrived: { '2026-11-01': 80, '2026-11-12': 30, '2026-11-13': 4 } }],
      { windowDays: 7, now: NOW },
    );
    // A unit opened on the 12th has closed by the end of the 19th: due. One opened on the 13th may still be open.
    expect(result.closedThrough).toBe('2026-11-12');
    expect(result.arms).toEqual([{ id: 'a', opened: 175, due: 140, arrived: 110, share: 110 / 140, pending: 35 }]);
    expect(result.pendingUntil).toBe('2026-11-26');
    expect(result.test).toBeNull();
  });

  it('warns when arms get their report sets back in different shares, and not when they match', () => {
    const arm = (id: string, arrived: number) => ({ id, opened: { '2026-11-01': 1000 }, arrived: { '2026-11-01': arrived } });
    const same = reportingCompleteness([arm('a', 700), arm('b', 690)], { windowDays: 7, now: NOW });
    expect(same.test!.pValue).toBeGreaterThan(0.5);
    expect(same.warning).toBeNull();
    const apart = reportingCompleteness([arm('control', 700), arm('offer', 600)], { windowDays: 7, now: NOW });
    // 2×2 table 700/300 vs 600/400: χ² = 22.0 on 1 df.
    expect(apart.test!.chi2).toBeCloseTo(21.978, 2);
    expect(apart.warning).toMatch(/^report sets arrived for 70% of control, 60% of offer \(χ² = 22\.0, p = 2\.\de-6\)/);
  });

  it('hides counts under k', () => {
    const result = reportingCompleteness([{ id: 'a', opened: { '2026-11-01': 5 }, arrived: { '2026-11-01': 4 } }], { windowDays: 1, now: NOW, k: 20 });
    expect(result.arms[0]).toEqual({ id: 'a', opened: null, due: null, arrived: null, share: null, pending: 0 });
  });
});
