// The value of an offer and its cost per redemption: one formula for the device, the edge and the simulator.
import { describe, expect, it } from 'vitest';
import { offerPrice, offerValue, redemptionCostOf } from './economics.ts';

describe('offerValue', () => {
  it('charges the discount on every expected redemption, including buyers who would have bought anyway', () => {
    // 15% off an 80 order to a shopper who buys at 10% anyway and 12% with it: 0.02·32 − 0.12·12 = −0.8.
    expect(offerValue(0.12, 0.1, { margin: 32, redemptionCost: 12 })).toBeCloseTo(-0.8, 12);
    // No discount: the uplift's margin only.
    expect(offerValue(0.12, 0.1, { margin: 32, redemptionCost: 0 })).toBeCloseTo(0.64, 12);
    // A per-show cost would have called it 0.02·32 − 0.5 = 0.14 for a cost of 0.5 per show: profitable.
  });

  it('is priced by the edge per expected redemption', () => {
    expect(offerValue(0.3, 0.2, { margin: 32, redemptionCost: 0 }) - offerPrice(0.3, 0.5)).toBeCloseTo(3.2 - 0.15, 12);
    expect(offerPrice(0.3, 0)).toBe(0);
  });
});

describe('redemptionCostOf', () => {
  const site = { averageOrderValue: 80, shippingCost: 6 };
  it('uses the stated cost, else derives it from the discount', () => {
    expect(redemptionCostOf({ discount: { kind: 'percent', value: 15 }, redemptionCost: 9 }, site)).toBe(9);
    expect(redemptionCostOf({ discount: { kind: 'percent', value: 15 } }, site)).toBe(12);
    expect(redemptionCostOf({ discount: { kind: 'amount', value: 10 } }, {})).toBe(10);
    expect(redemptionCostOf({ discount: { kind: 'free_shipping', value: 0 } }, site)).toBe(6);
    expect(redemptionCostOf({ discount: { kind: 'none', value: 0 } }, {})).toBe(0);
  });

  it('cannot derive a percent without an order value, nor free shipping without its cost', () => {
    expect(redemptionCostOf({ discount: { kind: 'percent', value: 15 } }, {})).toBeNull();
    expect(redemptionCostOf({ discount: { kind: 'free_shipping', value: 0 } }, {})).toBeNull();
  });
});
