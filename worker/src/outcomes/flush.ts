// Copies a site's changed counter cells from its Durable Object into D1 history, where reports and charts read
// them; then lets the object prune what the site no longer accepts.
import { cellKey, type CounterCell } from './cells.ts';
import type { Accepts } from './admissible.ts';
import { counterFor } from './stub.ts';

/** Cells per D1 statement: one JSON parameter (D1 allows 100 bound parameters, but 2 MB per value). */
const CELLS_PER_STATEMENT = 5_000;
/** Cells one feedback run flushes at most; the rest wait for the next run. Bounds the run's time. */
export const MAX_CELLS_PER_FLUSH = 40_000;
/** Reports may be dated this many days back (devices that were offline) and one day ahead (time zones). */
export const MAX_DAYS_BACK = 60;

/**
 * Upserts cells (counts only grow, so the newest count wins). Each statement carries its cells as one JSON
 * parameter read by json_each: a few statements for tens of thousands of cells, not one per cell.
 * @example await flushCellsToD1(env.DB, 'demo', cells)
 */
export async function flushCellsToD1(db: D1Database, site: string, cells: readonly CounterCell[]): Promise<number> {
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < cells.length; i += CELLS_PER_STATEMENT) {
    const rows = cells.slice(i, i + CELLS_PER_STATEMENT).map((c) => [c.day, cellKey(c.report), c.count]);
    statements.push(
      db
        .prepare(
          `INSERT INTO report_history (site, day, report, count)
           SELECT ?1, value ->> 0, value ->> 1, value ->> 2 FROM json_each(?2) WHERE true
           ON CONFLICT (site, day, report) DO UPDATE SET count = excluded.count`,
        )
        .bind(site, JSON.stringify(rows)),
    );
  }
  if (statements.length > 0) await db.batch(statements);
  return cells.length;
}

/** The UTC day `offsetDays` from now, as YYYY-MM-DD. */
export function utcDay(offsetDays: number, now = Date.now()): string {
  return new Date(now + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Flushes what changed in the site's counter since the last flush (at most MAX_CELLS_PER_FLUSH cells), then
 * marks it flushed and prunes cells of units no longer in `accepts`. Nothing is marked flushed unless D1
 * committed it.
 * @example const { flushed, pruned, remaining } = await flushCounter(env, 'demo', accepts)
 */
export async function flushCounter(env: Env, site: string, accepts: Accepts, limit = MAX_CELLS_PER_FLUSH): Promise<{ flushed: number; pruned: number; remaining: boolean }> {
  const counter = counterFor(env, site);
  const { cells, through } = await counter.changed(limit);
  await flushCellsToD1(env.DB, site, cells);
  const live = {
    experiments: Object.entries(accepts.experiments).flatMap(([id, versions]) => Object.keys(versions).map((v) => `${id}@${v}`)),
    offers: Object.keys(accepts.offers),
  };
  const { pruned } = await counter.flushed(through, live);
  return { flushed: cells.length, pruned, remaining: cells.length >= limit };
}
