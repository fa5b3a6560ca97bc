// The in-memory store: used when IndexedDB is missing, blocked or over quota. Same behaviour, no persistence.
import type { StoredEvent } from '../events/index.ts';
import type { Assignment, CachedConfig, ExportedData, Meta, OutboxBatch, Snapshot, Store, WriteBatch } from './schema.ts';
import type { ProfileState } from '../profile/index.ts';

/**
 * A Store kept in plain maps; structuredClone keeps callers from mutating what is "stored".
 * @example const store = memoryStore()
 */
export function memoryStore(): Store {
  let events: StoredEvent[] = [];
  let nextId = 1;
  let state: ProfileState | null = null;
  let deviceKey: string | null = null;
  let meta: Meta | null = null;
  let config: CachedConfig | null = null;
  const assignments = new Map<string, Assignment>();
  const outbox = new Map<string, OutboxBatch>();
  const clone = <T>(v: T): T => structuredClone(v);

  return {
    kind: 'memory',
    async load(): Promise<Snapshot> {
      return {
        state: clone(state), deviceKey, meta: clone(meta), assignments: clone([...assignments.values()]),
        outbox: clone([...outbox.values()]), config: clone(config), eventCount: events.length,
      };
    },
    async commit(batch: WriteBatch) {
      for (const e of batch.events) events.push({ ...clone(e), id: nextId++ });
      if (batch.state) state = clone(batch.state);
      if (batch.deviceKey) deviceKey = batch.deviceKey;
      if (batch.meta) meta = clone(batch.meta);
      for (const a of batch.assignments) assignments.set(a.experiment, clone(a));
      for (const b of batch.outboxPut) outbox.set(b.batchId, clone(b));
      for (const id of batch.outboxDelete) outbox.delete(id);
      if (batch.config) config = clone(batch.config);
    },
    async prune(now, maxAgeMs, maxEvents) {
      const before = events.length;
      events = events.filter((e) => e.t >= now - maxAgeMs);
      if (events.length > maxEvents) events = events.slice(events.length - maxEvents);
      return before - events.length;
    },
    async dump(): Promise<ExportedData> {
      return {
        storage: 'memory', events: clone(events), profile: clone(state), deviceKey, meta: clone(meta),
        assignments: clone([...assignments.values()]), outbox: clone([...outbox.values()]), config: clone(config),
      };
    },
    async clear() {
      events = [];
      state = deviceKey = meta = config = null;
      assignments.clear();
      outbox.clear();
    },
    close() {},
  };
}
