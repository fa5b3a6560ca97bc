// The forecast part of the profile: the shopper's lifetime value, P(alive) and VAP tiers from the site's
// customer-value model, and the device's histogram cell once a period when the site asks for reports. A lazily
// loaded part in the script tag (sdk-value.js): only sites with a customerValue model download it, on every device
// (a fetch after purchases only would tell the edge who bought).
import type { CustomerValue } from '../../../protocol/customer-value.ts';
import type { ValueReportOpen } from '../../../protocol/outcomes.ts';
import { forecastCustomer, unitDays } from '../../../customer-value/forecast.ts';
import { cellCount, cellOf, periodStart } from '../../../customer-value/histogram.ts';
import { randomiseCategory } from '../../../stats/randomised-response.ts';
import type { ValueCell } from '../sync/units.ts';
import type { ProfileState } from './index.ts';

const DAY = 86_400_000;
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** A customer-value unit to open: its opening report, and its cell (randomised already) with the ε it costs. */
export type ValueUnit = ValueCell & { opened: ValueReportOpen };

/**
 * Brings the shopper's customer value up to date: sets clv, pAlive, expectedPurchases90d, expectedSpend,
 * clvIfActive, valueTier, attritionRisk and potentialTier on the profile from the config's customerValue model, the
 * purchase days folded in so far (`state.days`) and today. T grows with time, so the attributes are recomputed on
 * each decision (tens of µs: bench/clv.ts), never from the event history. Async because the script tag loads it on first
 * use (its name is the config field's: the script tag repeats it, so it costs no bytes there).
 *
 * When the site asks for reports (`customerValue.report`) and this device has not reported in the current period,
 * it also returns the unit to open: the device's histogram cell (no purchase yet, or its (x, t_x, T) bucket) through
 * k-ary randomised response. Every device reports once a period, buyer or not, whenever it first decides in it, so
 * a report's existence and timing say nothing about the shopper; the cell itself is randomised.
 * @example const unit = await customerValue(state, deviceConfig, Date.now())
 */
export async function customerValue(state: ProfileState, config: { customerValue?: CustomerValue | null }, now: number, random = Math.random): Promise<ValueUnit | undefined> {
  const model = config.customerValue;
  if (!model) return;
  const [first, last, x, repeatValue] = (state.days ?? []).map((v) => (typeof v === 'string' ? Date.parse(v) / DAY : v)) as number[];
  // Whole UTC days, as purchases are grouped: today's T equals what `edgewise clv` computes for the same history.
  const today = Math.max(last ?? 0, Math.floor(now / DAY));
  const grid = model.report;
  let unit: ValueUnit | undefined;
  const period = grid && periodStart(now, grid.periodDays);
  if (grid && state.valuePeriod !== period) {
    state.valuePeriod = period!;
    const cell = cellOf(grid, state.days ? { x: x!, txDays: last! - first!, TDays: today - first! } : null);
    unit = { opened: { kind: 'value', period: period! }, cell: randomiseCategory(cell, cellCount(grid), grid.epsilon, random), epsilon: grid.epsilon };
  }
  if (!state.days) return unit;
  const days = unitDays(model.timeUnit);
  const f = forecastCustomer(model, { x: x!, tx: (last! - first!) / days, T: (today - first!) / days, m: x ? repeatValue! / x : 0 });
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
  return unit;
}
