// Device storage: IndexedDB when it works, memory when it does not; both behind one Store interface.
export { databaseExists, openIdbStore } from './idb.ts';
export { memoryStore } from './memory.ts';
export { DB_VERSION, emptyBatch } from './schema.ts';
export type { Assignment, CachedConfig, ExportedData, Meta, OutboxBatch, Snapshot, Store, WriteBatch } from './schema.ts';
