// Shopper controls: consent and forget(). They act at once in the main script: an opt-out or an erasure must
// never wait for a download (exportData, which only reads, is export.ts).
import { emptyState } from '../profile/index.ts';
import { emptyBatch, type WriteBatch } from '../store/index.ts';
import type { Client, Outcome } from './client.ts';

/**
 * `consent(true)` allows storage (required mode) and stores everything held so far; `consent(false)` is an
 * opt-out: only the opt-out itself is kept, and nothing more is stored or sent.
 * @example await setConsent(client, true)
 */
export async function setConsent(c: Client, granted: unknown): Promise<Outcome> {
  if (typeof granted !== 'boolean') return c._fail('consent', `expected true or false, received ${JSON.stringify(granted)}`);
  await c.ready;
  c._meta.consent = granted;
  if (granted) Object.assign(c._db.pending, everything(c));
  else {
    // Whatever waited to be stored or sent is dropped, units owed a report set included.
    c._reporter.outbox.clear();
    c._mem.units = [];
    c._db.pending = emptyBatch();
    await c._db.store?.commit({ ...emptyBatch(), meta: c._meta, outbox: [], units: [] }).catch(() => {});
  }
  await c._db.persist();
  c._tabs.post({ consent: granted });
  c._events.emit('consent', granted);
  return { ok: true };
}

/**
 * Every record but the events, for a store that starts empty.
 * @example Object.assign(client._db.pending, everything(client))
 */
export function everything(c: Client): Partial<WriteBatch> {
  return {
    state: c._state, meta: c._meta, assignments: [...c._assignments.values()], outbox: c._reporter.outbox.batches,
    ...(c._deviceKey ? { deviceKey: c._deviceKey } : {}), ...(c._cached ? { config: c._cached } : {}),
  };
}

/**
 * Erases every store and the device key, and tells the shop's other tabs; the SDK carries on as for a new shopper.
 * @example await forgetAll(client)
 */
export async function forgetAll(c: Client): Promise<Outcome> {
  try {
    await c.ready;
    reset(c);
    await c._db.store?.clear();
    c._tabs.post({ forget: true });
    c._events.emit('forget');
    return { ok: true };
  } catch (error) {
    return c._fail('forget', error);
  }
}

/**
 * Back to a new shopper in memory: nothing pending, no profile, no device key, no assignments.
 * @example reset(client)
 */
export function reset(c: Client): void {
  c._db.pending = emptyBatch();
  c._tabs.drop();
  c._reporter.outbox.clear();
  c._state = emptyState(c._o.now());
  c._deviceKey = null;
  c._assignments.clear();
  c._mem = { units: [], budget: null, events: [] };
  c._traces.clear();
  c._page.decided.clear();
  c._meta = { droppedReports: 0, consent: null };
}
