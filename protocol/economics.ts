// The value of an offer: one formula, imported by the device, the edge's LP, the CLI and the simulator. No zod
// here: the SDK bundles this file.

/** A coupon costs its discount only when redeemed, and only buyers redeem; what an offer is worth follows. */
export interface OfferEconomics {
  /** Profit of one purchase before any discount, in the site currency. */
  margin: number;
  /** What one redemption costs the shop (the discount given, or the gift's cost), in the site currency. */
  redemptionCost: number;
}

/**
 * Expected incremental profit of showing an offer to one shopper: (pT − pC)·margin − pT·redemptionCost, with
 * pT = P(buy | shown) and pC = P(buy | not shown). Every buyer under the offer redeems it, including those who
 * would have bought anyway; that is why a deep discount to a loyal shopper loses money even with a positive
 * uplift.
 * @example offerValue(0.12, 0.1, { margin: 32, redemptionCost: 8 }) // 0.02·32 − 0.12·8 = −0.32
 */
export function offerValue(pT: number, pC: number, offer: OfferEconomics): number {
  return (pT - pC) * offer.margin - pT * offer.redemptionCost;
}

/**
 * The edge's price of showing an offer to one shopper, which its value must beat: the budget and the offer's units
 * are spent by redemptions, so the device pays `pricePerRedemption` (λ·redemptionCost + ν_o, from the edge) for each
 * expected redemption, pT of them.
 * @example offerPrice(0.3, 0.5) // 0.15
 */
export function offerPrice(pT: number, pricePerRedemption: number): number {
  return pT * pricePerRedemption;
}

/** What a site states about orders, to turn a discount into a cost per redemption. */
export interface SiteEconomics {
  /** Mean order value, in the site currency: a percent discount costs that share of it. */
  averageOrderValue?: number | undefined;
  /** What free shipping costs the shop per order. */
  shippingCost?: number | undefined;
}

/** The parts of an offer that say what one redemption costs. */
export interface DiscountedOffer {
  discount: { kind: 'percent' | 'amount' | 'free_shipping' | 'none'; value: number };
  redemptionCost?: number | undefined;
}

/**
 * An offer's cost per redemption: the one it states, else derived from its discount (a percent of the site's
 * average order value, the amount, the site's shipping cost, or nothing). Null when it cannot be derived (the
 * site config validation names the field to set).
 * @example redemptionCostOf({ discount: { kind: 'percent', value: 15 } }, { averageOrderValue: 80 }) // 12
 */
export function redemptionCostOf(offer: DiscountedOffer, site: SiteEconomics): number | null {
  if (offer.redemptionCost !== undefined) return offer.redemptionCost;
  const { kind, value } = offer.discount;
  switch (kind) {
    case 'none':
      return 0;
    case 'amount':
      return value;
    case 'percent':
      return site.averageOrderValue === undefined ? null : (value / 100) * site.averageOrderValue;
    case 'free_shipping':
      return site.shippingCost ?? null;
  }
}
