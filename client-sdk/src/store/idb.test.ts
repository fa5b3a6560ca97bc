// The IndexedDB store on fake-indexeddb: schema, batched writes, retention, corrupt records, erasure.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { emptyState } from '../profile/index.ts';
import { uniqueSite } from '../testing/fixtures.ts';
import { DB_VERSION, databaseExists, dumpStore, emptyBatch, openIdbStore } from './index.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-20T12:00:00Z');

describe('IndexedDB store', () => {
  it('creates the six stores and commits a batch in one transaction', async () => {
    const name = `edgewise-${uniqueSite()}`;
    expect(await databaseExists(name)).toBe(false);
    const store = await openIdbStore(name);
    expect(await databaseExists(name)).toBe(true);
    const state = emptyState(NOW);
    await store.commit({
      ...emptyBatch(), events: [{ t: NOW, type: 'page_view', items: [] }], state, deviceKey: 'k',
      assignments: [{ experiment: 'e', version: 1, arm: 'a', assignedAt: NOW, exposedAt: null, exposureReported: false }],
      outbox: [{ batchId: 'b'.repeat(22), day: '2026-11-20', reports: [], attempts: 0, nextAttemptAt: NOW }],
    });
    const snapshot = await store.load();
    expect(snapshot).toMatchObject({ deviceKey: 'k', eventCount: 1, assignments: [{ experiment: 'e' }], outbox: [{ day: '2026-11-20' }] });
    expect(snapshot.state).toEqual(state);
    store.close();
    const db = await openDB(name);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['assignments', 'config', 'events', 'outbox', 'profile', 'units']);
    db.close();
  });

  it('prunes events by age and by count, oldest first', async () => {
    const store = await openIdbStore(`edgewise-${uniqueSite()}`);
    const events = Array.from({ length: 30 }, (_, i) => ({ t: NOW - (29 - i) * DAY * 5, type: 'page_view', items: [] }));
    await store.commit({ ...emptyBatch(), events });
    // 90 days keeps the last 18 (ages 0..85 days); a count of 10 keeps the newest 10 of those.
    expect(await store.prune(NOW, 90 * DAY, 10)).toBe(20);
    const left = (await dumpStore(store)).events.map((e) => (NOW - e.t) / DAY / 5);
    expect(left).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    store.close();
  });

  it('skips corrupt records instead of failing', async () => {
    const name = `edgewise-${uniqueSite()}`;
    const store = await openIdbStore(name);
    store.close();
    const db = await openDB(name);
    await db.put('profile', { profile: 'garbage' }, 'state');
    await db.put('profile', 42, 'device');
    await db.put('assignments', { experiment: 'ok', version: 1, arm: 'a' });
    await db.put('assignments', { experiment: 'bad', version: 'one' });
    await db.put('config', { site: 'x', config: null });
    db.close();
    const reopened = await openIdbStore(name);
    const snapshot = await reopened.load();
    expect(snapshot).toMatchObject({ state: null, deviceKey: null, config: null });
    expect(snapshot.assignments.map((a) => a.experiment)).toEqual(['ok']);
    reopened.close();
  });

  it('erases every store', async () => {
    const store = await openIdbStore(`edgewise-${uniqueSite()}`);
    await store.commit({ ...emptyBatch(), events: [{ t: NOW, type: 'search', items: [] }], deviceKey: 'k', state: emptyState(NOW) });
    await store.clear();
    expect(await dumpStore(store)).toMatchObject({ events: [], profile: null, deviceKey: null, assignments: [], outbox: [], config: null, units: [] });
    store.close();
  });

  it('replaces the stored units with a batch\'s units, and leaves them alone without', async () => {
    const store = await openIdbStore(`edgewise-${uniqueSite()}`);
    const unit = { opened: { kind: 'holdback' as const, offer: 'o', decile: 1, shown: true }, at: NOW, until: NOW + DAY };
    await store.commit({ ...emptyBatch(), units: [unit, { ...unit, until: NOW + 2 * DAY }] });
    await store.commit(emptyBatch());
    expect((await store.load()).units.map((u) => u.until)).toEqual([NOW + DAY, NOW + 2 * DAY]);
    await store.commit({ ...emptyBatch(), units: [] });
    expect((await store.load()).units).toEqual([]);
    store.close();
  });
});
