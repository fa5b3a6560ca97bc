// The counters' unit: one distinct report counted per day. Free of Worker APIs, so the simulator, the CLI and the
// statistics tests count reports exactly as the Durable Object does.
import type { OutcomeReport } from '../../../protocol/index.ts';

/** One aggregated cell: how many copies of `report` arrived in batches made on `day`. */
export interface CounterCell {
  day: string;
  report: OutcomeReport;
  count: number;
}

/**
 * The cell key of a report: its JSON with keys sorted, so equal reports share one cell whatever their key order.
 * Any kind of report is counted the same way; the kinds differ only in how results read them.
 * @example cellKey({ kind: 'exposure', experiment: 'e', version: 1, arm: 'a' }) // '{"arm":"a","experiment":"e","kind":"exposure","version":1}'
 */
export function cellKey(report: OutcomeReport): string {
  const record = report as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]])));
}

/**
 * Counts reports in memory as the counter Durable Object does (simulations and tests).
 * @example const counter = new ReportCounter(); counter.ingest('2026-11-01', reports); counter.cells()
 */
export class ReportCounter {
  readonly #cells = new Map<string, CounterCell>();

  ingest(day: string, reports: readonly OutcomeReport[]): void {
    for (const report of reports) {
      const key = `${day}|${cellKey(report)}`;
      const cell = this.#cells.get(key);
      if (cell) cell.count++;
      else this.#cells.set(key, { day, report, count: 1 });
    }
  }

  cells(): CounterCell[] {
    return [...this.#cells.values()];
  }
}
