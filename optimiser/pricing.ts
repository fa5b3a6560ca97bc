// Offer prices for a site: the LP built from a validated site config, paced against the budget period, solved
// and certified. The worker calls this at publish time and in the scheduled feedback loop.
import { offerValue, redemptionCostOf } from '../protocol/economics.ts';
import type { SiteConfig } from '../protocol/index.ts';
import type { OfferProblem } from './problem.ts';
import { solveOfferProblem, type OfferSolution, type SolveOptions } from './solve.ts';

export interface PricingOptions {
  /** The edge clock; default now. */
  now?: Date;
  /** Discount budget spent so far in the period, in the site currency. Default 0. */
  spent?: number;
  /** segment id -> offer id -> observed uplift (experiment results); wins over the offer's upliftPrior. */
  observedUplift?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** offer id -> units already given out this period. Without it, inventory is assumed used on plan (pro rata). */
  used?: Readonly<Record<string, number>>;
  solve?: SolveOptions;
}

/** What the LP planned with after pacing. */
export interface PricingPlan {
  /** Share of the budget period still ahead (1 without a period). */
  remainingShare: number;
  /** The budget the LP was given: max(0, budget − spent). */
  budget: number;
  /** True when now is past periodEnd: the leftover budget is then rationed over one more period's shoppers. */
  periodOver: boolean;
  problem: OfferProblem;
}

/** An offer solution plus the plan it was solved for. `prices` is null unless status is optimal. */
export interface PricingResult extends OfferSolution {
  plan: PricingPlan;
}

/** Remaining share of [periodStart, periodEnd] at `now`: 1 before the start or without a period. */
export function remainingShare(config: SiteConfig, now: Date): { share: number; periodOver: boolean } {
  const { periodStart, periodEnd } = config.constraints;
  if (!periodEnd) return { share: 1, periodOver: false };
  const end = Date.parse(periodEnd);
  const start = periodStart ? Date.parse(periodStart) : NaN;
  const t = now.getTime();
  if (t >= end) return { share: 1, periodOver: true };
  if (!Number.isFinite(start) || start >= end || t <= start) return { share: 1, periodOver: false };
  return { share: (end - t) / (end - start), periodOver: false };
}

/**
 * Builds the paced LP of a site from its segment-level estimates: for segment s and offer o, pC = the segment's
 * baseline, pT = pC + uplift (observed first, then the prior; pairs with neither are left out), the value
 * offerValue(pT, pC, offer) = (pT − pC)·margin − pT·redemptionCost, and pT units (redemptions) per shopper shown,
 * each costing redemptionCost of the budget. Segment sizes and inventories are scaled to the remaining share of
 * the period, and the budget is what is left. Pacing rule: the budget left must cover the shoppers left, so
 * spending ahead of plan raises λ and the prices, spending behind plan lowers them; an even pace reproduces the
 * whole-period prices. Expired offers (validTo before now) are ineligible; they still get a price.
 * @example const { problem } = buildPricingProblem(config, { now: new Date(), spent: 120 })
 */
export function buildPricingProblem(config: SiteConfig, options: PricingOptions = {}): PricingPlan {
  const now = options.now ?? new Date();
  const { share, periodOver } = remainingShare(config, now);
  // A spend that is not a number must not erase the budget: it makes the budget NaN and the solve refuse.
  const spent = options.spent ?? 0;
  const budget = Number.isFinite(spent) ? Math.max(0, config.constraints.budget - Math.max(0, spent)) : Number.NaN;
  const segments = config.segments.map((s) => ({ id: s.id, size: s.size * share, maxOffers: s.maxOffers }));
  const economics = config.offers.map((o) => ({ margin: o.margin, redemptionCost: redemptionCostOf(o, config.economics) ?? 0 }));
  const offers = config.offers.map((o, j) => {
    const cost = economics[j]!.redemptionCost;
    if (o.inventory === null) return { id: o.id, cost, inventory: null };
    const used = options.used?.[o.id];
    const left = used === undefined ? o.inventory * share : o.inventory - used;
    return { id: o.id, cost, inventory: Math.max(0, left) };
  });
  const value: Record<string, Record<string, number>> = {};
  const units: Record<string, Record<string, number>> = {};
  for (const segment of config.segments) {
    const row: Record<string, number> = {};
    const unitsRow: Record<string, number> = {};
    const pC = Math.min(1, Math.max(0, segment.baseline));
    config.offers.forEach((offer, j) => {
      if (offer.validTo && Date.parse(offer.validTo) < now.getTime()) return;
      const uplift = options.observedUplift?.[segment.id]?.[offer.id] ?? offer.upliftPrior[segment.id];
      if (uplift === undefined || !Number.isFinite(uplift)) return;
      const pT = Math.min(1, Math.max(0, pC + uplift));
      row[offer.id] = offerValue(pT, pC, economics[j]!);
      unitsRow[offer.id] = pT;
    });
    value[segment.id] = row;
    units[segment.id] = unitsRow;
  }
  return { remainingShare: share, budget, periodOver, problem: { segments, offers, value, units, budget } };
}

/**
 * Prices every offer of a site for devices: p_o = λ·redemptionCost_o + ν_o per redemption, from the certified LP. When the status is not
 * `optimal` (a solve that failed its certificate), `prices` is null and the caller keeps its previous prices.
 * @example
 * const result = priceOffers(config, { now: new Date(), spent: 1200, observedUplift: { vip: { 'women-15': 0.04 } } });
 * if (result.status === 'optimal') publish(result.prices); else keepPreviousPrices(result.reason);
 */
export function priceOffers(config: SiteConfig, options: PricingOptions = {}): PricingResult {
  const plan = buildPricingProblem(config, options);
  return { ...solveOfferProblem(plan.problem, options.solve), plan };
}
