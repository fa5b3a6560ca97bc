// The SDK itself: storage, profile, config, decisions, consent and outcome reporting behind one object.
import type { DeviceConfig } from '../../../protocol/device-config.ts';
import { fetchConfig } from '../config/index.ts';
import { compileOffers, decideSlot, type CompiledOffer, type Decision, type Explanation, type PageState } from '../decide/index.ts';
import { normaliseEvent, type StoredEvent } from '../events/index.ts';
import { newDeviceKey } from '../experiments/index.ts';
import { applyEvent, dayOf, emptyState, recordExposure, refresh, type ProfileState } from '../profile/index.ts';
import {
  databaseExists, emptyBatch, memoryStore, openIdbStore, type Assignment, type CachedConfig, type ExportedData, type Meta,
  type Store, type WriteBatch,
} from '../store/index.ts';
import { Outbox, closedWindowReports, exposureReports, purchaseReports, sendBatch, type OutcomeContext } from '../sync/index.ts';
import type { OutcomeReport } from '../../../protocol/outcomes.ts';
import { emitter } from './emitter.ts';
import type { ResolvedOptions } from './options.ts';

const DAY = 86_400_000;
const WRITE_DELAY_MS = 200;
const SEND_DELAY_MS = 2000;

/** `{ ok: true }` or why not: what every call that does not return data resolves to. */
export type Outcome = { ok: true } | { ok: false; reason: string };

export interface ReadyState {
  storage: 'indexeddb' | 'memory';
  /** The config version in use, or null when none arrived in time. */
  configVersion: number | null;
}

export class Client {
  readonly ready: Promise<ReadyState>;
  #store: Store = memoryStore();
  #state: ProfileState;
  #deviceKey: string | null = null;
  #meta: Meta = { droppedReports: 0, consent: null };
  #assignments = new Map<string, Assignment>();
  #outbox = new Outbox();
  #cached: CachedConfig | null = null;
  #offers: CompiledOffer[] = [];
  #pending = emptyBatch();
  #writeTimer: ReturnType<typeof setTimeout> | null = null;
  #sendTimer: ReturnType<typeof setTimeout> | null = null;
  #sending = false;
  /** IndexedDB not opened yet because storage is not allowed yet. */
  #deferred = false;
  #loaded = false;
  #early: StoredEvent[] = [];
  #sincePrune = 0;
  #explanations = new Map<string, Explanation>();
  #page: PageState = { offers: new Set(), categories: new Set() };
  #events = emitter();

  readonly #o: ResolvedOptions;

  constructor(o: ResolvedOptions) {
    this.#o = o;
    this.#state = emptyState(o.now());
    this.ready = this.#start();
  }

  #log(level: 'debug' | 'warn' | 'error', message: string, detail?: unknown): void {
    if (this.#o.debug) this.#o.logger(level, message, detail);
  }

  get config(): DeviceConfig | null {
    return this.#cached?.config ?? null;
  }

  /**
   * IndexedDB if it works. A database that does not exist yet is created only once storage is allowed
   * (`create`), so a shopper who never consents leaves nothing behind, not even an empty database.
   */
  async #openStore(create: boolean): Promise<Store> {
    const name = `edgewise-${this.#o.site}`;
    if (this.#o.storage === 'memory') return memoryStore();
    try {
      if (!create && !(await databaseExists(name))) {
        this.#deferred = true;
        return memoryStore();
      }
      return await openIdbStore(name);
    } catch (error) {
      this.#log('warn', `IndexedDB unavailable (${String(error)}): running from memory, nothing persists`);
      return memoryStore();
    }
  }

