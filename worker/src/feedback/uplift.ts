// Observed uplift per (segment, offer) from experiments with fixed-offer arms against a control: what the LP
// plans with instead of the marketer's priors once outcomes arrive. Shrinkage toward the priors is in stats/.
import { segmentUplift, type UpliftCell } from '../../../stats/index.ts';
import type { DeviceConfig, SiteConfig } from '../../../protocol/index.ts';
import type { CounterCell } from '../outcomes/cells.ts';

/** CounterCells of one experiment version as per-(segment, arm) counts. */
function upliftCells(cells: readonly CounterCell[], experiment: string, version: number): UpliftCell[] {
  const byKey = new Map<string, UpliftCell & { conversionReports: number }>();
  for (const c of cells) {
    if (c.experiment !== experiment || c.version !== version || c.metric === 'revenue') continue;
    const key = `${c.segment}\u0000${c.arm}`;
    let cell = byKey.get(key);
    if (!cell) byKey.set(key, (cell = { segment: c.segment === '' ? undefined : c.segment, arm: c.arm, exposures: 0, conversions: 0, conversionReports: 0 }));
    if (c.metric === 'exposure') cell.exposures += c.count;
    else {
      cell.conversionReports += c.count;
      if (c.value === 1) cell.conversions += c.count;
    }
  }
  return [...byKey.values()];
}

/**
 * segment -> offer -> uplift, from every current experiment that has a control arm and fixed-offer arms; each
 * estimate shrunk toward the offer's `upliftPrior` for that segment. Keys that are not offers (personalised arms)
 * are left out: the LP prices offers.
 * @example observedUplift(cells, deviceConfig, sourceConfig).vip?.['women-15']
 */
export function observedUplift(cells: readonly CounterCell[], device: DeviceConfig, source: SiteConfig): Record<string, Record<string, number>> {
  const offerIds = new Set(source.offers.map((o) => o.id));
  const prior: Record<string, Record<string, number>> = {};
  for (const offer of source.offers)
    for (const [segment, uplift] of Object.entries(offer.upliftPrior)) (prior[segment] ??= {})[offer.id] = uplift;
  const out: Record<string, Record<string, number>> = {};
  for (const experiment of device.experiments) {
    if (!experiment.arms.some((a) => a.policy === 'control') || !experiment.arms.some((a) => a.policy === 'offer')) continue;
    const { observedUplift: estimates } = segmentUplift(experiment.arms, upliftCells(cells, experiment.id, experiment.version), {
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
