// Shop events in GA4 ecommerce shape: names, item fields, and the normalisation every entry point shares.

/** The GA4 ecommerce events the profile understands; others are stored and count towards sessions only. */
export const EVENT_TYPES = [
  'page_view', 'view_item', 'add_to_cart', 'remove_from_cart', 'begin_checkout', 'purchase', 'search',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Older names shops still send, mapped to their GA4 name. */
const ALIASES: Record<string, string> = { product_view: 'view_item' };

/** One GA4 item. Only these fields are kept; anything else a shop sends is dropped. */
export interface Item {
  item_id?: string;
  item_name?: string;
  item_brand?: string;
  item_category?: string;
  price?: number;
  quantity?: number;
  /** GA4's per-unit discount: a purchase with any discount counts towards price sensitivity. */
  discount?: number;
}

/** GA4 event parameters as a page passes them to `track`. */
export interface EventProps extends Item {
  items?: Item[];
  value?: number;
  currency?: string;
  coupon?: string;
  search_term?: string;
  [key: string]: unknown;
}

/** An event as stored on the device (IndexedDB `events`). */
export interface StoredEvent {
  /** Auto-increment key, set by the store. */
  id?: number;
  /** Epoch milliseconds. */
  t: number;
  type: string;
  items: Item[];
  value?: number;
  currency?: string;
  coupon?: string;
  search_term?: string;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v.slice(0, 200) : typeof v === 'number' ? String(v) : undefined);
const num = (v: unknown) => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

function cleanItem(raw: unknown): Item | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const item: Item = {};
  const id = str(r.item_id), name = str(r.item_name), brand = str(r.item_brand), category = str(r.item_category);
  const price = num(r.price), quantity = num(r.quantity), discount = num(r.discount);
  if (id !== undefined) item.item_id = id;
  if (name !== undefined) item.item_name = name;
  if (brand !== undefined) item.item_brand = brand;
  if (category !== undefined) item.item_category = category;
  if (price !== undefined) item.price = price;
  if (quantity !== undefined) item.quantity = quantity;
  if (discount !== undefined) item.discount = discount;
  return Object.keys(item).length ? item : null;
}

/** `{ ok: true, value }` or `{ ok: false, reason }`: every SDK call resolves to one of these shapes. */
export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Turns a `track(type, props)` call into a StoredEvent: alias resolved, items cleaned, a flat item accepted.
 * @example normaliseEvent('product_view', { item_id: 'w-1', price: 20 }, Date.now())
 */
export function normaliseEvent(type: unknown, props: unknown, now: number): Result<StoredEvent> {
  if (typeof type !== 'string' || !/^[a-z][a-z0-9_]{0,39}$/i.test(type))
    return { ok: false, reason: `track: expected an event name such as "view_item", received ${JSON.stringify(type)}` };
  if (props !== undefined && (props === null || typeof props !== 'object'))
    return { ok: false, reason: `track: expected props to be an object, received ${props === null ? 'null' : typeof props}` };
  const p = (props ?? {}) as Record<string, unknown>;
  const event: StoredEvent = { t: now, type: ALIASES[type] ?? type, items: [] };
  const items = Array.isArray(p.items) ? p.items : [p];
  for (const raw of items.slice(0, 50)) {
    const item = cleanItem(raw);
    if (item) event.items.push(item);
  }
  const value = num(p.value), currency = str(p.currency), coupon = str(p.coupon), term = str(p.search_term);
  if (value !== undefined) event.value = value;
  if (currency !== undefined) event.currency = currency;
  if (coupon !== undefined) event.coupon = coupon;
  if (term !== undefined) event.search_term = term;
  return { ok: true, value: event };
}
