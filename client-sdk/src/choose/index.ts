// Local choice: for this shopper, the offers that maximise value minus edge price under local constraints.
import { bestMatching, type Edge } from './matching.ts';

/** One eligible offer for this shopper, already scored and priced. */
export interface Candidate {
  offerId: string;
  slot: string;
  /** Category: at most one offer per category per page. Undefined categories never clash. */
  category?: string | undefined;
  /** The shopper's expected incremental profit from the offer, (pT − pC)·margin − pT·redemptionCost. */
  value: number;
  /** What the offer's expected redemptions use of the budget and units, at the edge's prices: pT·(λ·redemptionCost + ν_o). */
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

const net = (c: Candidate) => c.value - c.price;

/**
 * Picks the offers that maximise Σ (value − price): at most one per slot, `maxOffers` in all, each offer once,
 * at most one per category, and none whose value does not clear its price. Exact. When every offer keeps one
 * category (the normal case) offers group by category and the problem is a bipartite matching of slots to
 * groups, solved by min-cost flow; otherwise an exhaustive search over the page's slots. Never throws:
 * candidates with non-finite numbers are ignored.
 * @example chooseOffers(candidates, { slots: ['hero', 'sidebar'], maxOffers: 2 })
 */
export function chooseOffers(candidates: readonly Candidate[], constraints: ChoiceConstraints): Choice {
  const slots = [...new Set(constraints.slots)];
  const slotIndex = new Map(slots.map((s, i) => [s, i]));
  const limit = Math.min(slots.length, Math.max(0, Math.floor(Number(constraints.maxOffers) || 0)));
  const usable = candidates.filter((c) => slotIndex.has(c.slot) && Number.isFinite(c.value) && Number.isFinite(c.price) && net(c) > 0);
  const choice: Choice = new Map();
  if (limit === 0 || usable.length === 0) return choice;
  const categoryOf = new Map<string, string | undefined>();
  let consistent = true;
  for (const c of usable) {
    if (categoryOf.has(c.offerId) && categoryOf.get(c.offerId) !== c.category) consistent = false;
    categoryOf.set(c.offerId, c.category);
  }
  if (slots.length === 1 && consistent) {
    const best = bestOffer(usable);
    if (best) choice.set(best.slot, best);
    return choice;
  }
  const picked = consistent ? byMatching(usable, slotIndex, limit) : bySearch(usable, slots, limit);
  for (const c of picked) choice.set(c.slot, c);
  return choice;
}

/**
 * One slot, one offer: the candidate of largest net value, the same one the matching picks for a single slot
 * (ties go to the category seen first, then to the first candidate of it; gains within the matching's 1e-12
 * tolerance of zero do not count). decide() needs only this, so the script tag leaves the matching out.
 * @example bestOffer(candidates.filter((c) => c.slot === 'hero'))
 */
export function bestOffer(candidates: readonly Candidate[]): Candidate | undefined {
  const groupRank = new Map<string, number>();
  let best: Candidate | undefined;
  let bestRank = 0;
  for (const c of candidates) {
    if (!(Number.isFinite(c.value) && Number.isFinite(c.price) && net(c) > 0)) continue;
    const key = c.category !== undefined ? `c:${c.category}` : `o:${c.offerId}`;
    let rank = groupRank.get(key);
    if (rank === undefined) groupRank.set(key, (rank = groupRank.size));
    if (net(c) > 1e-12 && (!best || net(c) > net(best) || (net(c) === net(best) && rank < bestRank))) [best, bestRank] = [c, rank];
  }
  return best;
}

function byMatching(usable: readonly Candidate[], slotIndex: Map<string, number>, limit: number): Candidate[] {
  // Offers of one category form one group; an offer without a category is a group of its own.
  const groupIndex = new Map<string, number>();
  const best = new Map<string, Edge<Candidate>>();
  for (const c of usable) {
    const key = c.category !== undefined ? `c:${c.category}` : `o:${c.offerId}`;
    let group = groupIndex.get(key);
    if (group === undefined) groupIndex.set(key, (group = groupIndex.size));
    const slot = slotIndex.get(c.slot)!;
    const id = `${slot}/${group}`;
    const current = best.get(id);
    // Within a (slot, group) pair only the best candidate can be worth choosing.
    if (!current || net(c) > current.weight) best.set(id, { slot, group, weight: net(c), ref: c });
  }
  return bestMatching(slotIndex.size, groupIndex.size, [...best.values()], limit);
}

/** Exhaustive search with a bound: exact for any candidates, used only when an offer's category varies. */
function bySearch(usable: readonly Candidate[], slots: readonly string[], limit: number): Candidate[] {
  const perSlot = slots.map((s) => usable.filter((c) => c.slot === s).sort((a, b) => net(b) - net(a)));
  const bestRest = perSlot.map((list) => net(list[0] ?? { value: 0, price: 0 } as Candidate));
  for (let i = bestRest.length - 2; i >= 0; i--) bestRest[i]! += bestRest[i + 1]!;
  let bestTotal = 0;
  let bestPick: Candidate[] = [];
  const pick: Candidate[] = [];
  const offers = new Set<string>();
  const categories = new Set<string>();
  const visit = (i: number, total: number) => {
    if (total > bestTotal) {
      bestTotal = total;
      bestPick = [...pick];
    }
    if (i >= perSlot.length || pick.length >= limit || total + bestRest[i]! <= bestTotal) return;
    for (const c of perSlot[i]!) {
      if (offers.has(c.offerId) || (c.category !== undefined && categories.has(c.category))) continue;
      pick.push(c);
      offers.add(c.offerId);
      if (c.category !== undefined) categories.add(c.category);
      visit(i + 1, total + net(c));
      pick.pop();
      offers.delete(c.offerId);
      if (c.category !== undefined) categories.delete(c.category);
    }
    visit(i + 1, total);
  };
  visit(0, 0);
  return bestPick;
}
