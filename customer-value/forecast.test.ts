// One shopper's forecast: lifetime value as discounted expected purchases × expected spend × margin, and the tiers.
import { describe, expect, it } from 'vitest';
import type { CustomerValue } from '../protocol/customer-value.ts';
import { expectedPurchases } from './bgnbd.ts';
import { discountedPurchases, forecastCustomer, tierOf } from './forecast.ts';
import { expectedSpend } from './gamma-gamma.ts';

const model: CustomerValue = {
  timeUnit: 'week',
  bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 },
  margin: 0.3,
  horizonDays: 364,
  annualDiscountRate: 0.1,
  tiers: { value: { medium: 5, high: 20 }, attrition: { medium: 0.3, high: 0.6 }, potential: { medium: 10, high: 40 } },
};
const shopper = { x: 2, tx: 30.43, T: 38.86, m: 22.35 };

describe('discountedPurchases', () => {
  it('without discounting is the expected purchases over the horizon, in either time unit', () => {
    expect(discountedPurchases({ ...model, annualDiscountRate: 0 }, shopper, 273)).toBeCloseTo(expectedPurchases(model.bgnbd, shopper, 39), 12);
    const daily = { ...model, timeUnit: 'day' as const, bgnbd: { ...model.bgnbd, alpha: model.bgnbd.alpha * 7 }, annualDiscountRate: 0 };
    const inDays = { x: 2, tx: 30.43 * 7, T: 38.86 * 7 };
    expect(discountedPurchases(daily, inDays, 273)).toBeCloseTo(expectedPurchases(model.bgnbd, shopper, 39), 10);
  });

  it('discounts later purchases more: between the undiscounted total and all of it a year out', () => {
    const plain = discountedPurchases({ ...model, annualDiscountRate: 0 }, shopper, 364);
    const discounted = discountedPurchases(model, shopper, 364);
    expect(discounted).toBeLessThan(plain);
    expect(discounted).toBeGreaterThan(plain / 1.1);
  });
});

describe('forecastCustomer', () => {
  it('multiplies margin, expected spend and discounted purchases, and divides by P(alive) for the value if active', () => {
    const f = forecastCustomer(model, shopper);
    expect(f.expectedSpend).toBeCloseTo(expectedSpend(model.gammaGamma, 2, 22.35), 12);
    expect(f.clv).toBeCloseTo(0.3 * f.expectedSpend * discountedPurchases(model, shopper, 364), 12);
    expect(f.clvIfActive).toBeCloseTo(f.clv / f.pAlive, 12);
    expect(f.expectedPurchases).toBeCloseTo(expectedPurchases(model.bgnbd, shopper, 52), 12);
    expect(f.expectedPurchases90d).toBeCloseTo(expectedPurchases(model.bgnbd, shopper, 90 / 7), 12);
    expect([f.valueTier, f.attritionRisk, f.potentialTier]).toEqual([tierOf(f.clv, model.tiers.value), tierOf(1 - f.pAlive, model.tiers.attrition), tierOf(f.clvIfActive, model.tiers.potential)]);
  });

  it('rates a frequent buyer who stopped long ago at high attrition risk and high potential', () => {
    const lapsed = forecastCustomer(model, { x: 12, tx: 8, T: 38, m: 40 });
    expect(lapsed.attritionRisk).toBe('high');
    expect(lapsed.potentialTier).toBe('high');
    expect(lapsed.clv).toBeLessThan(lapsed.clvIfActive / 5);
  });
});

describe('tierOf', () => {
  it('is high from `high` up, medium from `medium` up, else low', () => {
    const t = { medium: 50, high: 200 };
    expect([tierOf(0, t), tierOf(49.99, t), tierOf(50, t), tierOf(199, t), tierOf(200, t)]).toEqual(['low', 'low', 'medium', 'medium', 'high']);
  });
});
