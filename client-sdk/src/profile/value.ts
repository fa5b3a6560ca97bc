// The forecast part of the profile: the shopper's lifetime value, P(alive) and VAP tiers from the site's
// customer-value model. A lazily loaded part in the script tag (sdk-value.js): only sites with a customerValue
// model download it, and only for shoppers who have bought.
import type { CustomerValue } from '../../../protocol/customer-value.ts';
import { forecastCustomer, unitDays } from '../../../customer-value/forecast.ts';
import type { ProfileState } from './index.ts';

const DAY = 86_400_000;
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Brings the shopper's customer value up to date: sets clv, pAlive, expectedPurchases90d, expectedSpend,
 * clvIfActive, valueTier, attritionRisk and potentialTier on the profile from the config's customerValue model, the
 * purchase days folded in so far (`state.days`) and today. T grows with time, so the attributes are recomputed on
 * each decision, in microseconds, never from the event history. Async because the script tag loads it on first
 * use (its name is the config field's: the script tag repeats it, so it costs no bytes there). Does nothing
 * before the first purchase or without a model.
 * @example await customerValue(state, deviceConfig, Date.now())
 */
export async function customerValue(state: ProfileState, config: { customerValue?: CustomerValue | null }, now: number): Promise<void> {
  const model = config.customerValue;
  if (!state.days || !model) return;
  const [first, last, x, repeatValue] = state.days.map((v) => (typeof v === 'string' ? Date.parse(v) / DAY : v)) as number[];
  const unit = unitDays(model.timeUnit);
  // Whole UTC days, as purchases are grouped: today's T equals what `edgewise clv` computes for the same history.
  const today = Math.max(last!, Math.floor(now / DAY));
  const f = forecastCustomer(model, { x: x!, tx: (last! - first!) / unit, T: (today - first!) / unit, m: x ? repeatValue! / x : 0 });
  Object.assign(state.profile, {
    clv: round(f.clv, 2),
    pAlive: round(f.pAlive, 4),
    expectedPurchases90d: round(f.expectedPurchases90d, 4),
    expectedSpend: round(f.expectedSpend, 2),
    clvIfActive: round(f.clvIfActive, 2),
    valueTier: f.valueTier,
    attritionRisk: f.attritionRisk,
    potentialTier: f.potentialTier,
  });
}
