// Budget spent so far, estimated at the edge. Devices never say which offer a shopper got (reports carry the
// arm, not the offer), so spend is the plan's expected cost per shopper times the shoppers personalised so far.
import { buildPricingProblem } from '../../../optimiser/index.ts';
import { HOLDOUT_ARM, type DeviceConfig, type SiteConfig } from '../../../protocol/index.ts';
import type { CounterCell } from '../outcomes/cells.ts';

/**
 * Expected discount cost per shopper under an allocation, Σ_s n_s Σ_o x_so·pT_so·redemptionCost_o / Σ_s n_s, with
 * pT_so as the LP planned it.
 */
export function plannedCostPerShopper(config: SiteConfig, allocation: Record<string, Record<string, number>>): number {
  const { problem } = buildPricingProblem(config);
  const cost = new Map(problem.offers.map((o) => [o.id, o.cost]));
  let shoppers = 0;
  let total = 0;
  for (const segment of config.segments) {
    shoppers += segment.size;
    for (const [offerId, share] of Object.entries(allocation[segment.id] ?? {}))
      total += segment.size * share * (problem.units?.[segment.id]?.[offerId] ?? 0) * (cost.get(offerId) ?? 0);
  }
  return shoppers > 0 ? total / shoppers : 0;
}

/**
 * Shoppers exposed to a personalised arm since the budget period began (every day when it has no start).
 * @example personalisedExposures(cells, deviceConfig, '2026-11-01')
 */
export function personalisedExposures(cells: readonly CounterCell[], config: DeviceConfig, since: string | undefined): number {
  const personalised = new Set<string>();
  for (const experiment of config.experiments)
    for (const arm of experiment.arms) if (arm.policy !== 'control' && arm.id !== HOLDOUT_ARM) personalised.add(`${experiment.id}/${arm.id}`);
  const from = since?.slice(0, 10);
  return cells
    .filter((c) => c.report.kind === 'exposure' && personalised.has(`${c.report.experiment}/${c.report.arm}`) && (!from || c.day >= from))
    .reduce((sum, c) => sum + c.count, 0);
}
