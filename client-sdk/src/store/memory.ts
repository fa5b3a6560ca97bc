// The in-memory store: used when IndexedDB is missing, blocked or over quota. Same behaviour, no persistence.
import type { StoredEvent } from '../events/index.ts';
import type { Assignment, ExportedData, OutboxBatch, Snapshot, Store } from './schema.ts';

/**
 * A Store kept in plain maps. It holds the SDK's own live objects (no copies): exportData serialises anyway.
 * @example const store = memoryStore()
 */
export function memoryStore(): Store {
  let events: StoredEvent[] = [];
  let nextId = 1;
  let data: Omit<Snapshot, 'eventCount' | 'assignments' | 'outbox'> = { state: null, deviceKey: null, meta: null, config: null };
  const assignments = new Map<string, Assignment>();
  const outbox = new Map<string, OutboxBatch>();

  const snapshot = () => ({ ...data, assignments: [...assignments.values()], outbox: [...outbox.values()] });
  return {
    kind: 'memory',
    load: async () => ({ ...snapshot(), eventCount: events.length }),
    async commit(batch) {
      for (const e of batch.events) events.push({ ...e, id: nextId++ });
      data = {
        state: batch.state ?? data.state, deviceKey: batch.deviceKey ?? data.deviceKey,
        meta: batch.meta ?? data.meta, config: batch.config ?? data.config,
      };
      for (const a of batch.assignments) assignments.set(a.experiment, a);
      for (const b of batch.outboxPut) outbox.set(b.batchId, b);
      for (const id of batch.outboxDelete) outbox.delete(id);
    },
    async prune(now, maxAgeMs, maxEvents) {
      const before = events.length;
      events = events.filter((e) => e.t >= now - maxAgeMs).slice(-maxEvents);
      return before - events.length;
    },
    dump: async (): Promise<ExportedData> => {
      const s = snapshot();
      return { storage: 'memory', events, profile: s.state, deviceKey: s.deviceKey, meta: s.meta, assignments: s.assignments, outbox: s.outbox, config: s.config };
    },
    async clear() {
      events = [];
      data = { state: null, deviceKey: null, meta: null, config: null };
      assignments.clear();
      outbox.clear();
    },
    close() {},
  };
}
