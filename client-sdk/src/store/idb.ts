// The IndexedDB store (through idb): one database per site, versioned upgrades, one transaction per write batch.
import { openDB, type IDBPDatabase } from 'idb';
import type { StoredEvent } from '../events/index.ts';
import { DB_VERSION, type EdgewiseDB, type Snapshot, type Store, type WriteBatch } from './schema.ts';
import { ASSIGNMENT, BUDGET, CACHED_CONFIG, META, OUTBOX_BATCH, PROFILE_STATE, UNIT, hasShape } from './validate.ts';
import type { Assignment, Budget, CachedConfig, Meta, OutboxBatch, Unit } from './schema.ts';
import type { ProfileState } from '../profile/index.ts';

const STORES = ['events', 'profile', 'assignments', 'outbox', 'config', 'units'] as const;

function upgrade(db: IDBPDatabase<EdgewiseDB>, oldVersion: number): void {
  // Fall-through on purpose: a device several versions behind runs every step in order.
  switch (oldVersion) {
    case 0: {
      const events = db.createObjectStore('events', { keyPath: 'id', autoIncrement: true });
      events.createIndex('t', 't');
      db.createObjectStore('profile');
      db.createObjectStore('assignments', { keyPath: 'experiment' });
      db.createObjectStore('outbox', { keyPath: 'batchId' });
      db.createObjectStore('config', { keyPath: 'site' });
    }
    // falls through
    case 1: {
      // Outcome reporting v2: units owed a report set, by window end; the old per-purchase reports are gone.
      db.createObjectStore('units', { keyPath: 'id', autoIncrement: true }).createIndex('until', 'until');
    }
  }
}

/**
 * Whether the site's database exists already, without creating it (so that nothing is stored before consent).
 * Browsers without `indexedDB.databases()` answer true: the SDK then opens as before.
 * @example if (await databaseExists('edgewise-acme')) ...
 */
export async function databaseExists(name: string): Promise<boolean> {
  const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) throw new Error('IndexedDB is not available');
  if (!factory.databases) return true;
  return (await factory.databases()).some((db) => db.name === name);
}

/**
 * Opens the site's database, or rejects when IndexedDB is missing, throws, or stays blocked past `timeoutMs`
 * (another tab holding an old version open, or a browser that never answers in private mode).
 * @example const store = await openIdbStore('edgewise-acme')
 */
export async function openIdbStore(name: string, timeoutMs = 2000): Promise<Store> {
  const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) throw new Error('IndexedDB is not available');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let db: IDBPDatabase<EdgewiseDB> | undefined;
  const opening = openDB<EdgewiseDB>(name, DB_VERSION, {
    upgrade: (db, oldVersion) => upgrade(db, oldVersion),
    blocking: () => db?.close(),
  });
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`IndexedDB open blocked for ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    db = await Promise.race([opening, timeout]);
  } finally {
    clearTimeout(timer);
  }
  // A late open after the timeout must not leak a connection that blocks a later version change.
  opening.then((late) => { if (late !== db) late.close(); }, () => {});
  return idbStore(db);
}

function idbStore(db: IDBPDatabase<EdgewiseDB>): Store {
  return {
    db,
    async load(): Promise<Snapshot> {
      const tx = db.transaction(STORES, 'readonly');
      const [state, deviceKey, meta, assignments, outbox, configs, units, budget, eventCount] = await Promise.all([
        tx.objectStore('profile').get('state'),
        tx.objectStore('profile').get('device'),
        tx.objectStore('profile').get('meta'),
        tx.objectStore('assignments').getAll(),
        tx.objectStore('outbox').getAll(),
        tx.objectStore('config').getAll(),
        tx.objectStore('units').getAll(),
        tx.objectStore('profile').get('budget'),
        tx.objectStore('events').count(),
      ]);
      await tx.done;
      const config = (configs.find((c) => hasShape(c, CACHED_CONFIG)) as CachedConfig | undefined) ?? null;
      return {
        state: hasShape(state, PROFILE_STATE) ? (state as ProfileState) : null,
        deviceKey: typeof deviceKey === 'string' ? deviceKey : null,
        meta: hasShape(meta, META) ? (meta as Meta) : null,
        assignments: assignments.filter((a): a is Assignment => hasShape(a, ASSIGNMENT)),
        outbox: outbox.filter((b): b is OutboxBatch => hasShape(b, OUTBOX_BATCH)),
        config,
        units: units.filter((u): u is Unit => hasShape(u, UNIT)),
        budget: hasShape(budget, BUDGET) ? (budget as Budget) : null,
        eventCount,
      };
    },
    async commit(batch: WriteBatch) {
      const tx = db.transaction(STORES, 'readwrite');
      // Requests are queued without awaiting each: IndexedDB runs them in order inside the one transaction.
      const events = tx.objectStore('events');
      for (const event of batch.events) void events.add(event as StoredEvent);
      const profile = tx.objectStore('profile');
      if (batch.state) void profile.put(batch.state, 'state');
      if (batch.deviceKey) void profile.put(batch.deviceKey, 'device');
      if (batch.meta) void profile.put(batch.meta, 'meta');
      for (const a of batch.assignments) void tx.objectStore('assignments').put(a);
      if (batch.outbox) {
        const outbox = tx.objectStore('outbox');
        void outbox.clear();
        for (const b of batch.outbox) void outbox.put(b);
      }
      if (batch.config) void tx.objectStore('config').put(batch.config);
      for (const u of batch.units ?? []) void tx.objectStore('units').put(u);
      if (batch.budget) void profile.put(batch.budget, 'budget');
      await tx.done;
    },
    async prune(now, maxAgeMs, maxEvents) {
      const tx = db.transaction('events', 'readwrite');
      const store = tx.store;
      let removed = 0;
      let cursor = await store.index('t').openCursor(IDBKeyRange.upperBound(now - maxAgeMs, true));
      while (cursor) {
        void cursor.delete();
        removed++;
        cursor = await cursor.continue();
      }
      const excess = (await store.count()) - maxEvents;
      if (excess > 0) {
        // Keys grow with insertion, so the first `excess` keys are the oldest events.
        const keys = await store.getAllKeys(null, excess);
        await store.delete(IDBKeyRange.upperBound(keys[keys.length - 1]!));
        removed += excess;
      }
      await tx.done;
      return removed;
    },
    events: () => db.transaction('events').store.getAll(),
    async clear() {
      const tx = db.transaction(STORES, 'readwrite');
      await Promise.all([...STORES.map((name) => tx.objectStore(name).clear()), tx.done]);
    },
    close() {
      db.close();
    },
  };
}
