// The reporting part (sdk-send.js in the script tag, loaded once a page may report): opening and closing units
// (units.ts) and delivering due outbox batches to the edge.
import type { OutcomeBatch } from '../../../protocol/outcomes.ts';
import type { OutboxBatch } from '../store/index.ts';
import { newBatchId, type Outbox } from './outbox.ts';
import { sendBatch } from './send.ts';
import type { ReporterOptions } from './reporter.ts';

export { closeUnits, openUnit } from './units.ts';

/** Equal to OUTCOME_SCHEMA_VERSION in protocol/outcomes.ts. */
export const OUTCOME_SCHEMA_VERSION = 2;

const BASE_BACKOFF_MS = 5_000;
const MAX_BACKOFF_MS = 3_600_000;
/**
 * Tries after which reports the edge keeps answering "retry later" for are dropped: with the backoff above, about
 * a day and a half of trying. Reports the edge cannot place (a config it has not received yet) usually clear in
 * minutes.
 */
export const MAX_ATTEMPTS = 30;

/**
 * Batches due for sending at `now`, as the wire body and their id. Each counts as tried from here on, so no
 * report is added to a batch while it is in flight (the edge would count it under an id it already has).
 * @example for (const { batch, body } of dueBatches(outbox, Date.now())) ...
 */
export function dueBatches(outbox: Outbox, now: number): { batch: OutboxBatch; body: OutcomeBatch }[] {
  return outbox.batches
    .filter((b) => b.nextAttemptAt <= now && b.reports.length > 0)
    .map((b) => {
      b.attempts += 1;
      return { batch: b, body: { schemaVersion: OUTCOME_SCHEMA_VERSION, batchId: b.batchId, day: b.day, reports: b.reports } };
    });
}

/**
 * The edge took (or permanently refused) the batch.
 * @example batchDone(outbox, batch.batchId)
 */
export function batchDone(outbox: Outbox, batchId: string): void {
  outbox.batches = outbox.batches.filter((b) => b.batchId !== batchId);
}

/**
 * A failed attempt: the same batch id is retried later, with exponential backoff and jitter.
 * @example batchFailed(outbox, batch.batchId, Date.now(), Math.random)
 */
export function batchFailed(outbox: Outbox, batchId: string, now: number, random: () => number): void {
  const batch = outbox.batches.find((b) => b.batchId === batchId);
  if (!batch) return;
  const delay = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, batch.attempts - 1));
  batch.nextAttemptAt = now + delay * (0.5 + random() / 2);
}

/**
 * A batch the edge answered 413 for goes again as two halves, each under a new id (the edge counted nothing of
 * it). A single report too large for the edge is dropped: it never fits.
 * @example splitBatch(outbox, batch.batchId, Date.now())
 */
export function splitBatch(outbox: Outbox, batchId: string, now: number): boolean {
  const i = outbox.batches.findIndex((b) => b.batchId === batchId);
  const batch = outbox.batches[i];
  if (!batch || batch.reports.length < 2) return false;
  const half = Math.ceil(batch.reports.length / 2);
  const part = (reports: typeof batch.reports) => ({ ...batch, batchId: newBatchId(), reports, nextAttemptAt: now });
  outbox.batches.splice(i, 1, part(batch.reports.slice(0, half)), part(batch.reports.slice(half)));
  return true;
}

/**
 * Reports of a counted batch that the edge could not place yet (`retry` indices) go again later, in a batch of
 * their own: the old id is spent, and the edge would answer it as a duplicate. They keep the tries so far, so the
 * backoff goes on growing and MAX_ATTEMPTS bounds them.
 * @example requeue(outbox, batch, [2, 5], Date.now(), Math.random)
 */
export function requeue(outbox: Outbox, batch: OutboxBatch, indices: number[], now: number, random: () => number): void {
  const reports = indices.map((i) => batch.reports[i]!).filter(Boolean);
  if (!reports.length || batch.attempts >= MAX_ATTEMPTS) return;
  const again = { ...batch, batchId: newBatchId(), reports };
  outbox.batches.push(again);
  batchFailed(outbox, again.batchId, now, random);
}

/**
 * Sends every due batch in order; returns how many the edge accepted and in how many ms to try the rest (null:
 * nothing left). A failed batch keeps its id for the retry; a batch too large is split; a batch the edge can
 * never take (400) is dropped; reports it could not place yet are sent again later.
 * @example const [sent, retryIn] = await deliverDue(outbox, { api, site, now: Date.now, random: Math.random, log })
 */
export async function deliverDue(
  outbox: Outbox, o: Pick<ReporterOptions, 'api' | 'site' | 'fetch' | 'now' | 'random' | 'log'>,
): Promise<[sent: number, retryIn: number | null]> {
  let sent = 0;
  for (const { batch, body } of dueBatches(outbox, o.now())) {
    const result = await sendBatch(o.api, o.site, body, o.fetch);
    if (result === 'retry' && batch.attempts < MAX_ATTEMPTS) batchFailed(outbox, batch.batchId, o.now(), o.random);
    else if (result === 'split' && splitBatch(outbox, batch.batchId, o.now())) continue;
    else {
      if (typeof result === 'object') {
        sent++;
        requeue(outbox, batch, result.retry, o.now(), o.random);
      } else o.log(`outcome batch ${batch.batchId} ${result === 'retry' ? `not accepted after ${batch.attempts} tries` : 'rejected by the edge'}; dropped`);
      batchDone(outbox, batch.batchId);
    }
  }
  const next = Math.min(...outbox.batches.map((b) => b.nextAttemptAt));
  return [sent, next < Infinity ? Math.max(1000, next - o.now()) : null];
}

/** Nothing to do once loaded: calling it makes the script tag fetch this part ahead of the first send. */
export async function warmDelivery(): Promise<void> {}
