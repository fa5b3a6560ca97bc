// The outbox: reports grouped into batches with a fixed random id, bounded (oldest dropped first, counted),
// sent with backoff (deliver.ts). Pure bookkeeping: the client persists `batches` whenever it changes.
import type { OutcomeReport } from '../../../protocol/outcomes.ts';
import type { OutboxBatch } from '../store/index.ts';

/** Equal to MAX_REPORTS_PER_BATCH in protocol/outcomes.ts. */
export const MAX_REPORTS_PER_BATCH = 200;
/** Reports kept while offline; beyond it the oldest batch goes first. */
export const MAX_OUTBOX_REPORTS = 2000;

/** 22 URL-safe random characters (~131 bits), fresh per batch. */
export function newBatchId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export class Outbox {
  batches: OutboxBatch[];
  dropped = 0;

  constructor(batches: OutboxBatch[] = [], dropped = 0) {
    // Batches stored under the old wire format (reports with a `metric`) would only be refused: they are dropped.
    this.batches = batches.filter((b) => b.reports.every((r) => 'kind' in r));
    // A stored batch may have gone out on pagehide before its attempt was written: it takes no more reports, or
    // they would travel under an id the edge has already counted, and be dropped as a duplicate.
    for (const b of this.batches) b.attempts ||= 1;
    this.dropped = dropped;
  }

  clear(): void {
    this.batches = [];
    this.dropped = 0;
  }
}

/** Reports in the outbox. */
export const outboxSize = (outbox: Outbox): number => outbox.batches.reduce((n, b) => n + b.reports.length, 0);

/**
 * Adds reports to the open batch of `day` (one never sent yet), starting a new batch when needed. A function, not
 * an Outbox method: only units.ts adds reports, so in the script tag it stays in sdk-send.js with them.
 * @example addReports(outbox, [report], '2026-11-30', Date.now())
 */
export function addReports(outbox: Outbox, reports: OutcomeReport[], day: string, now: number): void {
  for (const r of reports) {
    let open = outbox.batches.find((b) => b.attempts === 0 && b.day === day && b.reports.length < MAX_REPORTS_PER_BATCH);
    if (!open) {
      open = { batchId: newBatchId(), day, reports: [], attempts: 0, nextAttemptAt: now };
      outbox.batches.push(open);
    }
    open.reports.push(r);
  }
  while (outboxSize(outbox) > MAX_OUTBOX_REPORTS && outbox.batches.length > 1) {
    outbox.dropped += outbox.batches.shift()!.reports.length;
  }
}
