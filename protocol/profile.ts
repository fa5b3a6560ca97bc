// The on-device shopper profile: the attributes that segment conditions, eligibility rules and model inputs
// refer to. It never leaves the device; it is here so that the edge's rule validation, the console's preview,
// the models and the SDK agree on its field names.
import type { Tier } from './customer-value.ts';

/** Time-decayed affinity scores by key (category or brand); each event adds 1, halved every `halfLifeDays`. */
export type Affinity = Record<string, number>;

export interface Profile {
  /** Days since the last purchase; null before the first. */
  recencyDays: number | null;
  /** Purchases ever made (R, F and M of RFM). */
  frequency: number;
  /** Total purchase value in the site currency. */
  monetary: number;
  averageOrderValue: number;
  /** Distinct visits (a gap of 30 minutes starts a new one). */
  sessions: number;
  /** Pages seen in the current session. */
  sessionDepth: number;
  pageViews: number;
  itemViews: number;
  cartAdds: number;
  searches: number;
  /** Items in the cart now, and their value. */
  cartItems: number;
  cartValue: number;
  /** Days since the device first saw this shop. */
  tenureDays: number;
  categoryAffinity: Affinity;
  brandAffinity: Affinity;
  /** The category and brand with the highest affinity, or null. */
  topCategory: string | null;
  topBrand: string | null;
  /** Share of purchases that used a discount (price sensitivity), 0 to 1. */
  discountShare: number;
  /** Mean price of items viewed: the shopper's price level. */
  priceLevel: number;
  /** Item id to the day (YYYY-MM-DD) it was last bought. */
  purchasedItems: Record<string, string>;
  /**
   * Customer value: set by the forecast part (client-sdk/src/profile/value.ts) at each decision when the site has
   * a customerValue model and the shopper has bought; absent otherwise.
   */
  clv?: number;
  pAlive?: number;
  expectedPurchases90d?: number;
  expectedSpend?: number;
  clvIfActive?: number;
  valueTier?: Tier;
  attritionRisk?: Tier;
  potentialTier?: Tier;
}

/** What kind of value a profile attribute holds, for editors (the console's condition builder) and import checks. */
export type ProfileAttributeType = 'number' | 'string' | 'map';

/** One attribute of the on-device profile, as segments, eligibility rules and model inputs name it. */
export interface ProfileAttribute {
  /** Path as conditions and feature specs write it; a map's keys follow a dot (`categoryAffinity.shoes`). */
  path: string;
  type: ProfileAttributeType;
  /** Unit of a number ('days', 'currency', 'count', 'share 0-1', 'score'), or what a map's keys are. */
  unit: string;
  /** What it means, in a sentence a marketer or data scientist can act on. */
  meaning: string;
  /**
   * What it is called for the shopper it describes ("Purchases", "Favourite category"): "My data" and "Why this
   * offer?" show it. Without one, the meaning's first clause stands in.
   */
  label?: string;
  /** Null before the shopper's first purchase (recencyDays) or while nothing is known (topCategory). */
  nullable?: boolean;
  /**
   * Set only when the site's config has a customerValue model and the shopper has bought (absent, not null,
   * otherwise: a condition on it does not match).
   */
  customerValue?: boolean;
}

/**
 * Every attribute of `Profile` with its meaning and unit: one list that the console, the model import checks and
 * the docs read, so that a new attribute is described once. A test holds it equal to `emptyProfile()`'s keys.
 * @example PROFILE_ATTRIBUTES.find((a) => a.path === 'recencyDays')?.unit // 'days'
 */
