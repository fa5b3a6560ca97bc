// What the device stores, described once: the IndexedDB schema and the record types of every store.
import type { DBSchema } from 'idb';
import type { DeviceConfig } from '../../../protocol/device-config.ts';
import type { OutcomeReport } from '../../../protocol/outcomes.ts';
import type { StoredEvent } from '../events/index.ts';
import type { ProfileState } from '../profile/index.ts';

/** Bump with a new `case` in the upgrade switch of idb.ts; never edit an old case. */
export const DB_VERSION = 1;

/** A device's sticky arm in one experiment version, and what has been reported about it. */
export interface Assignment {
  experiment: string;
  version: number;
  arm: string;
  /** Coarse segment at assignment time, reported with outcomes. */
  segment?: string;
  assignedAt: number;
  /** Last exposure (epoch ms): conversions are attributed to it within the attribution window. */
  exposedAt: number | null;
  exposureReported: boolean;
  /** The one conversion bit per exposure has been queued (1 at the first purchase, else 0 when the window closes). */
  conversionReported: boolean;
}

/** Reports waiting to be sent. `batchId` is fixed when the batch is made, so a retry is counted once. */
export interface OutboxBatch {
  batchId: string;
  day: string;
  reports: OutcomeReport[];
  attempts: number;
  nextAttemptAt: number;
}

/** The last good config and its validator. */
export interface CachedConfig {
  site: string;
  config: DeviceConfig;
  etag: string | null;
  storedAt: number;
}

/** Small bookkeeping values kept beside the profile. */
export interface Meta {
  /** Outcome reports dropped because the outbox was full (oldest first). */
  droppedReports: number;
  /** Consent given (true), refused (false) or not asked yet (null). */
  consent: boolean | null;
}

export interface EdgewiseDB extends DBSchema {
  events: { key: number; value: StoredEvent; indexes: { t: number } };
  profile: { key: 'state' | 'device' | 'meta'; value: ProfileState | string | Meta };
  assignments: { key: string; value: Assignment };
  outbox: { key: string; value: OutboxBatch };
  config: { key: string; value: CachedConfig };
}

/** Everything the SDK needs in memory, read once at start. */
export interface Snapshot {
  state: ProfileState | null;
  deviceKey: string | null;
  meta: Meta | null;
  assignments: Assignment[];
  outbox: OutboxBatch[];
  config: CachedConfig | null;
  eventCount: number;
}

/** Changes collected between two writes and committed in one transaction. */
export interface WriteBatch {
  events: StoredEvent[];
  state?: ProfileState;
  deviceKey?: string;
  meta?: Meta;
  assignments: Assignment[];
  /** The whole outbox, replacing what is stored (it is a handful of batches). */
  outbox?: OutboxBatch[];
  config?: CachedConfig;
}

/** What `exportData()` returns: every record the device holds, as stored. */
export interface ExportedData {
  storage: 'indexeddb' | 'memory';
  events: StoredEvent[];
  profile: ProfileState | null;
  deviceKey: string | null;
  meta: Meta | null;
  assignments: Assignment[];
  outbox: OutboxBatch[];
  config: CachedConfig | null;
}

/** The device's storage. */
export interface Store {
  load(): Promise<Snapshot>;
  commit(batch: WriteBatch): Promise<void>;
  /** Deletes events older than `maxAgeMs` and beyond the newest `maxEvents`; returns how many went. */
  prune(now: number, maxAgeMs: number, maxEvents: number): Promise<number>;
  /** Every stored event, oldest first (exportData). */
  events(): Promise<StoredEvent[]>;
  /** Erases every store. */
  clear(): Promise<void>;
  close(): void;
}

export const emptyBatch = (): WriteBatch => ({ events: [], assignments: [] });
