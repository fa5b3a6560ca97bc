// The running shopper profile: updated once per event, so a decision reads it without rescanning history.
import type { Affinity, Profile } from '../../../protocol/profile.ts';
import type { StoredEvent } from '../events/index.ts';

const DAY = 86_400_000;
/** A gap longer than this starts a new session (GA4's default). */
export const SESSION_GAP_MS = 30 * 60_000;
/** Affinity halves every this many days, so last season's browsing fades. */
export const AFFINITY_HALF_LIFE_DAYS = 30;
/** Purchased items remembered for "never offer what was just bought"; the oldest are forgotten first. */
const MAX_PURCHASED_ITEMS = 200;
/** Keys kept per affinity map: a bound on work per event and bytes per write. */
const MAX_AFFINITY_KEYS = 50;

/** Everything needed to update the profile incrementally; stored as one record. */
export interface ProfileState {
  profile: Profile;
  firstSeen: number;
  lastEvent: number;
  lastPurchase: number | null;
  /** Time the affinity maps were last decayed to. */
  affinityAt: number;
  viewedPriceSum: number;
  viewedPriceCount: number;
  discountedPurchases: number;
  cart: Record<string, { quantity: number; price: number }>;
  /** Offer id to exposure times (epoch ms), for frequency caps. */
  exposures: Record<string, number[]>;
  /** Purchase days as the customer-value models count them; absent before the first purchase. */
  days?: PurchaseDays;
  /** The customer-value reporting period this device last reported in (profile/value.ts). */
  valuePeriod?: string;
}

/**
 * Purchases grouped by UTC calendar day, kept as they arrive: what BG/NBD and Gamma-Gamma read (profile/value.ts).
 * first and last are days as YYYY-MM-DD (which compare as strings in date order); x is the purchase days after the
 * first (the papers' x); repeatValue is the value bought after the first purchase day (the first day's value is
 * left out of the mean spend). A tuple, not an object: these are bytes of the script tag.
 */
export type PurchaseDays = [first: string, last: string, x: number, repeatValue: number];

export const emptyProfile = (): Profile => ({
  recencyDays: null, frequency: 0, monetary: 0, averageOrderValue: 0, sessions: 0, sessionDepth: 0, pageViews: 0,
  itemViews: 0, cartAdds: 0, searches: 0, cartItems: 0, cartValue: 0, tenureDays: 0, categoryAffinity: {},
  brandAffinity: {}, topCategory: null, topBrand: null, discountShare: 0, priceLevel: 0, purchasedItems: {},
});

/** A fresh state for a device seen for the first time at `now`. */
export function emptyState(now: number): ProfileState {
  return {
    profile: emptyProfile(), firstSeen: now, lastEvent: 0, lastPurchase: null, affinityAt: now, viewedPriceSum: 0,
    viewedPriceCount: 0, discountedPurchases: 0, cart: {}, exposures: {},
  };
}

/** Money rounded to cents. */
const cents = (v: number) => Math.round(v * 100) / 100;

/** The calendar day (UTC) of a time: the finest time unit kept for purchases. */
export const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

function decay(map: Affinity, factor: number): void {
  for (const key in map) {
    const next = map[key]! * factor;
    // Forget keys that decayed to noise, so the map does not grow forever.
    if (next < 0.01) delete map[key];
    else map[key] = next;
  }
}

function top(map: Affinity): string | null {
  let best: string | null = null;
  let bestScore = 0;
  for (const key in map) if (map[key]! > bestScore) [best, bestScore] = [key, map[key]!];
  return best;
}

function bump(map: Affinity, key: string | undefined, amount: number): void {
  if (!key) return;
  if (!(key in map) && Object.keys(map).length >= MAX_AFFINITY_KEYS) {
    const weakest = Object.keys(map).reduce((a, b) => (map[a]! <= map[b]! ? a : b));
    delete map[weakest];
  }
  map[key] = (map[key] ?? 0) + amount;
}

/**
 * A purchase's value: its `value`, else the sum of its items' price × quantity.
 * @example eventValue({ t: 0, type: 'purchase', items: [{ price: 10, quantity: 2 }] }) // 20
 */
export function eventValue(event: StoredEvent): number {
  return event.value ?? event.items.reduce((sum, item) => sum + (item.price ?? 0) * (item.quantity ?? 1), 0);
}

