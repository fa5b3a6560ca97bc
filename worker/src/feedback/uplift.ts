// Observed uplift per (segment, offer) from experiments with fixed-offer arms against a control: what the LP
// plans with instead of the marketer's priors once outcomes arrive. Shrinkage toward the priors is in stats/.
import { segmentUplift, type UpliftCell } from '../../../stats/index.ts';
import type { DeviceConfig, SiteConfig } from '../../../protocol/index.ts';
import { segmentArmCounts, type ExperimentTotals } from '../results/aggregate.ts';

/**
 * segment -> offer -> uplift, from every current experiment that has a control arm and fixed-offer arms; each
 * estimate shrunk toward the offer's `upliftPrior` for that segment. Keys that are not offers (personalised arms)
 * are left out: the LP prices offers.
 * @example observedUplift(aggregateCells(cells, 2), deviceConfig, sourceConfig).vip?.['women-15']
 */
export function observedUplift(totals: Map<string, ExperimentTotals>, device: DeviceConfig, source: SiteConfig): Record<string, Record<string, number>> {
  const offerIds = new Set(source.offers.map((o) => o.id));
  const prior: Record<string, Record<string, number>> = {};
  for (const offer of source.offers)
    for (const [segment, uplift] of Object.entries(offer.upliftPrior)) (prior[segment] ??= {})[offer.id] = uplift;
  const out: Record<string, Record<string, number>> = {};
  for (const experiment of device.experiments) {
    if (!experiment.arms.some((a) => a.policy === 'control') || !experiment.arms.some((a) => a.policy === 'offer')) continue;
    const found = totals.get(`${experiment.id}@${experiment.version}`);
    const cells: UpliftCell[] = found ? segmentArmCounts(found) : [];
    const { observedUplift: estimates } = segmentUplift(experiment.arms, cells, {
      epsilon: device.privacy.epsilon,
      prior,
    });
    for (const [segment, byKey] of Object.entries(estimates)) {
      if (segment === '*') continue;
      for (const [key, uplift] of Object.entries(byKey)) if (offerIds.has(key)) (out[segment] ??= {})[key] = uplift;
    }
  }
  return out;
}
