// Device storage: IndexedDB. When it does not work the client keeps everything in memory instead.
export { ask, databaseExists, done, openIdbStore } from './idb.ts';
export { DB_VERSION, emptyBatch } from './schema.ts';
export { dumpStore } from './dump.ts';
export type { Assignment, Budget, CachedConfig, ExportedData, Meta, OutboxBatch, Snapshot, Store, Unit, WriteBatch } from './schema.ts';
