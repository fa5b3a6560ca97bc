// Local choice: for this shopper, the offers that maximise value minus edge price under local constraints.
/** One eligible offer for this shopper, already scored and priced. */
export interface Candidate {
  offerId: string;
  slot: string;
  /** Category: at most one offer per category per page. Undefined categories never clash. */
  category?: string | undefined;
  /** The shopper's own value of the offer (uplift · margin - cost). */
  value: number;
  /** The edge price p_o = λ·c_o + ν_o. */
  price: number;
}

export interface ChoiceConstraints {
  /** Slots to fill on this page. */
  slots: readonly string[];
  /** Offers the page may show in all (across its slots). */
  maxOffers: number;
}

/** slot -> chosen candidate; slots left out get no offer because nothing cleared its price. */
export type Choice = Map<string, Candidate>;

/**
 * Picks offers with positive net value (value - price), best first, one per slot and category.
 * Greedy: exact for a single slot; issue 5 makes the multi-slot case exact.
 * @example chooseOffers(candidates, { slots: ['hero'], maxOffers: 1 })
 */
export function chooseOffers(candidates: readonly Candidate[], constraints: ChoiceConstraints): Choice {
  const choice: Choice = new Map();
  const usedOffers = new Set<string>();
  const usedCategories = new Set<string>();
  const sorted = candidates
    .filter((c) => c.value - c.price > 0 && constraints.slots.includes(c.slot))
    .sort((a, b) => b.value - b.price - (a.value - a.price));
  for (const candidate of sorted) {
    if (choice.size >= constraints.maxOffers) break;
    if (choice.has(candidate.slot) || usedOffers.has(candidate.offerId)) continue;
    if (candidate.category !== undefined && usedCategories.has(candidate.category)) continue;
    choice.set(candidate.slot, candidate);
    usedOffers.add(candidate.offerId);
    if (candidate.category !== undefined) usedCategories.add(candidate.category);
  }
  return choice;
}
