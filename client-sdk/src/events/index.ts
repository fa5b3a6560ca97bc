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

/**
 * A text field, at most 200 characters. Names of Object.prototype ("__proto__", "constructor") are dropped: the
 * profile keys its maps by item ids and categories, and `cart["__proto__"]` would reach the page's own objects.
 */
const str = (v: unknown) => {
  const s = typeof v === 'string' && v ? v.slice(0, 200) : typeof v === 'number' ? String(v) : undefined;
  return s && !(s in Object.prototype) ? s : undefined;
};
const num = (v: unknown) => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

const TEXT_FIELDS = ['item_id', 'item_name', 'item_brand', 'item_category'] as const;
const NUMBER_FIELDS = ['price', 'quantity', 'discount'] as const;

function cleanItem(raw: unknown): Item | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const item: Record<string, string | number> = {};
  for (const key of TEXT_FIELDS) {
    const v = str(r[key]);
    if (v !== undefined) item[key] = v;
  }
  for (const key of NUMBER_FIELDS) {
    const v = num(r[key]);
    if (v !== undefined) item[key] = v;
  }
  return Object.keys(item).length ? (item as Item) : null;
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
  const value = num(p.value);
  if (value !== undefined) event.value = value;
  for (const key of ['currency', 'coupon', 'search_term'] as const) {
    const v = str(p[key]);
    if (v !== undefined) event[key] = v;
  }
  return { ok: true, value: event };
}
