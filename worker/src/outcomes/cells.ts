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
  // Reports are flat: a replacer array both sorts and whitelists their keys, at JSON.stringify's own speed.
  return JSON.stringify(report, Object.keys(report).sort());
}

/**
 * Counts reports in memory as the counter Durable Object does (simulations and tests).
 * @example const counter = new ReportCounter(); counter.ingest('2026-11-01', reports); counter.cells()
 */
export class ReportCounter {
  readonly #cells = new Map<string, CounterCell>();

  ingest(day: string, reports: readonly OutcomeReport[]): void {
    for (const report of reports) {
      // Simulations count millions of reports: the values in key order, '|'-joined, are a key as distinct as
      // cellKey (ids never contain '|'), and two equal reports built in another key order land in two cells,
      // which every reader sums alike.
      let key = day;
      for (const k in report) key += `|${(report as Record<string, unknown>)[k]}`;
      const cell = this.#cells.get(key);
      if (cell) cell.count++;
      else this.#cells.set(key, { day, report, count: 1 });
    }
  }

  cells(): CounterCell[] {
    return [...this.#cells.values()];
  }
}