  async #start(): Promise<ReadyState> {
    this.#store = await this.#openStore(false);
    try {
      const s = await this.#store.load();
      if (s.state) this.#state = s.state;
      this.#deviceKey = s.deviceKey;
      if (s.meta) this.#meta = s.meta;
      for (const a of s.assignments) this.#assignments.set(a.experiment, a);
      this.#outbox = new Outbox(s.outbox, this.#meta.droppedReports);
      if (s.config) this.#adopt(s.config, false);
    } catch (error) {
      this.#log('warn', `stored data unreadable (${String(error)}): starting afresh from memory`);
      this.#store = memoryStore();
    }
    this.#loaded = true;
    for (const event of this.#early.splice(0)) this.#apply(event);
    const revalidating = this.#revalidate();
    if (!this.#cached) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([revalidating, new Promise((r) => (timer = setTimeout(r, this.#o.configTimeoutMs)))]);
      clearTimeout(timer);
    }
    this.#afterConfig();
    await this.#persist();
    setTimeout(() => void this.#prune(), 3000);
    const ready = { storage: this.#store.kind, configVersion: this.config?.version ?? null };
    this.#events.emit('ready', ready);
    this.#log('debug', 'ready', ready);
    return ready;
  }

  #adopt(cached: CachedConfig, persist: boolean): void {
    this.#cached = cached;
    this.#offers = compileOffers(cached.config);
    if (persist) this.#pending.config = cached;
  }

  async #revalidate(): Promise<void> {
    const result = await fetchConfig(this.#o.api, this.#o.site, this.#cached?.etag ?? null, this.#o.fetch);
    if (result.status === 'fresh') {
      this.#adopt({ site: this.#o.site, config: result.config, etag: result.etag, storedAt: this.#o.now() }, true);
      this.#events.emit('config', result.config.version);
      this.#afterConfig();
      this.#schedulePersist();
    } else if (result.status === 'rejected') this.#log('warn', result.reason);
  }

  #afterConfig(): void {
    const ctx = this.#outcomeContext();
    if (ctx) this.#queueReports(closedWindowReports(this.#assignments.values(), ctx), true);
  }

