// Customer-value reports at the edge: which ones ingestion counts, and the reported histogram they add up to.
import { cellCount, periodStart } from '../../../customer-value/histogram.ts';
import type { DeviceConfig, ValueOutcome, ValueReportOpen } from '../../../protocol/index.ts';
import type { DroppedReport } from '../../../protocol/outcome-answer.ts';
import type { CounterCell } from '../outcomes/cells.ts';

const DAY = 86_400_000;
/** Periods back a report may still arrive for (a device offline for a while reports late). */
export const VALUE_PERIODS_BACK = 3;

/**
 * Why a customer-value report is not counted, or null: the site takes no such reports, the cell is past the
 * site's grid, or the period is not one of the site's recent periods.
 * @example valueReportProblem({ kind: 'value-outcome', period: '2026-11-19', cell: 7 }, 0, deviceConfig)
 */
export function valueReportProblem(report: ValueReportOpen | ValueOutcome, index: number, config: DeviceConfig, now = Date.now()): DroppedReport | null {
  const bad = (field: string, message: string): DroppedReport => ({
    index, code: 'invalid_report', message: `reports[${index}].${field}: ${message}`, path: ['reports', index, field], retry: false,
  });
  const grid = config.customerValue?.report;
  if (!grid) return bad('kind', 'this site takes no customer-value reports (customerValue.report is not set)');
  if (report.kind === 'value-outcome' && report.cell >= cellCount(grid))
    return bad('cell', `expected a cell below ${cellCount(grid)} (customerValue.report's grid), received ${report.cell}`);
  const recent = Array.from({ length: VALUE_PERIODS_BACK + 1 }, (_, i) => periodStart(now - i * grid.periodDays * DAY, grid.periodDays));
  if (!recent.includes(report.period)) return bad('period', `expected one of the recent periods ${recent.join(', ')}, received ${report.period}`);
  return null;
}

/** The reports of one period: units opened, and report sets per cell (randomised, not debiased). */
export interface PeriodCounts {
  period: string;
  opened: number;
  counts: number[];
}

/**
 * Adds up the counter cells of customer-value reports per period, newest first, for a grid of k cells.
 * @example valuePeriods(await counterFor(env, site).cells(), 46)[0] // { period: '2026-11-19', opened: 812, counts: [...] }
 */
export function valuePeriods(cells: readonly CounterCell[], k: number): PeriodCounts[] {
  const byPeriod = new Map<string, PeriodCounts>();
  const at = (period: string) => {
    let p = byPeriod.get(period);
    if (!p) byPeriod.set(period, (p = { period, opened: 0, counts: new Array<number>(k).fill(0) }));
    return p;
  };
  for (const cell of cells) {
    const r = cell.report;
    if (r.kind === 'value') at(r.period).opened += cell.count;
    else if (r.kind === 'value-outcome' && r.cell < k) at(r.period).counts[r.cell]! += cell.count;
  }
  return [...byPeriod.values()].sort((a, b) => (a.period < b.period ? 1 : -1));
}
