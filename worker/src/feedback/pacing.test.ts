// Where a budget period's pacing starts: the state itself within its period; for a new period, the budget price
// the last period's books point to and the plan's unit prices (the units are full again).
import { describe, expect, it } from 'vitest';
import { LAMBDA_CAP, startingLambda } from '../../../optimiser/index.ts';
import { siteConfigSchema } from '../../../protocol/index.ts';
import { demo } from '../../test/client.ts';
import { enterPeriod, type PacingState } from './pacing.ts';

const DAY = 86_400_000;

function configFor(periodStart: string, days: number, budget: number) {
  const config = demo();
  config.constraints = { ...config.constraints, budget, periodStart, periodEnd: new Date(Date.parse(periodStart) + days * DAY).toISOString() };
  return siteConfigSchema.parse(config);
}

// Last period: λ rose as the spend fell, and women-15 sold out (its unit price at the cap).
const last: PacingState = {
  lambda: 0.9,
  nu: { 'women-15': LAMBDA_CAP * 12 },
  booksThrough: '2026-11-09',
  periodStart: '2026-11-01T00:00:00.000Z',
  days: [0.1, 0.2, 0.3, 0.45, 0.6, 0.8].map((lambda, i) => ({ lambda, spend: 900 - 100 * i })),
};

describe('enterPeriod', () => {
  it('keeps the state within its own period', () => {
    expect(enterPeriod(configFor(last.periodStart, 10, 5000), last, { 'women-15': 1 })).toBe(last);
  });

  it('starts a new period at the spend curve\'s budget price, with the plan\'s unit prices and no books taken in', () => {
    const config = configFor('2026-11-11T00:00:00.000Z', 10, 5000);
    const expected = startingLambda(last.days!, 500);
    expect(expected).not.toBeNull();
    expect(enterPeriod(config, last, { 'women-15': 0.5 })).toEqual({
      lambda: expected, nu: { 'women-15': 0.5 }, booksThrough: null, periodStart: '2026-11-11T00:00:00.000Z', days: [],
    });
    // Without a plan, no unit is priced: last period's sell-out does not carry over.
    expect(enterPeriod(config, last)!.nu).toEqual({});
  });

  it('ends where pacing ended when the books do not pin a curve down, and is null without a budget period', () => {
    const config = configFor('2026-11-11T00:00:00.000Z', 10, 5000);
    expect(enterPeriod(config, { ...last, days: last.days!.slice(0, 2) })!.lambda).toBe(0.9);
    expect(enterPeriod(siteConfigSchema.parse(demo()), last)).toBeNull();
  });
});
