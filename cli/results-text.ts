// How a results answer is put in words, for the console and the CLI alike: where an experiment's shoppers come
// from, what its figures rest on, and what it needs at the site's ε. No DOM here.
import type { ExperimentReport } from './admin-client.ts';
import { exposuresNeeded } from '../stats/power.ts';

const percent = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;

/**
 * Where the experiment's shoppers come from: its share of the slot, and how the slot is split.
 * @example trafficLine(report) // "Gets 50% of slot hero's shoppers (split evenly with the slot's other running experiments)."
 */
export function trafficLine(e: Pick<ExperimentReport, 'traffic' | 'slot'>): string {
  if (!e.traffic) return `Not running: gets none of slot ${e.slot}'s shoppers.`;
  const how = e.traffic.namespace.id.startsWith('auto:')
    ? ' (split evenly with the slot\'s other running experiments)'
    : e.traffic.share < 1 ? ` (range ${e.traffic.namespace.range.join('-')} of namespace ${e.traffic.namespace.id})` : '';
  return `Gets ${percent(e.traffic.share, 0)} of slot ${e.slot}'s shoppers${how}.`;
}

/**
 * What the numbers rest on: report sets of exposures whose window closed, and what is still pending.
 * @example reportingLine(report) // "Counted: 1,840 exposures whose 7-day window has closed and whose report arrived. Pending: 310 ..."
 */
export function reportingLine(e: Pick<ExperimentReport, 'arms' | 'reporting' | 'windowDays'>): string {
  const counted = e.arms.reduce((n, a) => n + (a.exposures ?? 0), 0);
  const pending = e.reporting.arms.reduce((n, a) => n + (a.pending ?? 0), 0);
  const days = `${e.windowDays}-day window`;
  return `Counted: ${counted.toLocaleString('en')} exposures whose ${days} has closed and whose report arrived; nothing else enters any figure.` +
    (pending > 0 && e.reporting.pendingUntil
      ? ` Pending: ${pending.toLocaleString('en')} exposures whose window is still open: their windows close by ${e.reporting.pendingUntil}, and each report arrives when that shopper next visits.`
      : ' Nothing pending.');
}

/**
 * The price of the site's ε in shoppers, at the control's observed rate (or 5% before there is one).
 * @example noiseLine(report) // "To detect a 10% relative lift at a 3.0% conversion rate ... needs about 330,000 exposures per arm (12,000 without noise)."
 */
export function noiseLine(e: Pick<ExperimentReport, 'arms' | 'epsilon'>): string | null {
  if (e.epsilon === null) return null;
  const control = e.arms.find((a) => a.control);
  const rate = control?.rate && control.rate > 0.001 ? control.rate : 0.05;
  const withNoise = exposuresNeeded({ rate, relativeLift: 0.1, epsilon: e.epsilon });
  const exact = exposuresNeeded({ rate, relativeLift: 0.1 });
  const round = (n: number) => Number(n.toPrecision(2)).toLocaleString('en');
  return `To detect a 10% relative lift at a ${percent(rate)} conversion rate (5% level, 80% power) at this site's ε = ${e.epsilon.toFixed(2)} ` +
    `needs about ${round(withNoise)} exposures per arm (${round(exact)} without the randomised response).`;
}