/** Brings time-dependent fields (recency, tenure, decayed affinities) up to `now`. Cheap: O(affinity keys). */
export function refresh(state: ProfileState, now: number): Profile {
  const p = state.profile;
  const elapsed = now - state.affinityAt;
  if (elapsed > 60_000) {
    const factor = Math.pow(0.5, elapsed / DAY / AFFINITY_HALF_LIFE_DAYS);
    decay(p.categoryAffinity, factor);
    decay(p.brandAffinity, factor);
    state.affinityAt = now;
  }
  p.topCategory = top(p.categoryAffinity);
  p.topBrand = top(p.brandAffinity);
  p.recencyDays = state.lastPurchase === null ? null : Math.floor((now - state.lastPurchase) / DAY);
  p.tenureDays = Math.floor((now - state.firstSeen) / DAY);
  return p;
}

function recountCart(state: ProfileState): void {
  let items = 0;
  let value = 0;
  for (const id in state.cart) {
    const line = state.cart[id]!;
    items += line.quantity;
    value += line.quantity * line.price;
  }
  state.profile.cartItems = items;
  state.profile.cartValue = cents(value);
}

/**
 * Folds one event into the state. O(items in the event + affinity keys); never reads history.
 * @example applyEvent(state, { t: Date.now(), type: 'view_item', items: [{ item_category: 'women' }] })
 */
export function applyEvent(state: ProfileState, event: StoredEvent): void {
  const p = state.profile;
  const now = event.t;
  refresh(state, now);
  if (now - state.lastEvent > SESSION_GAP_MS) {
    p.sessions++;
    p.sessionDepth = 0;
  }
  state.lastEvent = Math.max(state.lastEvent, now);
  const items = event.items;
  switch (event.type) {
    case 'page_view':
      p.pageViews++;
      p.sessionDepth++;
      break;
    case 'view_item':
      p.itemViews++;
      for (const item of items) {
        bump(p.categoryAffinity, item.item_category, 1);
        bump(p.brandAffinity, item.item_brand, 1);
        if (item.price !== undefined && item.price >= 0) {
          state.viewedPriceSum += item.price;
          state.viewedPriceCount++;
        }
      }
      if (state.viewedPriceCount) p.priceLevel = cents(state.viewedPriceSum / state.viewedPriceCount);
      break;
    case 'add_to_cart':
      p.cartAdds++;
      for (const item of items) {
        bump(p.categoryAffinity, item.item_category, 1);
        bump(p.brandAffinity, item.item_brand, 1);
        if (!item.item_id) continue;
        const line = (state.cart[item.item_id] ??= { quantity: 0, price: item.price ?? 0 });
        line.quantity += item.quantity ?? 1;
        if (item.price !== undefined) line.price = item.price;
      }
      recountCart(state);
      break;
    case 'remove_from_cart':
      for (const item of items) {
        const line = item.item_id ? state.cart[item.item_id] : undefined;
        if (!line) continue;
        line.quantity -= item.quantity ?? line.quantity;
        if (line.quantity <= 0) delete state.cart[item.item_id!];
      }
      recountCart(state);
      break;
    case 'search':
      p.searches++;
      break;
    case 'purchase': {
      const value = eventValue(event);
      p.frequency++;
      p.monetary = cents(p.monetary + value);
      p.averageOrderValue = cents(p.monetary / p.frequency);
      state.lastPurchase = now;
      // A purchase on a later day is a new repeat purchase; one on the same day adds to that day. A purchase dated
      // before the last one (another tab's, late) counts as on the last day.
      const day = dayOf(now);
      const c = (state.days ??= [day, day, 0, 0]);
      if (day > c[1]) {
        c[2]++;
        c[1] = day;
      }
      if (day > c[0]) c[3] += value;
      if (event.coupon || items.some((item) => (item.discount ?? 0) > 0)) state.discountedPurchases++;
      p.discountShare = state.discountedPurchases / p.frequency;
      for (const item of items) {
        bump(p.categoryAffinity, item.item_category, 2);
        bump(p.brandAffinity, item.item_brand, 2);
        if (!item.item_id) continue;
        delete p.purchasedItems[item.item_id];
        p.purchasedItems[item.item_id] = day;
      }
      const ids = Object.keys(p.purchasedItems);
      for (let i = 0; i < ids.length - MAX_PURCHASED_ITEMS; i++) delete p.purchasedItems[ids[i]!];
      state.cart = {};
      recountCart(state);
      break;
    }
  }
  // The event changed affinities and purchases: bring the derived fields up to date (no decay: just done).
  refresh(state, now);
}

/** Records an exposure of an offer for frequency caps; keeps only what the longest cap can need. */
export function recordExposure(state: ProfileState, offerId: string, now: number, keepDays = 365): void {
  const times = (state.exposures[offerId] ??= []);
  times.push(now);
  while (times.length && times[0]! < now - keepDays * DAY) times.shift();
  if (times.length > 100) times.splice(0, times.length - 100);
}
