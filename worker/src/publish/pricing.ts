// Offer prices for a publish: the edge LP's duals (optimiser/), or the previous prices when a solve fails its
// certificate, so a bad solve never reaches devices.
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
}

/** Placeholder until the optimiser lands: every offer priced at zero, marked as such in the publication. */
export async function priceOffersForPublish(config: SiteConfig, context: PricingContext): Promise<PricingOutcome> {
  void context;
  return { status: 'unpriced', prices: Object.fromEntries(config.offers.map((o) => [o.id, 0])), fresh: true, detail: {} };
}
