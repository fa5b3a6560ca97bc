// Holdback cells for the feedback loop: per (offer, uplift decile, shown), the debiased conversion rate and revenue
// per unit of holdback decisions whose window closed, with variances that include both mechanisms' noise, so the
// loop can weigh each cell by what it really knows.
import { reportingCompleteness } from './completeness.ts';
import { debiasCount, debiasMean } from './randomised-response.ts';

/** Aggregated reports of one holdback cell (worker/src/results/aggregate.ts UnitTotals with its labels). */
export interface HoldbackTotals {
  offer: string;
  decile: number;
  shown: boolean;
  /** Opening reports (decisions) per UTC day. */
  opened: Readonly<Record<string, number>>;
  /** Report sets per day their unit opened. */
  arrived: Readonly<Record<string, number>>;
  /** Report sets, conversion bits equal to 1 among them, and report sets per revenue level index. */
  sets: number;
  conversionOnes: number;
  revenueLevels: readonly number[];
}

export interface HoldbackCell {
  offer: string;
  decile: number;
  shown: boolean;
  /** Report sets counted: decisions whose window closed and whose report set arrived. */
  units: number;
  /** Debiased conversion rate (unbiased, so it may fall outside [0, 1]) and its variance; NaN/Infinity with no units. */
  conversionRate: number;
  conversionRateVariance: number;
  /** Debiased revenue per unit (clipped at the last revenue level) and its variance. */
  revenuePerUnit: number;
  revenuePerUnitVariance: number;
  /** Decisions opened, those still inside their window, and the share of closed ones whose report set arrived. */
  opened: number;
  pending: number;
  arrivedShare: number | null;
}

export interface HoldbackPrivacy {
  epsilon: number;
  revenueEpsilon: number;
  revenueLevels: readonly number[];
}

/**
 * Estimates every holdback cell, sorted by offer, decile, then shown before held back.
 * @example
 * holdbackCells(totals, { epsilon: Math.log(3), revenueEpsilon: Math.log(3), revenueLevels: [0, 200] }, { windowDays: 1, now: Date.now() })
 * // [{ offer: 'new-arrivals', decile: 9, shown: true, units: 812, conversionRate: 0.061, conversionRateVariance: 0.00124, ... }, ...]
 */
export function holdbackCells(
  totals: Iterable<HoldbackTotals>,
  privacy: HoldbackPrivacy,
  options: { windowDays: number; now: number },
): HoldbackCell[] {
  const out: HoldbackCell[] = [];
  for (const t of totals) {
    const [arrival] = reportingCompleteness([{ id: 'cell', opened: t.opened, arrived: t.arrived }], options).arms;
    const conversion = debiasCount(Math.min(t.conversionOnes, t.sets), t.sets, privacy.epsilon);
    const revenue = debiasMean(t.revenueLevels, privacy.revenueLevels, privacy.revenueEpsilon);
    out.push({
      offer: t.offer, decile: t.decile, shown: t.shown, units: t.sets,
      conversionRate: t.sets > 0 ? conversion.estimate / t.sets : NaN,
      conversionRateVariance: t.sets > 0 ? conversion.populationVariance / t.sets ** 2 : Infinity,
      revenuePerUnit: revenue.mean,
      revenuePerUnitVariance: revenue.variance,
      opened: arrival!.opened ?? 0,
      pending: arrival!.pending ?? 0,
      arrivedShare: arrival!.share,
    });
  }
  return out.sort((a, b) => (a.offer < b.offer ? -1 : a.offer > b.offer ? 1 : a.decile - b.decile || Number(b.shown) - Number(a.shown)));
}
