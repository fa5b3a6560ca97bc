// The outbox: reports grouped into batches with a fixed random id, bounded (oldest dropped first, counted),
// sent with backoff. Pure bookkeeping: the client persists `batches` whenever it changes.
import type { OutcomeBatch, OutcomeReport } from '../../../protocol/outcomes.ts';
import type { OutboxBatch } from '../store/index.ts';

/** Equal to MAX_REPORTS_PER_BATCH in protocol/outcomes.ts. */
export const MAX_REPORTS_PER_BATCH = 500;
/** Reports kept while offline; beyond it the oldest batch goes first. */
export const MAX_OUTBOX_REPORTS = 2000;
const BASE_BACKOFF_MS = 5_000;
const MAX_BACKOFF_MS = 3_600_000;

/** 22 URL-safe random characters (~131 bits), fresh per batch. */
export function newBatchId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export class Outbox {
  batches: OutboxBatch[];
  dropped = 0;

  constructor(batches: OutboxBatch[] = [], dropped = 0) {
    this.batches = batches;
    this.dropped = dropped;
  }

  get size(): number {
    return this.batches.reduce((n, b) => n + b.reports.length, 0);
  }

  /** Adds reports to the open batch of `day` (one never sent yet), starting a new batch when needed. */
  add(reports: OutcomeReport[], day: string, now: number): void {
    for (const r of reports) {
      let open = this.batches.find((b) => b.attempts === 0 && b.day === day && b.reports.length < MAX_REPORTS_PER_BATCH);
      if (!open) {
        open = { batchId: newBatchId(), day, reports: [], attempts: 0, nextAttemptAt: now };
        this.batches.push(open);
      }
      open.reports.push(r);
    }
    while (this.size > MAX_OUTBOX_REPORTS && this.batches.length > 1) {
      this.dropped += this.batches.shift()!.reports.length;
    }
  }

  /**
   * Batches due for sending at `now`, as the wire body and their id. Each counts as tried from here on, so no
   * report is added to a batch while it is in flight (the edge would count it under an id it already has).
   */
  due(now: number): { batch: OutboxBatch; body: OutcomeBatch }[] {
    return this.batches
      .filter((b) => b.nextAttemptAt <= now && b.reports.length > 0)
      .map((b) => {
        b.attempts += 1;
        return { batch: b, body: { schemaVersion: 1 as const, batchId: b.batchId, day: b.day, reports: b.reports } };
      });
  }

  /** The edge took (or permanently refused) the batch. */
  done(batchId: string): void {
    this.batches = this.batches.filter((b) => b.batchId !== batchId);
  }

  /** A failed attempt: the same batch id is retried later, with exponential backoff and jitter. */
  failed(batchId: string, now: number, random: () => number): void {
    const batch = this.batches.find((b) => b.batchId === batchId);
    if (!batch) return;
    const delay = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, batch.attempts - 1));
    batch.nextAttemptAt = now + delay * (0.5 + random() / 2);
  }

  clear(): void {
    this.batches = [];
    this.dropped = 0;
  }
}
