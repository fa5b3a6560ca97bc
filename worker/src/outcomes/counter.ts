// The outcome counter: one Durable Object per site. Increments are atomic (one SQLite transaction per batch) and
// idempotent (a batch id seen before changes nothing), so a device may retry a batch as often as it likes.
import { DurableObject } from 'cloudflare:workers';
import type { OutcomeReport } from '../../../protocol/index.ts';
import { cellKey, type CounterCell } from './cells.ts';

export type { CounterCell } from './cells.ts';

export type IngestResult = { status: 'accepted' | 'duplicate'; reports: number } | { status: 'rate_limited'; retryAfter: number };

/** Batch ids are remembered this long; a device retries for far less (its outbox backs off for hours at most). */
const BATCH_ID_RETENTION_MS = 14 * 24 * 3600 * 1000;

export class OutcomeCounter extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private window = { start: 0, batches: 0 };

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS batches (batch_id TEXT PRIMARY KEY, received_at INTEGER NOT NULL)`);
    // One row per distinct report (canonical JSON) and day. Objects made before outcome reporting v2 keep their
    // old `cells` table, which nothing reads any more.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS report_cells (
      day TEXT NOT NULL, report TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (day, report))`);
  }

  /**
   * Counts a batch once. `limitPerMinute` bounds batches per site per minute (429 beyond), so one noisy site
   * cannot exhaust the object.
   */
  async ingest(batchId: string, day: string, reports: OutcomeReport[], limitPerMinute: number): Promise<IngestResult> {
    const now = Date.now();
    if (now - this.window.start >= 60_000) this.window = { start: now, batches: 0 };
    if (this.window.batches >= limitPerMinute)
      return { status: 'rate_limited', retryAfter: Math.ceil((this.window.start + 60_000 - now) / 1000) };
    this.window.batches++;
    return this.ctx.storage.transactionSync(() => {
      const seen = this.sql.exec('SELECT 1 FROM batches WHERE batch_id = ?', batchId).toArray();
      if (seen.length > 0) return { status: 'duplicate' as const, reports: reports.length };
      this.sql.exec('INSERT INTO batches (batch_id, received_at) VALUES (?, ?)', batchId, now);
      for (const r of reports) {
        this.sql.exec(
          'INSERT INTO report_cells (day, report, count) VALUES (?, ?, 1) ON CONFLICT DO UPDATE SET count = count + 1',
          day, cellKey(r),
        );
      }
      return { status: 'accepted' as const, reports: reports.length };
    });
  }

  /** Every cell, for results and for flushing to D1. */
  async cells(): Promise<CounterCell[]> {
    return this.sql
      .exec<{ day: string; report: string; count: number }>('SELECT day, report, count FROM report_cells')
      .toArray()
      .map((row) => ({ day: row.day, report: JSON.parse(row.report), count: row.count }));
  }

  /** Forgets batch ids older than the retention window; run by the feedback loop. */
  async pruneBatchIds(): Promise<number> {
    const cursor = this.sql.exec('DELETE FROM batches WHERE received_at < ?', Date.now() - BATCH_ID_RETENTION_MS);
    return cursor.rowsWritten;
  }
}
