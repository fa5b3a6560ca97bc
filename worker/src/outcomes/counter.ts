// The outcome counter: one Durable Object per site. Increments are atomic (one SQLite transaction per batch) and
// idempotent (a batch id seen before changes nothing), so a device may retry a batch as often as it likes.
// Work is bounded per site: new cells per day are capped, the feedback loop flushes only cells changed since its
// last run, and cells of units the site no longer accepts are pruned once flushed (D1 keeps them).
import { DurableObject } from 'cloudflare:workers';
import type { OutcomeReport } from '../../../protocol/index.ts';
import { cellKey, type CounterCell } from './cells.ts';

export type { CounterCell } from './cells.ts';

export type IngestResult =
  | { status: 'accepted' | 'duplicate'; reports: number; capped: number[] }
  | { status: 'rate_limited'; retryAfter: number };

/** Batch ids are remembered this long; a device retries for far less (its outbox backs off for hours at most). */
const BATCH_ID_RETENTION_MS = 14 * 24 * 3600 * 1000;
const DAY_MS = 86_400_000;

/** What a site still accepts (admissible.ts), as the counter's pruning reads it: `experiment@version`, offer ids. */
export interface LiveUnits {
  experiments: string[];
  offers: string[];
}

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
    // `seq`: the batch that last changed a cell, so a flush reads only what changed. Cells from before it count
    // as changed once (1 > flushed 0).
    const columns = this.sql.exec<{ name: string }>('PRAGMA table_info(report_cells)').toArray().map((c) => c.name);
    if (!columns.includes('seq')) this.sql.exec('ALTER TABLE report_cells ADD COLUMN seq INTEGER NOT NULL DEFAULT 1');
    this.sql.exec('CREATE INDEX IF NOT EXISTS report_cells_seq ON report_cells (seq)');
    this.sql.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)');
    this.sql.exec('CREATE TABLE IF NOT EXISTS created (day TEXT PRIMARY KEY, cells INTEGER NOT NULL)');
  }

  private meta(key: string): number {
    return this.sql.exec<{ value: number }>('SELECT value FROM meta WHERE key = ?', key).toArray()[0]?.value ?? 0;
  }

  private setMeta(key: string, value: number): void {
    this.sql.exec('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value', key, value);
  }

  /**
   * Counts a batch once. `limitPerMinute` bounds batches per site per minute (429 beyond), so one noisy site
   * cannot exhaust the object; `cellsPerDay` bounds the cells created per UTC day of arrival: a report that
   * would create one more is not counted, and its index is returned in `capped`.
   */
  async ingest(batchId: string, day: string, reports: OutcomeReport[], limitPerMinute: number, cellsPerDay = Infinity): Promise<IngestResult> {
    const now = Date.now();
    if (now - this.window.start >= 60_000) this.window = { start: now, batches: 0 };
    if (this.window.batches >= limitPerMinute)
      return { status: 'rate_limited', retryAfter: Math.ceil((this.window.start + 60_000 - now) / 1000) };
    this.window.batches++;
    const today = new Date(now).toISOString().slice(0, 10);
    return this.ctx.storage.transactionSync(() => {
      const seen = this.sql.exec('SELECT 1 FROM batches WHERE batch_id = ?', batchId).toArray();
      if (seen.length > 0) return { status: 'duplicate' as const, reports: reports.length, capped: [] };
      this.sql.exec('INSERT INTO batches (batch_id, received_at) VALUES (?, ?)', batchId, now);
      // Copies of one report are counted with one write.
      const groups = new Map<string, number[]>();
      reports.forEach((report, i) => {
        const key = cellKey(report);
        groups.set(key, [...(groups.get(key) ?? []), i]);
      });
      let created = this.sql.exec<{ cells: number }>('SELECT cells FROM created WHERE day = ?', today).toArray()[0]?.cells ?? 0;
      const seq = this.meta('seq') + 1;
      const capped: number[] = [];
      for (const [key, indices] of groups) {
        if (this.sql.exec('UPDATE report_cells SET count = count + ?, seq = ? WHERE day = ? AND report = ?', indices.length, seq, day, key).rowsWritten > 0) continue;
        if (created >= cellsPerDay) {
          capped.push(...indices);
          continue;
        }
        created++;
        this.sql.exec('INSERT INTO report_cells (day, report, count, seq) VALUES (?, ?, ?, ?)', day, key, indices.length, seq);
      }
      this.sql.exec('INSERT INTO created (day, cells) VALUES (?, ?) ON CONFLICT DO UPDATE SET cells = excluded.cells', today, created);
      this.setMeta('seq', seq);
      return { status: 'accepted' as const, reports: reports.length - capped.length, capped: capped.sort((a, b) => a - b) };
    });
  }

  /** Every cell, for results and statistics. */
  async cells(): Promise<CounterCell[]> {
    return this.sql
      .exec<{ day: string; report: string; count: number }>('SELECT day, report, count FROM report_cells')
      .toArray()
      .map((row) => ({ day: row.day, report: JSON.parse(row.report), count: row.count }));
  }

  /**
   * Cells changed since the last `flushed`, oldest change first, at most `limit` (whole batches); `through` is
   * what to pass to `flushed` once they are in D1. Work per flush is bounded, whatever arrived since.
   */
  async changed(limit: number): Promise<{ cells: CounterCell[]; through: number }> {
    const rows = this.sql
      .exec<{ day: string; report: string; count: number; seq: number }>(
        'SELECT day, report, count, seq FROM report_cells WHERE seq > ? ORDER BY seq LIMIT ?',
        this.meta('flushed'),
        limit,
      )
      .toArray();
    let through = rows.at(-1)?.seq ?? this.meta('flushed');
    // A batch's cells share one seq: a cut inside the last batch is moved back to before it.
    if (rows.length === limit && rows[0]!.seq < through) {
      while (rows.at(-1)!.seq === through) rows.pop();
      through = rows.at(-1)!.seq;
    }
    return { cells: rows.map((row) => ({ day: row.day, report: JSON.parse(row.report), count: row.count })), through };
  }

  /**
   * Records that cells changed up to `through` are in D1, then prunes flushed cells of units the site no longer
   * accepts (`live`), and the creation counts of past days.
   */
  async flushed(through: number, live: LiveUnits): Promise<{ pruned: number }> {
    return this.ctx.storage.transactionSync(() => {
      const flushed = Math.max(through, this.meta('flushed'));
      this.setMeta('flushed', flushed);
      const pruned = this.sql.exec(
        `DELETE FROM report_cells WHERE seq <= ?1 AND NOT (
           CASE WHEN report ->> '$.experiment' IS NOT NULL
             THEN (report ->> '$.experiment') || '@' || (report ->> '$.version') IN (SELECT value FROM json_each(?2))
             ELSE coalesce(report ->> '$.offer', '') IN (SELECT value FROM json_each(?3)) END)`,
        flushed,
        JSON.stringify(live.experiments),
        JSON.stringify(live.offers),
      ).rowsWritten;
      this.sql.exec('DELETE FROM created WHERE day < ?', new Date(Date.now() - 2 * DAY_MS).toISOString().slice(0, 10));
      return { pruned };
    });
  }

  /** Forgets batch ids older than the retention window; run by the feedback loop. */
  async pruneBatchIds(): Promise<number> {
    const cursor = this.sql.exec('DELETE FROM batches WHERE received_at < ?', Date.now() - BATCH_ID_RETENTION_MS);
    return cursor.rowsWritten;
  }
}
