// The shop's side of a visit: GA4-style events a shopper's browser would send, their profile kept by the SDK's own
// profile code, and the shop's books (profit, discount spent, units redeemed) that every policy is judged on.
import catalogue from '../demo/catalogue.json';
import type { Profile } from '../protocol/index.ts';
import { applyEvent, emptyState, type ProfileState } from '../client-sdk/src/profile/index.ts';
import type { StoredEvent } from '../client-sdk/src/events/index.ts';
import type { Rng } from '../stats/index.ts';
import { CATEGORIES, DAY, ORDER_MARGIN, ORDER_VALUE, stream, type Shopper, type World } from './world.ts';

const HOUR = 3_600_000;
type CatalogueItem = { item_id: string; item_category: string; item_brand?: string; price: number };
const ITEMS = catalogue as CatalogueItem[];
const byCategory = new Map(CATEGORIES.map((c) => [c as string, ITEMS.filter((i) => i.item_category === c)]));

function pick<T>(list: readonly T[], rng: Rng): T {
  return list[Math.min(list.length - 1, Math.floor(rng() * list.length))]!;
}

function category(shopper: Shopper, rng: Rng): string {
  let u = rng();
  for (const c of CATEGORIES) if ((u -= shopper.taste[c]!) < 0) return c;
  return CATEGORIES[0];
}

function item(cat: string, rng: Rng): CatalogueItem {
  const list = byCategory.get(cat);
  return list && list.length ? pick(list, rng) : { item_id: `${cat}-item`, item_category: cat, price: ORDER_VALUE };
}

/** A purchase event as the shop's dataLayer would send it: one order of ORDER_VALUE, with the coupon if any. */
export function purchaseEvent(t: number, cat: string, rng: Rng, coupon?: string): StoredEvent {
  const it = item(cat, rng);
  const event: StoredEvent = {
    t, type: 'purchase', value: ORDER_VALUE,
    items: [{ item_id: it.item_id, item_category: cat, ...(it.item_brand ? { item_brand: it.item_brand } : {}), price: ORDER_VALUE, quantity: 1, ...(coupon ? { discount: 1 } : {}) }],
  };
  if (coupon) event.coupon = coupon;
  return event;
}

/** The profile the SDK would hold at the start: past visits and purchases folded in by the SDK's own code. */
export function initialState(world: World, shopper: Shopper): ProfileState {
  const rng = stream(world.seed, 'history', shopper.index);
  const oldest = shopper.history.reduce((m, h) => Math.max(m, h.daysAgo), 0);
  const state = emptyState(world.start - (oldest + (shopper.history.length ? 5 : 0)) * DAY);
  const past = [...shopper.history].sort((a, b) => b.daysAgo - a.daysAgo);
  for (const h of past) {
    const t = world.start - h.daysAgo * DAY;
    const it = item(h.category, rng);
    applyEvent(state, { t: t - 20 * 60_000, type: 'page_view', items: [] });
    applyEvent(state, { t: t - 15 * 60_000, type: 'view_item', items: [{ item_id: it.item_id, item_category: h.category, price: it.price }] });
    applyEvent(state, purchaseEvent(t, h.category, rng, h.discounted ? 'PAST' : undefined));
  }
  return state;
}

/** Time of a shopper's visit on a day, and the page and item views it makes (drawn from the world's stream). */
export function visitEvents(world: World, shopper: Shopper, day: number, rng: Rng): { t: number; events: StoredEvent[] } {
  const t = world.start + day * DAY + Math.floor((8 + 14 * rng()) * HOUR);
  const events: StoredEvent[] = [{ t, type: 'page_view', items: [] }];
  const views = 1 + Math.floor(rng() * 3);
  for (let i = 0; i < views; i++) {
    const cat = category(shopper, rng);
    const it = item(cat, rng);
    events.push({ t: t + (i + 1) * 30_000, type: 'view_item', items: [{ item_id: it.item_id, item_category: cat, price: it.price }] });
  }
  return { t: t + (views + 1) * 30_000, events };
}

/** The category a shopper buys in: the offer's, when a category offer was shown, else one they like. */
export function purchaseCategory(shopper: Shopper, offerCategory: string | undefined, rng: Rng): string {
  return offerCategory && (CATEGORIES as readonly string[]).includes(offerCategory) ? offerCategory : category(shopper, rng);
}

/** The shop's books for one budget period: what was spent and redeemed, the figures pacing reads. */
export interface PeriodBooks {
  index: number;
  spend: number;
  /** Units redeemed per offer in the period. */
  redeemed: Record<string, number>;
  /** Spend and redemptions per offer on each day of the period so far. */
  dailySpend: number[];
  dailyRedeemed: Record<string, number>[];
}

/** The shop's books for one policy: what it earned and gave away, in all and in the current budget period. */
export interface Ledger {
  profit: number;
  spend: number;
  conversions: number;
  shows: number;
  /** Σ over shows of the true expected incremental profit (ground truth, no sampling noise). */
  expectedIncrementalProfit: number;
  /** Units redeemed per offer, all periods. */
  redeemed: Record<string, number>;
  /** Per offer, all periods: times shown and the true expected incremental profit of those shows. */
  byOffer: Record<string, { shows: number; expected: number }>;
  /** Cumulative profit at the end of each day. */
  dailyProfit: number[];
  dailySpend: number[];
  /** The current budget period's books. */
  period: PeriodBooks;
}

const newPeriod = (index: number): PeriodBooks => ({ index, spend: 0, redeemed: {}, dailySpend: [], dailyRedeemed: [] });

export function emptyLedger(): Ledger {
  return { profit: 0, spend: 0, conversions: 0, shows: 0, expectedIncrementalProfit: 0, redeemed: {}, byOffer: {}, dailyProfit: [], dailySpend: [], period: newPeriod(0) };
}

/** Starts the books of a new budget period (the budget and every offer's units start afresh). */
export function startPeriod(ledger: Ledger, index: number): void {
  ledger.period = newPeriod(index);
}

/** Closes a day: cumulative profit and spend, and the day's spend and redemptions in the period's books. */
export function closeDay(ledger: Ledger, redeemedBefore: Record<string, number>, spendBefore: number): void {
  ledger.dailyProfit.push(ledger.profit);
  ledger.dailySpend.push(ledger.spend);
  ledger.period.dailySpend.push(ledger.period.spend - spendBefore);
  ledger.period.dailyRedeemed.push(Object.fromEntries(Object.entries(ledger.period.redeemed).map(([id, n]) => [id, n - (redeemedBefore[id] ?? 0)])));
}

/** Books an order: the margin, less the discount when it was placed under an offer. */
export function bookOrder(ledger: Ledger, offerId: string | null, discountCost: number): void {
  ledger.conversions++;
  ledger.profit += ORDER_MARGIN - (offerId ? discountCost : 0);
  if (offerId) {
    ledger.spend += discountCost;
    ledger.period.spend += discountCost;
    ledger.redeemed[offerId] = (ledger.redeemed[offerId] ?? 0) + 1;
    ledger.period.redeemed[offerId] = (ledger.period.redeemed[offerId] ?? 0) + 1;
  }
}

export type { Profile };
