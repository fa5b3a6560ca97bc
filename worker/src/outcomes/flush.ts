// Copies a site's counters from its Durable Object into D1 history, where reports and charts read them.
import { cellKey, type CounterCell } from './cells.ts';

/** Upserts every cell (counts only grow, so the newest count wins). D1 batches keep this to a few round trips. */
export async function flushCellsToD1(db: D1Database, site: string, cells: CounterCell[]): Promise<number> {
  const statement = db.prepare(
    `INSERT INTO report_history (site, day, report, count) VALUES (?, ?, ?, ?)
     ON CONFLICT (site, day, report) DO UPDATE SET count = excluded.count`,
  );
  const chunk = 100;
  for (let i = 0; i < cells.length; i += chunk) {
    await db.batch(cells.slice(i, i + chunk).map((c) => statement.bind(site, c.day, cellKey(c.report), c.count)));
  }
  return cells.length;
}
