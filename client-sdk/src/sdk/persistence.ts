// Write-behind persistence for the client: changes collect in one batch and reach IndexedDB in one transaction
// a moment later; without a store (no IndexedDB, or no consent yet) the batch's events are the in-memory log.
import { databaseExists, emptyBatch, openIdbStore, type Store, type WriteBatch } from '../store/index.ts';

const DAY = 86_400_000;
const WRITE_DELAY_MS = 200;
/** Events written between two background prunes. */
const PRUNE_EVERY = 500;

/** What persistence needs from the client. */
export interface PersistenceHost {
  site: string;
  storage: 'auto' | 'memory';
  retentionDays: number;
  maxEvents: number;
  now: () => number;
  warn: (message: string) => void;
  /** Storing is allowed now (loaded, and consent given or implied). */
  canStore: () => boolean;
  /** Every record but the events, for a store that starts empty. */
  everything: () => Partial<WriteBatch>;
}

export class Persistence {
  /** null: running from memory (IndexedDB missing, blocked, failing, or not created yet). */
  store: Store | null = null;
  /** Changes not yet written. */
  pending = emptyBatch();
  /** IndexedDB not created yet because storage was not allowed yet. */
  #deferred = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #sincePrune = 0;

  constructor(private readonly h: PersistenceHost) {}

  /** Opens IndexedDB if it works. A missing database is created only once storage is allowed (`create`). */
  async open(create: boolean): Promise<void> {
    const name = `edgewise-${this.h.site}`;
    this.store = null;
    if (this.h.storage === 'memory') return;
    try {
      this.#deferred = !create && !(await databaseExists(name));
      if (!this.#deferred) this.store = await openIdbStore(name);
    } catch (error) {
      this.h.warn(`IndexedDB unavailable, running from memory: ${error}`);
    }
  }

  schedule(): void {
    this.#timer ??= setTimeout(() => void this.persist(), WRITE_DELAY_MS);
  }

  /** Commits what changed since the last write in one transaction; runs from memory if IndexedDB fails. */
  async persist(): Promise<void> {
    clearTimeout(this.#timer!);
    this.#timer = null;
    const events = this.pending.events;
    // Waiting events are bounded by the retention count, whether or not they can be written.
    if (events.length > this.h.maxEvents) events.splice(0, events.length - this.h.maxEvents);
    if (!this.h.canStore()) return;
    if (this.#deferred) {
      await this.open(true);
      if (this.store) Object.assign(this.pending, this.h.everything());
    }
    if (!this.store) return;
    const batch = this.pending;
    this.pending = emptyBatch();
    try {
      await this.store.commit(batch);
    } catch (error) {
      this.h.warn(`IndexedDB write failed, running from memory: ${error}`);
      this.store = null;
      this.pending.events.unshift(...batch.events);
    }
    if ((this.#sincePrune += batch.events.length) >= PRUNE_EVERY) void this.prune();
  }

  /** Retention: events older than retentionDays, and beyond the newest maxEvents, are deleted. */
  async prune(): Promise<void> {
    this.#sincePrune = 0;
    const now = this.h.now();
    const maxAge = this.h.retentionDays * DAY;
    this.pending.events = this.pending.events.filter((e) => e.t >= now - maxAge);
    try {
      if (this.h.canStore()) await this.store?.prune(now, maxAge, this.h.maxEvents);
    } catch (error) {
      this.h.warn(`pruning failed: ${error}`);
    }
  }
}
