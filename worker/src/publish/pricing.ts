// Offer prices for a publish: the edge LP's certified duals (optimiser/). When a solve is not optimal or fails
// its certificate, the previous prices stay, so a bad solve never reaches devices.
import { priceOffers } from '../../../optimiser/index.ts';
import type { SiteConfig } from '../../../protocol/index.ts';

export interface PricingOutcome {
  status: string;
  prices: Record<string, number>;
  /** Whether these prices come from this solve (false: previous prices kept). */
  fresh: boolean;
  detail: Record<string, unknown>;
}

export interface PricingContext {
  now: Date;
  previousPrices: Record<string, number> | null;
  spent?: number;
  observedUplift?: Record<string, Record<string, number>>;
  /** Memory bound of the solve, in tableau cells (LP_MAX_TABLEAU_CELLS). */
  maxTableauCells?: number;
}

/**
 * Solves and certifies the site's LP. Offers that were added since the previous prices and have no price of
 * their own after a failed solve get price 0 only if no previous prices exist at all (first publish).
 * @example const pricing = await priceOffersForPublish(config, { now: new Date(), previousPrices: null })
 */
export async function priceOffersForPublish(config: SiteConfig, context: PricingContext): Promise<PricingOutcome> {
  const started = Date.now();
  const result = priceOffers(config, {
    now: context.now,
    ...(context.spent !== undefined ? { spent: context.spent } : {}),
    ...(context.observedUplift ? { observedUplift: context.observedUplift } : {}),
    ...(context.maxTableauCells ? { solve: { maxTableauCells: context.maxTableauCells } } : {}),
  });
  const detail = {
    objective: result.objective,
    allocation: result.allocation,
    duals: result.duals,
    certificate: result.certificate,
    reason: result.reason ?? null,
    budget: result.plan.budget,
    remainingShare: result.plan.remainingShare,
    spent: context.spent ?? 0,
    solveMs: Date.now() - started,
  };
  if (result.status === 'optimal' && result.prices && result.certificate?.ok)
    return { status: 'optimal', prices: result.prices, fresh: true, detail };
  // Nothing to fall back on at a first publish: no offer may be priced below what it uses, so every offer is
  // priced out (infinite prices are not JSON; a price no value reaches does the same).
  const fallback = context.previousPrices ?? Object.fromEntries(config.offers.map((o) => [o.id, Number.MAX_SAFE_INTEGER]));
  return { status: result.status, prices: fallback, fresh: false, detail };
}
