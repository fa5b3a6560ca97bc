// Which outcome reports a device owes: one exposure per experiment version, one conversion bit per exposure,
// and a revenue bucket per attributed purchase.
import type { OutcomeReport } from '../../../protocol/outcomes.ts';
import type { Assignment } from '../store/index.ts';
import { randomisedResponse, revenueBucket } from './privacy.ts';

const DAY = 86_400_000;

export interface OutcomeContext {
  epsilon: number;
  attributionDays: number;
  now: number;
  random: () => number;
}

function report(a: Assignment, metric: OutcomeReport['metric'], value: number): OutcomeReport {
  const r: OutcomeReport = { experiment: a.experiment, version: a.version, arm: a.arm, metric, value };
  if (a.segment) r.segment = a.segment;
  return r;
}

/**
 * Marks an exposure on the assignment (the last exposure is what conversions attribute to) and returns the
 * exposure report, only the first time for this experiment version.
 * @example const reports = exposureReports(assignment, ctx)
 */
export function exposureReports(a: Assignment, ctx: OutcomeContext): OutcomeReport[] {
  a.exposedAt = ctx.now;
  if (a.exposureReported) return [];
  a.exposureReported = true;
  return [report(a, 'exposure', 1)];
}

const attributable = (a: Assignment, ctx: OutcomeContext) =>
  a.exposedAt !== null && ctx.now >= a.exposedAt && ctx.now - a.exposedAt <= ctx.attributionDays * DAY;

/**
 * A purchase: each assignment whose last exposure is within the attribution window gets its conversion bit
 * (true bit 1, through randomised response) once, and a revenue bucket for every attributed purchase.
 * @example purchaseReports(assignments, 79, ctx)
 */
export function purchaseReports(assignments: Iterable<Assignment>, revenue: number, ctx: OutcomeContext): OutcomeReport[] {
  const out: OutcomeReport[] = [];
  for (const a of assignments) {
    if (!attributable(a, ctx)) continue;
    if (!a.conversionReported) {
      a.conversionReported = true;
      out.push(report(a, 'conversion', randomisedResponse(1, ctx.epsilon, ctx.random)));
    }
    out.push(report(a, 'revenue', revenueBucket(revenue)));
  }
  return out;
}

/**
 * Exposures whose attribution window closed without a purchase owe a conversion bit of 0 (through randomised
 * response), so that every exposure yields exactly one conversion report and the edge can debias rates.
 * @example closedWindowReports(assignments, ctx)
 */
export function closedWindowReports(assignments: Iterable<Assignment>, ctx: OutcomeContext): OutcomeReport[] {
  const out: OutcomeReport[] = [];
  for (const a of assignments) {
    if (a.exposedAt === null || a.conversionReported || attributable(a, ctx)) continue;
    a.conversionReported = true;
    out.push(report(a, 'conversion', randomisedResponse(0, ctx.epsilon, ctx.random)));
  }
  return out;
}
