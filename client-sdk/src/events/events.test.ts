// GA4 event normalisation and dataLayer entry reading.
import { describe, expect, it } from 'vitest';
import { readEntry } from './datalayer.ts';
import { normaliseEvent } from './index.ts';

describe('normaliseEvent', () => {
  it('maps product_view to view_item and accepts a flat item', () => {
    expect(normaliseEvent('product_view', { item_id: 'w-1', item_category: 'women', price: '20', colour: 'red' }, 5)).toEqual({
      ok: true, value: { t: 5, type: 'view_item', items: [{ item_id: 'w-1', item_category: 'women', price: 20 }] },
    });
  });

  it('keeps GA4 items and parameters, and drops every other field', () => {
    const result = normaliseEvent('purchase', {
      transaction_id: 'T1', value: 99, currency: 'EUR', coupon: 'X', email: 'a@b.c',
      items: [{ item_id: 'a', item_brand: 'B', quantity: 2, price: 10, discount: 1, affiliation: 'no' }, null, 'junk'],
    }, 1);
    expect(result).toEqual({ ok: true, value: {
      t: 1, type: 'purchase', value: 99, currency: 'EUR', coupon: 'X',
      items: [{ item_id: 'a', item_brand: 'B', quantity: 2, price: 10, discount: 1 }],
    } });
  });

  it('drops text fields that are names of Object.prototype, so the profile never keys a map by them', () => {
    const result = normaliseEvent('add_to_cart', { items: [{ item_id: '__proto__', price: 9.99 }, { item_id: 'constructor', item_category: 'toString', item_brand: 'B' }] }, 0);
    expect(result).toEqual({ ok: true, value: { t: 0, type: 'add_to_cart', items: [{ price: 9.99 }, { item_brand: 'B' }] } });
  });

  it('says what was expected when the input is wrong', () => {
    expect(normaliseEvent('', {}, 0)).toEqual({ ok: false, reason: 'track: expected an event name such as "view_item", received ""' });
    expect(normaliseEvent('search', 3, 0)).toEqual({ ok: false, reason: 'track: expected props to be an object, received number' });
  });
});

describe('readEntry', () => {
  function gtagArgs(..._args: unknown[]) {
    // eslint-disable-next-line prefer-rest-params
    return arguments;
  }

  it('reads gtag() arguments objects and GTM ecommerce objects', () => {
    expect(readEntry(gtagArgs('event', 'view_item', { items: [] }))).toEqual(['view_item', { items: [] }]);
    expect(readEntry({ event: 'purchase', ecommerce: { value: 5 } })).toEqual(['purchase', { value: 5 }]);
    expect(readEntry({ event: 'product_view' })).toEqual(['product_view', {}]);
  });

  it('ignores everything that is not a GA4 ecommerce event', () => {
    for (const entry of [gtagArgs('config', 'G-1'), gtagArgs('event', 'scroll'), { event: 'gtm.js' }, { ecommerce: null }, null, 'x'])
      expect(readEntry(entry)).toBeNull();
  });
});
