// The running profile: each event folds in once; time-dependent fields are brought up to date on read.
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../events/index.ts';
import { AFFINITY_HALF_LIFE_DAYS, applyEvent, emptyState, recordExposure, refresh } from './index.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T10:00:00Z');
const ev = (t: number, type: string, rest: Partial<StoredEvent> = {}): StoredEvent => ({ t, type, items: [], ...rest });

describe('applyEvent', () => {
  it('counts sessions by 30-minute gaps and pages within the session', () => {
    const s = emptyState(T0);
    applyEvent(s, ev(T0, 'page_view'));
    applyEvent(s, ev(T0 + 10 * 60_000, 'page_view'));
    applyEvent(s, ev(T0 + 50 * 60_000, 'page_view'));
    expect(s.profile).toMatchObject({ sessions: 2, sessionDepth: 1, pageViews: 3 });
  });

  it('builds category and brand affinity and the price level from item views', () => {
    const s = emptyState(T0);
    applyEvent(s, ev(T0, 'view_item', { items: [{ item_category: 'shoes', item_brand: 'Stride', price: 60 }] }));
    applyEvent(s, ev(T0 + 1000, 'view_item', { items: [{ item_category: 'shoes', item_brand: 'Stride', price: 140 }] }));
    applyEvent(s, ev(T0 + 2000, 'view_item', { items: [{ item_category: 'men', price: 100 }] }));
    expect(s.profile).toMatchObject({ itemViews: 3, topCategory: 'shoes', topBrand: 'Stride', priceLevel: 100 });
    expect(s.profile.categoryAffinity).toEqual({ shoes: 2, men: 1 });
  });

  it('keeps the cart from add and remove events', () => {
    const s = emptyState(T0);
    applyEvent(s, ev(T0, 'add_to_cart', { items: [{ item_id: 'a', price: 10, quantity: 2 }] }));
    applyEvent(s, ev(T0, 'add_to_cart', { items: [{ item_id: 'b', price: 5 }] }));
    expect(s.profile).toMatchObject({ cartAdds: 2, cartItems: 3, cartValue: 25 });
    applyEvent(s, ev(T0, 'remove_from_cart', { items: [{ item_id: 'a', quantity: 1 }] }));
    expect(s.profile).toMatchObject({ cartItems: 2, cartValue: 15 });
    applyEvent(s, ev(T0, 'remove_from_cart', { items: [{ item_id: 'b' }] }));
    expect(s.profile).toMatchObject({ cartItems: 1, cartValue: 10 });
  });

  it('records RFM, discount share and purchased items by day, and empties the cart', () => {
    const s = emptyState(T0);
    applyEvent(s, ev(T0, 'add_to_cart', { items: [{ item_id: 'a', price: 10 }] }));
    applyEvent(s, ev(T0, 'purchase', { value: 100, coupon: 'WELCOME10', items: [{ item_id: 'a', price: 100 }] }));
    applyEvent(s, ev(T0 + 2 * DAY, 'purchase', { items: [{ item_id: 'b', price: 25, quantity: 2 }] }));
    expect(s.profile).toMatchObject({
      frequency: 2, monetary: 150, averageOrderValue: 75, discountShare: 0.5, cartItems: 0, recencyDays: 0,
      purchasedItems: { a: '2026-11-01', b: '2026-11-03' },
    });
    expect(refresh(s, T0 + 12 * DAY).recencyDays).toBe(10);
  });

  it('halves affinity every half-life and keeps tenure', () => {
    const s = emptyState(T0);
    applyEvent(s, ev(T0, 'view_item', { items: [{ item_category: 'kids' }] }));
    const later = refresh(s, T0 + AFFINITY_HALF_LIFE_DAYS * DAY);
    expect(later.categoryAffinity.kids).toBeCloseTo(0.5, 6);
    expect(later.tenureDays).toBe(AFFINITY_HALF_LIFE_DAYS);
  });

  it('forgets the weakest keys past 50 and the oldest exposures past 100', () => {
    const s = emptyState(T0);
    for (let i = 0; i < 60; i++) applyEvent(s, ev(T0, 'view_item', { items: [{ item_brand: `b${i}` }] }));
    expect(Object.keys(s.profile.brandAffinity)).toHaveLength(50);
    for (let i = 0; i < 120; i++) recordExposure(s, 'o', T0 + i);
    expect(s.exposures.o).toHaveLength(100);
    expect(s.exposures.o![0]).toBe(T0 + 20);
  });
});
