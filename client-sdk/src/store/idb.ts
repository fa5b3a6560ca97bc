// The IndexedDB store: one database per site, versioned upgrades, one transaction per write batch. Written on
// IndexedDB itself with two promise helpers (`ask`, `done`): the SDK needs no more of a wrapper, and the package no
// dependency.
import type { StoredEvent } from '../events/index.ts';
import { DB_VERSION, type Snapshot, type Store, type StoreName, type WriteBatch } from './schema.ts';
import { ASSIGNMENT, BUDGET, CACHED_CONFIG, META, OUTBOX_BATCH, PROFILE_STATE, UNIT, hasShape } from './validate.ts';
import type { Assignment, Budget, CachedConfig, Meta, OutboxBatch, Unit } from './schema.ts';
import type { ProfileState } from '../profile/index.ts';

/**
 * A request's result. It resolves in the request's success event, so code awaiting it still runs inside the
 * transaction (which commits only once no request is pending at the end of a task).
 * @example const budget = await ask(tx.objectStore('profile').get('budget'))
 */
export const ask = <T>(request: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

/**
 * Resolves when a transaction commits; rejects when it fails or aborts. Call it before the transaction can finish
 * (right after creating it, or in the same task as its last request).
 * @example const committed = done(tx); ...; await committed
 */
export const done = (tx: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });

const STORES: StoreName[] = ['events', 'profile', 'assignments', 'outbox', 'config', 'units'];

function upgrade(db: IDBDatabase, oldVersion: number): void {
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
  let db: IDBDatabase | undefined;
  const request = factory.open(name, DB_VERSION);
  request.onupgradeneeded = (event) => upgrade(request.result, event.oldVersion);
  const opening = ask(request);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`IndexedDB open blocked for ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    db = await Promise.race([opening, timeout]);
  } finally {
    clearTimeout(timer);
  }
  // Another tab upgrading the database: let it, rather than block it.
  db.onversionchange = () => db!.close();
  // A late open after the timeout must not leak a connection that blocks a later version change.
  opening.then((late) => { if (late !== db) late.close(); }, () => {});
  return idbStore(db);
}

function idbStore(db: IDBDatabase): Store {
  return {
    db,
    async load(): Promise<Snapshot> {
      const tx = db.transaction(STORES, 'readonly');
      const profile = tx.objectStore('profile');
      const [state, deviceKey, meta, assignments, outbox, configs, units, budget, eventCount] = await Promise.all([
        ask(profile.get('state')),
        ask(profile.get('device')),
        ask(profile.get('meta')),
        ask(tx.objectStore('assignments').getAll()),
        ask(tx.objectStore('outbox').getAll()),
        ask(tx.objectStore('config').getAll()),
        ask(tx.objectStore('units').getAll()),
        ask(profile.get('budget')),
        ask(tx.objectStore('events').count()),
        done(tx),
      ]);
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
    commit(batch: WriteBatch) {
      const tx = db.transaction(STORES, 'readwrite');
      const committed = done(tx);
      // Requests are queued without waiting for each: IndexedDB runs them in order inside the one transaction.
      const events = tx.objectStore('events');
      for (const event of batch.events) events.add(event);
      const profile = tx.objectStore('profile');
      if (batch.state) profile.put(batch.state, 'state');
      if (batch.deviceKey) profile.put(batch.deviceKey, 'device');
      if (batch.meta) profile.put(batch.meta, 'meta');
      for (const a of batch.assignments) tx.objectStore('assignments').put(a);
      if (batch.outbox) {
        const outbox = tx.objectStore('outbox');
        outbox.clear();
        for (const b of batch.outbox) outbox.put(b);
      }
      if (batch.config) tx.objectStore('config').put(batch.config);
      if (batch.units) {
        const units = tx.objectStore('units');
        units.clear();
        for (const u of batch.units) units.put(u);
      }
      if (batch.budget) profile.put(batch.budget, 'budget');
      return committed;
    },
    async prune(now, maxAgeMs, maxEvents) {
      const tx = db.transaction('events', 'readwrite');
      const committed = done(tx);
      const store = tx.objectStore('events');
      // By age through the time index (events from other tabs need not arrive in time order), then by count.
      const old = await ask(store.index('t').getAllKeys(IDBKeyRange.upperBound(now - maxAgeMs, true)));
      for (const key of old) store.delete(key);
      // Requests run in order inside the transaction: the count is taken after those deletions.
      const excess = (await ask(store.count())) - maxEvents;
      if (excess > 0) {
        // Keys grow with insertion, so the first `excess` keys are the oldest events.
        const keys = await ask(store.getAllKeys(null, excess));
        store.delete(IDBKeyRange.upperBound(keys[keys.length - 1]!));
      }
      await committed;
      return old.length + Math.max(0, excess);
    },
    events: () => ask(db.transaction('events').objectStore('events').getAll() as IDBRequest<StoredEvent[]>),
    clear() {
      const tx = db.transaction(STORES, 'readwrite');
      for (const name of STORES) tx.objectStore(name).clear();
      return done(tx);
    },
    close() {
      db.close();
    },
  };
}
