// The holdback decisions' results for the feedback loop (issue 11): counter cells in, one estimate per (offer,
// uplift decile, shown) out. Internal: nothing here is hidden under k, since no marketer reads it as it is.
import type { DeviceConfig } from '../../../protocol/index.ts';
import { holdbackCells, type HoldbackCell } from '../../../stats/holdback.ts';
import type { CounterCell } from '../outcomes/cells.ts';
import { aggregateHoldback } from './aggregate.ts';

export type { HoldbackCell } from '../../../stats/holdback.ts';

/**
 * Debiased conversion rate and revenue per unit, with their variances (sampling plus both mechanisms' noise), of
 * every holdback cell the counters hold, from complete observations only, as of `now`.
 * @example
 * const cells = holdbackAggregates(await counterFor(env, site).cells(), deviceConfig, Date.now());
 * const shown = cells.find((c) => c.offer === 'new-arrivals' && c.decile === 9 && c.shown);
 * const held = cells.find((c) => c.offer === 'new-arrivals' && c.decile === 9 && !c.shown);
 * // uplift = shown.conversionRate − held.conversionRate, variance = shown.conversionRateVariance + held.conversionRateVariance
 */
export function holdbackAggregates(cells: readonly CounterCell[], config: Pick<DeviceConfig, 'privacy' | 'holdbackDays'>, now: number): HoldbackCell[] {
  const totals = aggregateHoldback(cells, config.privacy.revenueLevels.length);
  return holdbackCells(totals.values(), config.privacy, { windowDays: config.holdbackDays, now });
}
