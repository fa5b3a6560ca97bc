// Seeded random offer problems shaped like a shop's: for tests against known answers and for the benchmark.
import { mulberry32 as seededRandom } from '../stats/prng.ts';
import type { OfferProblem } from './problem.ts';

/** mulberry32 from stats/, so a failing case can be replayed from its seed. */
export { seededRandom };

export interface RandomProblemOptions {
  segments: number;
  offers: number;
  seed?: number;
  /** Share of (segment, offer) pairs that are eligible. Default 1. */
  density?: number;
  /** Share of offers with a finite inventory. Default 0.15. */
  limitedShare?: number;
  /** Budget as the share of all slots it pays for at the mean cost of a worthwhile offer. Default 0.15. */
  budgetShare?: number;
  /** Most slots a segment may have (1 to this). Default 1. */
  maxSlots?: number;
  /** Units are redemptions: a shopper shown an offer uses P(redeem) of a unit (2% to 40%), not one. Default false. */
  redemptions?: boolean;
}

/**
 * A problem where v_so = uplift · margin − cost, some offers scarce and the budget binding.
 * @example const problem = randomProblem({ segments: 100, offers: 500, seed: 1 })
 */
export function randomProblem(options: RandomProblemOptions): OfferProblem {
  const random = seededRandom(options.seed ?? 1);
  const density = options.density ?? 1;
  const segments = Array.from({ length: options.segments }, (_, i) => ({
    id: `s${i}`,
    size: Math.round(200 + random() * 4800),
    maxOffers: 1 + Math.floor(random() * (options.maxSlots ?? 1)),
  }));
  const offers = Array.from({ length: options.offers }, (_, j) => {
    const limited = random() < (options.limitedShare ?? 0.3);
    return { id: `o${j}`, cost: Math.round(50 + random() * 950) / 100, inventory: limited ? Math.round(100 + random() * 2000) : null };
  });
  const margin = offers.map(() => 10 + random() * 50);
  const value: Record<string, Record<string, number>> = {};
  let positiveCost = 0;
  let positives = 0;
  for (const segment of segments) {
    const row: Record<string, number> = {};
    const affinity = random();
    offers.forEach((offer, j) => {
      if (random() >= density) return;
      const v = Math.round(((affinity * 0.15 + random() * 0.1) * margin[j]! - offer.cost) * 1000) / 1000;
      row[offer.id] = v;
      if (v > 0) {
        positiveCost += offer.cost;
        positives++;
      }
    });
    value[segment.id] = row;
  }
  // A budget that pays for this share of all slots at the average cost of a worthwhile offer.
  const slots = segments.reduce((sum, s) => sum + s.size * s.maxOffers, 0);
  const budget = Math.round((options.budgetShare ?? 0.15) * slots * (positiveCost / Math.max(1, positives)));
  if (!options.redemptions) return { segments, offers, value, budget };
  // Per redemption, a cost five times the per-show one, redeemed by 2% to 40% of the shoppers shown: the same
  // spend on average. A stream of its own leaves the per-show problems of every seed as they were.
  const redeem = seededRandom((options.seed ?? 1) + 0x9e3779b9);
  const units: Record<string, Record<string, number>> = {};
  for (const [segmentId, row] of Object.entries(value))
    units[segmentId] = Object.fromEntries(Object.keys(row).map((offerId) => [offerId, Math.round((0.02 + 0.38 * redeem()) * 1000) / 1000]));
  return { segments, offers: offers.map((o) => ({ ...o, cost: o.cost * 5 })), value, units, budget };
}
