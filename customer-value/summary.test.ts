// Transactions to per-shopper summaries, counted per customer and day as the papers count them.
import { describe, expect, it } from 'vitest';
import { dayNumber, isoDay, summariseTransactions } from './summary.ts';

describe('dayNumber', () => {
  it('reads YYYYMMDD, YYYY-MM-DD and ISO date-times by their calendar day as written', () => {
    expect(dayNumber('19970101')).toBe(9862);
    expect(dayNumber('1997-01-01')).toBe(9862);
    expect(dayNumber('2011-10-06 16:20:00')).toBe(dayNumber('2011-10-06'));
    expect(dayNumber('2011-10-06T23:59:59-08:00')).toBe(dayNumber('2011-10-06'));
    expect(isoDay(9862)).toBe('1997-01-01');
  });

  it('is NaN for what is not a real date', () => {
    for (const bad of ['2011-02-30', '06/10/2011', '', '1997011', 'soon']) expect(dayNumber(bad), bad).toBeNaN();
  });
});

describe('summariseTransactions', () => {
  const d = dayNumber;
  const rows = [
    { customer: 'a', day: d('2024-01-01'), value: 50 },
    { customer: 'a', day: d('2024-01-01'), value: 10 }, // same day: one purchase, the first (left out of m)
    { customer: 'a', day: d('2024-01-15'), value: 20 },
    { customer: 'a', day: d('2024-01-15'), value: 5 },
    { customer: 'a', day: d('2024-02-12'), value: 35 },
    { customer: 'a', day: d('2024-03-10'), value: 99 }, // holdout
    { customer: 'b', day: d('2024-02-01'), value: 7 },
    { customer: 'c', day: d('2024-03-01'), value: 12 }, // first purchase after the calibration end: not in the cohort
    { customer: 'b', day: d('2024-06-01'), value: 1 }, // after the observation end: ignored
  ];

  it('counts purchase days after the first, t_x and T in the time unit, and the mean value of the repeat days', () => {
    const out = summariseTransactions(rows, { calibrationEnd: d('2024-02-26'), observationEnd: d('2024-03-25'), unitDays: 7 });
    expect(out.map((r) => r.id)).toEqual(['a', 'b']);
    const a = out[0]!;
    expect(a).toMatchObject({ x: 2, tx: 6, T: 8, m: 30, holdoutPurchases: 1, holdoutValue: 99, firstDay: d('2024-01-01') });
    expect(out[1]).toMatchObject({ x: 0, tx: 0, m: 0, T: 25 / 7, holdoutPurchases: 0 });
  });

  it('refuses an observation end before the calibration end', () => {
    expect(() => summariseTransactions(rows, { calibrationEnd: d('2024-02-26'), observationEnd: d('2024-02-01'), unitDays: 1 }))
      .toThrow('the observation end (2024-02-01) is before the calibration end (2024-02-26)');
  });
});
