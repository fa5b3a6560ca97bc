// One shopper's forecast from the site's customer-value model: P(alive), expected purchases, expected spend,
// discounted lifetime value and the VAP tiers. The device (its forecast part), the CLI's `clv` and the edge all
// call `forecastCustomer`, so a shopper's figures are the same wherever they are computed.
import type { CustomerValue, Tier, TierThresholds } from '../protocol/customer-value.ts';
import { expectedPurchases, probabilityAlive, type PurchaseSummary } from './bgnbd.ts';
import { expectedSpend } from './gamma-gamma.ts';

/** A shopper's purchase history as the models read it, in the model's time unit. */
export interface CustomerHistory extends PurchaseSummary {
  /** Mean value of the repeat purchases (0 when x = 0; NaN when unknown: the spend forecast is then the population's). */
  m: number;
}

/** What the model says about one shopper; money in the site currency. */
export interface Forecast {
  /** P(the shopper has not lapsed). */
  pAlive: number;
  /** Purchases expected within the horizon. */
  expectedPurchases: number;
  expectedPurchases90d: number;
  /** Expected value of one future purchase (Gamma-Gamma conditional mean). */
  expectedSpend: number;
  /** Discounted margin expected within the horizon. */
  clv: number;
  /** clv given that the shopper is still active (clv / pAlive): what keeping or winning them back is worth. */
  clvIfActive: number;
  valueTier: Tier;
  attritionRisk: Tier;
  potentialTier: Tier;
}

/** Days in one time unit of the model. */
export const unitDays = (unit: CustomerValue['timeUnit']): number => (unit === 'week' ? 7 : 1);

/** Lifetime value sums the purchases expected in each 30-day step, discounted to the end of the step. */
const STEP_DAYS = 30;

/**
 * Expected purchases within `horizonDays`, each discounted at `annualDiscountRate` to the end of the 30-day step it
 * falls in (the last step ends at the horizon): Σ_k [E(t_k) − E(t_(k−1))] / (1 + d)^(t_k / 365 days).
 * @example discountedPurchases(model, { x: 2, tx: 30.43, T: 38.86 }, 365)
 */
export function discountedPurchases(model: Pick<CustomerValue, 'bgnbd' | 'timeUnit' | 'annualDiscountRate'>, s: PurchaseSummary, horizonDays: number): number {
  const unit = unitDays(model.timeUnit);
  let total = 0;
  let before = 0;
  for (let start = 0; start < horizonDays; start += STEP_DAYS) {
    const end = Math.min(start + STEP_DAYS, horizonDays);
    const upTo = expectedPurchases(model.bgnbd, s, end / unit);
    total += (upTo - before) / Math.pow(1 + model.annualDiscountRate, end / 365);
    before = upTo;
  }
  return total;
}

/**
 * The tier of a value: high from `high` up, medium from `medium` up, else low.
 * @example tierOf(120, { medium: 50, high: 200 }) // 'medium'
 */
export function tierOf(value: number, t: TierThresholds): Tier {
  return value >= t.high ? 'high' : value >= t.medium ? 'medium' : 'low';
}

/**
 * Forecasts one shopper with the site's model. `horizonDays` defaults to the model's.
 * @example
 * forecastCustomer(model, { x: 2, tx: 30.43, T: 38.86, m: 22.35 }).pAlive
 */
export function forecastCustomer(model: CustomerValue, h: CustomerHistory, horizonDays = model.horizonDays): Forecast {
  const unit = unitDays(model.timeUnit);
  const pAlive = probabilityAlive(model.bgnbd, h);
  const spend = Number.isNaN(h.m) ? expectedSpend(model.gammaGamma, 0, 0) : expectedSpend(model.gammaGamma, h.x, h.m);
  const clv = model.margin * spend * discountedPurchases(model, h, horizonDays);
  const clvIfActive = pAlive > 0 ? clv / pAlive : 0;
  return {
    pAlive,
    expectedPurchases: expectedPurchases(model.bgnbd, h, horizonDays / unit),
    expectedPurchases90d: expectedPurchases(model.bgnbd, h, 90 / unit),
    expectedSpend: spend,
    clv,
    clvIfActive,
    valueTier: tierOf(clv, model.tiers.value),
    attritionRisk: tierOf(1 - pAlive, model.tiers.attrition),
    potentialTier: tierOf(clvIfActive, model.tiers.potential),
  };
}
