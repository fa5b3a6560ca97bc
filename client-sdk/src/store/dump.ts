// Everything in the store, as exportData() shows it: only exportData reads it, so it is kept out of idb.ts
// (the script tag loads it with sdk-export.js).
import type { ExportedData, Store } from './schema.ts';

/**
 * The stored records, skipping any of the wrong shape (as `load` does), and every stored event.
 * @example const data = await dumpStore(store)
 */
export async function dumpStore(store: Store): Promise<ExportedData> {
  const [snapshot, events] = await Promise.all([store.load(), store.events()]);
  return {
    storage: 'indexeddb', events, profile: snapshot.state, deviceKey: snapshot.deviceKey, meta: snapshot.meta,
    assignments: snapshot.assignments, outbox: snapshot.outbox, config: snapshot.config, units: snapshot.units,
    budget: snapshot.budget,
  };
}
