// exportData(): everything the device holds about the shopper, as JSON. In the main script, not a part: the
// shopper must be able to see their data offline too.
import { dumpStore } from '../store/dump.ts';
import type { ExportedData } from '../store/index.ts';
import type { Client } from './client.ts';

/**
 * Whatever is in the store (also after an opt-out stopped further writes) plus what waits to be written; from
 * memory when there is no store. The profile is the live one, which includes events not yet written.
 * @example const data = await exportAll(client)
 */
export async function exportAll(c: Client): Promise<ExportedData> {
  const store = c._db.store;
  const stored = store && (await dumpStore(store).catch(() => null));
  const data: ExportedData = stored
    ? { ...stored, events: [...stored.events, ...c._db.pending.events] }
    : {
        storage: 'memory', events: c._db.pending.events, profile: null, deviceKey: c._deviceKey, meta: c._meta,
        assignments: [...c._assignments.values()], outbox: c._reporter.outbox.batches, config: c._cached,
        units: c._mem.units, budget: c._mem.budget,
      };
  return JSON.parse(JSON.stringify({ ...data, profile: c._state }));
}
