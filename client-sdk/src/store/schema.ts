// What the device stores, described once: the IndexedDB schema and the record types of every store.
import type { DeviceConfig } from '../../../protocol/device-config.ts';
import type { OpeningReport, OutcomeReport, ValueReportOpen } from '../../../protocol/outcomes.ts';
import type { StoredEvent } from '../events/index.ts';
import type { ProfileState } from '../profile/index.ts';

/** Bump with a new `case` in the upgrade switch of idb.ts; never edit an old case. */
export const DB_VERSION = 2;

/** A device's sticky arm in one experiment version, and what has been reported about it. */
export interface Assignment {
  experiment: string;
  version: number;
  arm: string;
  /** Coarse segment at assignment time, reported with outcomes. */
  segment?: string;
  assignedAt: number;
  /** Last exposure (epoch ms). */
  exposedAt: number | null;
  /** A unit was opened for this assignment (its exposure reported); its window runs from that first exposure. */
  exposureReported: boolean;
}

/**
 * A unit whose outcome the device owes the edge: an experiment exposure or a holdback decision. Its report set is
 * made when the window [at, until) has closed, from the purchases stored in that window, so nothing about what
 * the shopper did is decided or kept before then.
 */
export interface Unit {
  /** IndexedDB key (auto-increment); absent in memory. */
  id?: number;
  /** The opening report, as sent: the unit's kind and labels. */
  opened: OpeningReport | ValueReportOpen;
  /** When the unit opened and when its window closes (epoch ms). */
  at: number;
  until: number;
  /** A customer-value unit: its histogram cell, already randomised when it opened, sent when it closes. */
  cell?: number;
}

/** The ε spent by units opened on one UTC day (the per-device daily budget). */
export interface Budget {
  day: string;
  spent: number;
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

/**
 * The database, store by store (idb.ts creates it): `events` (auto-increment key, index `t`) of StoredEvent;
 * `profile` with keys 'state' (ProfileState), 'device' (the device key), 'meta' (Meta) and 'budget' (Budget);
 * `assignments` by `experiment`; `units` (auto-increment key, index `until`) of Unit; `outbox` by `batchId`;
 * `config` by `site` (CachedConfig).
 */
export type StoreName = 'events' | 'profile' | 'assignments' | 'units' | 'outbox' | 'config';

/** Everything the SDK needs in memory, read once at start. */
export interface Snapshot {
  state: ProfileState | null;
  deviceKey: string | null;
  meta: Meta | null;
  assignments: Assignment[];
  outbox: OutboxBatch[];
  config: CachedConfig | null;
  units: Unit[];
  budget: Budget | null;
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
  /** The units owed a report set, replacing what is stored: `[]` drops them all (an opt-out). */
  units?: Unit[];
  budget?: Budget;
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
  /** Units whose report sets are still owed, and the ε spent today. */
  units: Unit[];
  budget: Budget | null;
}

/** The device's storage. */
export interface Store {
  /** The database itself, for the reporting part's own transactions (units, budget, outbox; see `ask`, `done`). */
  db: IDBDatabase;
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
