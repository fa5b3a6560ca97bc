// The on-device shopper profile: the attributes that segment conditions, eligibility rules and model inputs
// refer to. It never leaves the device; it is here so that the edge's rule validation, the console's preview,
// the models and the SDK agree on its field names.

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
}