export const PROFILE_ATTRIBUTES: readonly ProfileAttribute[] = [
  { path: 'recencyDays', label: 'Days since your last purchase', type: 'number', unit: 'days', meaning: 'Whole days since the last purchase.', nullable: true },
  { path: 'frequency', label: 'Purchases', type: 'number', unit: 'count', meaning: 'Purchases ever made on this device.' },
  { path: 'monetary', label: 'Spent in all', type: 'number', unit: 'currency', meaning: 'Total value of those purchases.' },
  { path: 'averageOrderValue', label: 'Average purchase', type: 'number', unit: 'currency', meaning: 'Mean value of one purchase (0 before the first).' },
  { path: 'sessions', label: 'Visits', type: 'number', unit: 'count', meaning: 'Visits; a gap of 30 minutes starts a new one.' },
  { path: 'sessionDepth', label: 'Pages in this visit', type: 'number', unit: 'count', meaning: 'Pages seen in the current visit.' },
  { path: 'pageViews', label: 'Pages seen', type: 'number', unit: 'count', meaning: 'Pages seen, all visits.' },
  { path: 'itemViews', label: 'Products looked at', type: 'number', unit: 'count', meaning: 'Product pages seen, all visits.' },
  { path: 'cartAdds', label: 'Put in the cart', type: 'number', unit: 'count', meaning: 'Items added to the cart, all visits.' },
  { path: 'searches', label: 'Searches', type: 'number', unit: 'count', meaning: 'Searches made, all visits.' },
  { path: 'cartItems', label: 'Items in your cart', type: 'number', unit: 'count', meaning: 'Items in the cart now.' },
  { path: 'cartValue', label: 'Value of your cart', type: 'number', unit: 'currency', meaning: 'Value of the cart now.' },
  { path: 'tenureDays', label: 'Days since your first visit', type: 'number', unit: 'days', meaning: 'Whole days since this device first saw the shop.' },
  { path: 'categoryAffinity', label: 'Interest by category', type: 'map', unit: 'category -> score', meaning: 'Interest per category: each view adds 1, a cart add 1, a purchase 2; halves every 30 days.' },
  { path: 'brandAffinity', label: 'Interest by brand', type: 'map', unit: 'brand -> score', meaning: 'Interest per brand, counted and decayed as categoryAffinity.' },
  { path: 'topCategory', label: 'Favourite category', type: 'string', unit: 'category', meaning: 'The category of highest affinity.', nullable: true },
  { path: 'topBrand', label: 'Favourite brand', type: 'string', unit: 'brand', meaning: 'The brand of highest affinity.', nullable: true },
  { path: 'discountShare', label: 'Purchases made with a discount', type: 'number', unit: 'share 0-1', meaning: 'Share of purchases that used a coupon or discount: price sensitivity.' },
  { path: 'priceLevel', label: 'Usual price of the products you look at', type: 'number', unit: 'currency', meaning: 'Mean price of the items viewed.' },
  { path: 'purchasedItems', label: 'Bought lately', type: 'map', unit: 'item id -> day bought', meaning: 'Items bought lately (the last 200), for "never offer what was just bought".' },
  { path: 'clv', label: 'Expected value of your future purchases to the shop', type: 'number', unit: 'currency', customerValue: true, meaning: 'Expected lifetime value: margin from the purchases expected within the site\'s horizon (BG/NBD × Gamma-Gamma), discounted.' },
  { path: 'pAlive', label: 'Chance you are still a customer', type: 'number', unit: 'share 0-1', customerValue: true, meaning: 'Probability that the shopper is still an active customer (BG/NBD); 1 − pAlive is the attrition risk.' },
  { path: 'expectedPurchases90d', label: 'Purchases expected in the next 90 days', type: 'number', unit: 'expected count', customerValue: true, meaning: 'Purchase days expected in the next 90 days (BG/NBD).' },
  { path: 'expectedSpend', label: 'Expected value of one future purchase', type: 'number', unit: 'currency', customerValue: true, meaning: 'Expected value of one future purchase (Gamma-Gamma: the shopper\'s mean, shrunk toward the shop\'s).' },
  { path: 'clvIfActive', label: 'Expected value if you are still a customer', type: 'number', unit: 'currency', customerValue: true, meaning: 'clv if the shopper is still active (clv / pAlive): what keeping or winning back the shopper is worth.' },
  { path: 'valueTier', label: 'Value group', type: 'string', unit: 'tier: low, medium, high', customerValue: true, meaning: 'clv cut by the site\'s value thresholds.' },
  { path: 'attritionRisk', label: 'Chance you have stopped buying (group)', type: 'string', unit: 'tier: low, medium, high', customerValue: true, meaning: '1 − pAlive cut by the site\'s attrition thresholds: high means probably lapsed.' },
  { path: 'potentialTier', label: 'Potential group', type: 'string', unit: 'tier: low, medium, high', customerValue: true, meaning: 'clvIfActive cut by the site\'s potential thresholds.' },
];