  /** Consent mode: the site's, else the option, until the config says. */
  get #mode(): 'required' | 'implied' {
    return this.config?.consent ?? this.#o.consent;
  }

  get #canStore(): boolean {
    return this.#meta.consent === true || (this.#meta.consent === null && this.#mode === 'implied');
  }

  get #canReport(): boolean {
    const nav = globalThis.navigator as (Navigator & { globalPrivacyControl?: boolean }) | undefined;
    return this.#canStore && nav?.globalPrivacyControl !== true;
  }

  #outcomeContext(): OutcomeContext | null {
    const c = this.config;
    return c ? { epsilon: c.privacy.epsilon, attributionDays: c.attributionDays, now: this.#o.now(), random: this.#o.random } : null;
  }

  #queueReports(reports: OutcomeReport[], touched: boolean): void {
    if (touched) for (const a of this.#assignments.values()) this.#pending.assignments.push(a);
    if (!reports.length) return;
    this.#outbox.add(reports, dayOf(this.#o.now()), this.#o.now());
    this.#schedulePersist();
    this.#scheduleSend(SEND_DELAY_MS);
  }

  track(type: unknown, props?: unknown): Promise<Outcome> {
    try {
      const result = normaliseEvent(type, props, this.#o.now());
      if (!result.ok) {
        this.#log('warn', result.reason);
        return Promise.resolve(result);
      }
      if (this.#loaded) this.#apply(result.value);
      else this.#early.push(result.value);
      return Promise.resolve({ ok: true });
    } catch (error) {
      return Promise.resolve(this.#fail('track', error));
    }
  }

  #apply(event: StoredEvent): void {
    applyEvent(this.#state, event);
    // A page_view starts a new page (GA4 single-page shops send one per route): its offer limit starts afresh.
    if (event.type === 'page_view') this.#page = { offers: new Set(), categories: new Set() };
    const p = this.#pending;
    p.events.push(event);
    // Without consent events wait in memory; keep only as many as retention would keep.
    if (p.events.length > this.#o.maxEvents) p.events.splice(0, p.events.length - this.#o.maxEvents);
    p.state = this.#state;
    if (event.type === 'purchase') {
      const ctx = this.#outcomeContext();
      const revenue = event.value ?? event.items.reduce((s, i) => s + (i.price ?? 0) * (i.quantity ?? 1), 0);
      if (ctx && this.#canReport) this.#queueReports(purchaseReports(this.#assignments.values(), revenue, ctx), true);
    }
    this.#schedulePersist();
    this.#events.emit('track', event);
  }

  async decide(slot: unknown): Promise<Decision | null> {
    try {
      if (typeof slot !== 'string' || !slot) {
        this.#log('warn', `decide: expected a slot name such as "hero", received ${JSON.stringify(slot)}`);
        return null;
      }
      await this.ready;
      const config = this.config;
      if (!config) {
        this.#log('debug', `decide(${slot}): no config yet, the page keeps its default content`);
        return null;
      }
      const now = this.#o.now();
      this.#deviceKey ??= newDeviceKey();
      this.#pending.deviceKey = this.#deviceKey;
      const out = await decideSlot({
        config, offers: this.#offers, state: this.#state, profile: refresh(this.#state, now), slot,
        deviceKey: this.#deviceKey, assignments: this.#assignments, page: this.#page, now, random: this.#o.random,
        models: { baseUrl: this.#o.api },
        onModelError: (id, error) => this.#log('warn', `model ${id} failed, using the prior`, error),
      });
      if (out.assignment) {
        const a = out.assignment;
        this.#assignments.set(a.experiment, a);
        this.#pending.assignments.push(a);
        if (this.#canReport) this.#queueReports(exposureReports(a, this.#outcomeContext()!), false);
        else a.exposedAt = now;
      }
      if (out.decision) {
        const offer = this.#offers.find((c) => c.offer.id === out.decision!.offerId)!.offer;
        recordExposure(this.#state, offer.id, now);
        this.#page.offers.add(offer.id);
        if (offer.category !== undefined) this.#page.categories.add(offer.category);
        this.#pending.state = this.#state;
      }
      this.#schedulePersist();
      this.#explanations.set(slot, out.explanation);
      this.#events.emit('decision', { slot, decision: out.decision });
      this.#log('debug', `decide(${slot})`, out.explanation);
      return out.decision;
    } catch (error) {
      this.#fail('decide', error);
      return null;
    }
  }

  /** The explanation of the last decision in `slot`, or null before one. */
  explain(slot: unknown): Promise<Explanation | null> {
    return Promise.resolve(typeof slot === 'string' ? this.#explanations.get(slot) ?? null : null);
  }

  async consent(granted: unknown): Promise<Outcome> {
    if (typeof granted !== 'boolean') return { ok: false, reason: `consent: expected true or false, received ${JSON.stringify(granted)}` };
    await this.ready;
    this.#meta.consent = granted;
    this.#pending.meta = this.#meta;
    if (granted) {
      this.#pending.state = this.#state;
      if (this.#cached) this.#pending.config = this.#cached;
      await this.#persist();
    } else {
      // An opt-out keeps only the opt-out itself: what was waiting to be stored or sent is dropped.
      this.#pending = { ...emptyBatch(), meta: this.#meta };
      this.#outbox.clear();
      await this.#store.commit({ ...this.#pending, outboxDelete: this.#outbox.changes().deleted }).catch(() => {});
      this.#pending = emptyBatch();
    }
    this.#events.emit('consent', granted);
    return { ok: true };
  }

  /** Every record but the events, for a store that starts empty. */
  #everything(): Partial<WriteBatch> {
    return {
      state: this.#state, meta: this.#meta, assignments: [...this.#assignments.values()], outboxPut: this.#outbox.batches,
      ...(this.#deviceKey ? { deviceKey: this.#deviceKey } : {}), ...(this.#cached ? { config: this.#cached } : {}),
    };
  }

  #schedulePersist(): void {
    if (!this.#writeTimer) this.#writeTimer = setTimeout(() => void this.#persist(), WRITE_DELAY_MS);
  }

  /** Commits what changed since the last write in one transaction; falls back to memory if IndexedDB fails. */
  async #persist(): Promise<void> {
    if (this.#writeTimer) clearTimeout(this.#writeTimer);
    this.#writeTimer = null;
    if (!this.#loaded || !this.#canStore) return;
    if (this.#deferred) {
      this.#deferred = false;
      const store = await this.#openStore(true);
      if (store.kind === 'indexeddb') {
        this.#store = store;
        Object.assign(this.#pending, this.#everything());
      }
    }
    const batch = this.#pending;
    this.#pending = emptyBatch();
    const changes = this.#outbox.changes();
    batch.outboxPut = changes.put;
    batch.outboxDelete = changes.deleted;
    if (this.#meta.droppedReports !== this.#outbox.dropped) {
      this.#meta.droppedReports = this.#outbox.dropped;
      batch.meta = this.#meta;
    }
    try {
      await this.#store.commit(batch);
    } catch (error) {
      this.#log('warn', `IndexedDB write failed (${String(error)}): running from memory from now on`);
      this.#store = memoryStore();
      await this.#store.commit({ ...batch, ...this.#everything() });
    }
    this.#sincePrune += batch.events.length;
    if (this.#sincePrune >= 500) void this.#prune();
  }

  async #prune(): Promise<void> {
    this.#sincePrune = 0;
    if (!this.#canStore) return;
    try {
      const removed = await this.#store.prune(this.#o.now(), this.#o.retentionDays * DAY, this.#o.maxEvents);
      if (removed) this.#log('debug', `pruned ${removed} old events`);
    } catch (error) {
      this.#log('warn', `pruning failed: ${String(error)}`);
    }
  }

  #scheduleSend(delay: number): void {
    if (this.#sendTimer) return;
    this.#sendTimer = setTimeout(() => {
      this.#sendTimer = null;
      void this.#send();
    }, delay);
  }

  /** Sends every due batch; failures are retried with backoff under the same batch id. */
  async #send(): Promise<number> {
    if (this.#sending || !this.#canReport) return 0;
    this.#sending = true;
    let sent = 0;
    try {
      for (const { batch, body } of this.#outbox.due(this.#o.now())) {
        const result = await sendBatch(this.#o.api, this.#o.site, body, this.#o.fetch);
        if (result === 'retry') this.#outbox.failed(batch.batchId, this.#o.now(), this.#o.random);
        else {
          if (result === 'rejected') this.#log('warn', `outcome batch ${batch.batchId} rejected by the edge; dropped`);
          else sent++;
          this.#outbox.done(batch.batchId);
        }
      }
    } finally {
      this.#sending = false;
    }
    const next = Math.min(...this.#outbox.batches.map((b) => b.nextAttemptAt));
    if (Number.isFinite(next)) this.#scheduleSend(Math.max(1000, next - this.#o.now()));
    await this.#persist();
    return sent;
  }

  /** Writes everything pending and sends due outcome batches now (also run on pagehide). */
  async flush(): Promise<{ ok: true; sent: number } | { ok: false; reason: string }> {
    try {
      await this.ready;
      const ctx = this.#outcomeContext();
      if (ctx && this.#canReport) this.#queueReports(closedWindowReports(this.#assignments.values(), ctx), true);
      await this.#persist();
      return { ok: true, sent: await this.#send() };
    } catch (error) {
      return this.#fail('flush', error);
    }
  }

  /** Everything the device holds about the shopper, as JSON. */
  async exportData(): Promise<ExportedData> {
    await this.ready;
    await this.#persist();
    const stored = this.#canStore ? await this.#store.dump().catch(() => null) : null;
    const memory: ExportedData = {
      storage: this.#store.kind, events: this.#pending.events, profile: this.#state, deviceKey: this.#deviceKey,
      meta: this.#meta, assignments: [...this.#assignments.values()], outbox: this.#outbox.batches, config: this.#cached,
    };
    return JSON.parse(JSON.stringify(stored ? { ...stored, profile: this.#state } : memory));
  }

  /** Erases every store and the device key; the SDK carries on as for a new shopper. */
  async forget(): Promise<Outcome> {
    try {
      await this.ready;
      this.#pending = emptyBatch();
      this.#outbox.clear();
      this.#outbox.changes();
      await this.#store.clear();
      this.#state = emptyState(this.#o.now());
      this.#deviceKey = null;
      this.#assignments.clear();
      this.#explanations.clear();
      this.#meta = { droppedReports: 0, consent: null };
      this.#events.emit('forget');
      return { ok: true };
    } catch (error) {
      return this.#fail('forget', error);
    }
  }

  on(event: string, fn: (payload: unknown) => void): () => void {
    return typeof fn === 'function' ? this.#events.on(event, fn) : () => {};
  }

  #fail(call: string, error: unknown): { ok: false; reason: string } {
    const reason = `${call}: ${error instanceof Error ? error.message : String(error)}`;
    this.#log('error', reason, error);
    return { ok: false, reason };
  }
}
