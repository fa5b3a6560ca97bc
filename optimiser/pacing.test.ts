// Budget pacing in the dual: one multiplicative step per day of the books.
import { describe, expect, it } from 'vitest';
import { LAMBDA_CAP, LAMBDA_FLOOR, paceDuals, pricesPerRedemption, startingLambda, type PacingInput } from './pacing.ts';

const input = (over: Partial<PacingInput> = {}): PacingInput => ({
  budget: 1000, spent: 300, spentLastDay: 70, daysLeft: 10, lambda: 0.4, nu: {}, units: {}, redemptionCost: {}, ...over,
});

describe('paceDuals', () => {
  it('keeps λ on pace, raises it when spending ahead of the budget left per day and lowers it when behind', () => {
    // 700 left over 10 days: 70 a day.
    expect(paceDuals(input()).lambda).toBeCloseTo(0.4, 12);
    expect(paceDuals(input()).targets.spendPerDay).toBeCloseTo(70, 12);
    expect(paceDuals(input({ spentLastDay: 140 })).lambda).toBeCloseTo(0.8, 12);
    expect(paceDuals(input({ spentLastDay: 35 })).lambda).toBeCloseTo(0.2, 12);
    // A smaller step moves less.
    expect(paceDuals(input({ spentLastDay: 140, step: 0.5 })).lambda).toBeCloseTo(0.4 * Math.SQRT2, 12);
  });

  it('drops λ to 0 below its floor, restarts from the floor when spend overshoots, and prices everything out when the budget is gone', () => {
    expect(paceDuals(input({ lambda: LAMBDA_FLOOR, spentLastDay: 10 })).lambda).toBe(0);
    expect(paceDuals(input({ lambda: 0, spentLastDay: 140 })).lambda).toBeCloseTo(2 * LAMBDA_FLOOR, 12);
    expect(paceDuals(input({ spent: 1000 })).lambda).toBe(LAMBDA_CAP);
    // 100 left after a day of 70: not 1.5 days more; priced out before the books show it gone.
    expect(paceDuals(input({ spent: 900 })).lambda).toBe(LAMBDA_CAP);
    expect(paceDuals(input({ spent: 890, daysLeft: 2 })).lambda).toBeLessThan(LAMBDA_CAP);
    // One day's ratio is bounded, so a day with a freak spend cannot throw the price across the range.
    expect(paceDuals(input({ spentLastDay: 400, daysLeft: 20 })).lambda).toBeCloseTo(0.4 * 8, 12);
  });

  it('prices out an offer whose units left would not last another day like the last one', () => {
    const out = paceDuals(input({ units: { a: { cap: 100, used: 85, usedLastDay: 10 } }, redemptionCost: { a: 10 } }));
    expect(out.nu.a).toBe(LAMBDA_CAP * 10);
  });

  it('paces each limited offer\'s units by redemptions, in currency scaled to its cost; unlimited offers get no unit price', () => {
    const out = paceDuals(input({
      nu: { a: 2 },
      units: { a: { cap: 100, used: 50, usedLastDay: 10 }, b: { cap: null, used: 400, usedLastDay: 90 }, c: { cap: 30, used: 30, usedLastDay: 1 } },
      redemptionCost: { a: 10, b: 5, c: 4 },
    }));
    // 50 units left over 10 days: 5 a day; 10 redeemed: ν doubles.
    expect(out.nu.a).toBeCloseTo(4, 12);
    expect(out.targets.unitsPerDay.a).toBeCloseTo(5, 12);
    expect(out.nu.b).toBe(0);
    // Sold out: the unit price is its cap, which no value reaches.
    expect(out.nu.c).toBe(LAMBDA_CAP * 4);
  });
});

describe('pricesPerRedemption', () => {
  it('is λ times the cost of a redemption plus the offer\'s unit price', () => {
    expect(pricesPerRedemption(0.5, { coupon: 2 }, { coupon: 10, content: 0 })).toEqual({ coupon: 7, content: 0 });
  });
});

describe('startingLambda', () => {
  it('solves the last period\'s spend curve, ln spend = a − b·λ, for the budget per day', () => {
    // spend = 200·e^(−4λ): 100 a day at λ = ln 2 / 4.
    const days = [0, 0.05, 0.1, 0.2, 0.3, 0.15, 0.25].map((lambda) => ({ lambda, spend: 200 * Math.exp(-4 * lambda) }));
    expect(startingLambda(days, 100)).toBeCloseTo(Math.log(2) / 4, 9);
    // A budget more than the curve ever spends: start at 0, no price.
    expect(startingLambda(days, 400)).toBe(0);
  });

  it('says nothing when the days do not pin a falling curve down', () => {
    expect(startingLambda([{ lambda: 0.1, spend: 10 }, { lambda: 0.2, spend: 9 }], 5)).toBeNull();
    expect(startingLambda(Array.from({ length: 6 }, () => ({ lambda: 0.3, spend: 50 })), 40)).toBeNull();
    expect(startingLambda([0.1, 0.2, 0.3, 0.4, 0.5].map((lambda) => ({ lambda, spend: 10 + 100 * lambda })), 20)).toBeNull();
  });
});
