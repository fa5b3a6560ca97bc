// The SDK itself: storage, profile, config, decisions, consent and outcome reporting behind one object.
import type { DeviceConfig } from '../../../protocol/device-config.ts';
import { fetchConfig } from '../config/index.ts';
import { compileOffers, decideSlot, type CompiledOffer, type Decision, type Explanation, type PageState } from '../decide/index.ts';
import { normaliseEvent, type StoredEvent } from '../events/index.ts';
import { newDeviceKey } from '../experiments/index.ts';
import { applyEvent, emptyState, recordExposure, refresh, type ProfileState } from '../profile/index.ts';
import { emptyBatch, type Assignment, type CachedConfig, type ExportedData, type Meta, type WriteBatch } from '../store/index.ts';
import { Outbox, Reporter, closedWindowReports, exposureReports, purchaseReports, type OutcomeContext } from '../sync/index.ts';
import { emitter } from './emitter.ts';
import { Persistence } from './persistence.ts';
import type { ResolvedOptions } from './options.ts';

/** `{ ok: true }` or why not: what every call that does not return data resolves to. */
export type Outcome = { ok: true } | { ok: false; reason: string };

export interface ReadyState {
  storage: 'indexeddb' | 'memory';
  /** The config version in use, or null when none arrived in time. */
  configVersion: number | null;
}

const newPage = (): PageState => ({ offers: new Set(), categories: new Set() });

export class Client {
  readonly ready: Promise<ReadyState>;
  #state: ProfileState;
  #deviceKey: string | null = null;
  #meta: Meta = { droppedReports: 0, consent: null };
  #assignments = new Map<string, Assignment>();
  #cached: CachedConfig | null = null;
  #offers: CompiledOffer[] = [];
  #loaded = false;
  #early: StoredEvent[] = [];
  #explanations = new Map<string, Explanation>();
  #page = newPage();
  #events = emitter();
  #reporter: Reporter;
  #db: Persistence;
  /** Other tabs of the same shop: they share one database, so they share events, forget() and consent. */
  #tabs: BroadcastChannel | null = null;
  /** Events not yet told to other tabs: sent together, since each message costs a structured clone. */
  #toTabs: StoredEvent[] = [];
  #toTabsTimer: ReturnType<typeof setTimeout> | null = null;
  readonly #o: ResolvedOptions;

  constructor(o: ResolvedOptions) {
    this.#o = o;
    this.#state = emptyState(o.now());
    const warn = (m: string) => this.#log('warn', m);
    const outboxChanged = () => {
      // Reports dropped from a full outbox are counted, and the count is kept with the other bookkeeping.
      if (this.#meta.droppedReports !== this.#reporter.outbox.dropped) {
        this.#meta.droppedReports = this.#reporter.outbox.dropped;
        this.#db.pending.meta = this.#meta;
      }
      this.#db.pending.outbox = this.#reporter.outbox.batches;
      this.#db.schedule();
    };
    this.#reporter = new Reporter({ ...o, changed: outboxChanged, log: warn, allowed: () => !!this.#context() });
    this.#db = new Persistence({
      ...o, warn, canStore: () => this.#loaded && this.#canStore, everything: () => this.#everything(),
    });
    if (globalThis.BroadcastChannel) {
      this.#tabs = new BroadcastChannel(`edgewise-${o.site}`);
      // Node (tests) would otherwise keep the process alive for the channel.
      (this.#tabs as { unref?: () => void }).unref?.();
      this.#tabs.onmessage = (message) => this.#fromTab(message.data);
    }
    this.ready = this.#start();
  }

  /**
   * Another tab's news. Its events fold into this tab's profile (that tab stores them), and its forget() or
   * consent reaches here too: otherwise this tab would write its old profile back on its next save.
   */
  #fromTab(message: { events?: StoredEvent[]; forget?: boolean; consent?: boolean }): void {
    if (message.events) {
      for (const event of message.events) applyEvent(this.#state, event);
      this.#db.pending.state = this.#state;
    } else if (message.forget) this.#reset();
    else if (typeof message.consent === 'boolean') this.#meta.consent = message.consent;
  }

  #log(level: 'debug' | 'warn' | 'error', message: string, detail?: unknown): void {
    if (this.#o.debug) this.#o.logger(level, message, detail);
  }

  get config(): DeviceConfig | null {
    return this.#cached?.config ?? null;
  }

  async #start(): Promise<ReadyState> {
    await this.#db.open(false);
    try {
      const s = await this.#db.store?.load();
      if (s) {
        this.#state = s.state ?? this.#state;
        this.#deviceKey = s.deviceKey;
        this.#meta = s.meta ?? this.#meta;
        for (const a of s.assignments) this.#assignments.set(a.experiment, a);
        this.#reporter.outbox = new Outbox(s.outbox, this.#meta.droppedReports);
        if (s.config) this.#adopt(s.config);
      }
    } catch (error) {
      this.#log('warn', `stored data unreadable (${error}): running from memory`);
      this.#db.store = null;
    }
    this.#loaded = true;
    for (const event of this.#early.splice(0)) this.#apply(event);
    const revalidating = this.#revalidate();
    if (!this.#cached) {
      let timer;
      await Promise.race([revalidating, new Promise((r) => (timer = setTimeout(r, this.#o.configTimeoutMs)))]);
      clearTimeout(timer);
    }
    this.#closeWindows();
    await this.#db.persist();
    setTimeout(() => void this.#db.prune(), 3000);
    const ready: ReadyState = { storage: this.#db.store ? 'indexeddb' : 'memory', configVersion: this.config?.version ?? null };
    this.#events.emit('ready', ready);
    this.#log('debug', 'ready', ready);
    return ready;
  }

  #adopt(cached: CachedConfig): void {
    this.#cached = cached;
    this.#offers = compileOffers(cached.config);
  }

  async #revalidate(): Promise<void> {
    const result = await fetchConfig(this.#o.api, this.#o.site, this.#cached?.etag ?? null, this.#o.fetch);
    if (result.status === 'fresh') {
      this.#adopt({ site: this.#o.site, config: result.config, etag: result.etag, storedAt: this.#o.now() });
      this.#db.pending.config = this.#cached!;
      this.#events.emit('config', result.config.version);
      this.#closeWindows();
      this.#db.schedule();
    } else if (result.status === 'rejected') this.#log('warn', result.reason);
  }

  /** Storage is allowed: consent given, or implied by the site and not refused. */
  get #canStore(): boolean {
    return this.#meta.consent ?? (this.config?.consent ?? this.#o.consent) === 'implied';
  }

  /** Reporting also stops under Global Privacy Control. */
  #context(): OutcomeContext | null {
    const c = this.config;
    const gpc = (globalThis.navigator as { globalPrivacyControl?: boolean } | undefined)?.globalPrivacyControl;
    return c && this.#canStore && gpc !== true
      ? { epsilon: c.privacy.epsilon, attributionDays: c.attributionDays, now: this.#o.now(), random: this.#o.random }
      : null;
  }

  #report(make: (ctx: OutcomeContext) => ReturnType<typeof exposureReports>): void {
    const ctx = this.#context();
    if (!ctx) return;
    this.#reporter.add(make(ctx));
    for (const a of this.#assignments.values()) this.#db.pending.assignments.push(a);
  }

  #closeWindows(): void {
    this.#report((ctx) => closedWindowReports(this.#assignments.values(), ctx));
  }

  track(type: unknown, props?: unknown): Promise<Outcome> {
    try {
      const result = normaliseEvent(type, props, this.#o.now());
      if (!result.ok) this.#log('warn', result.reason);
      else if (this.#loaded) this.#apply(result.value);
      else this.#early.push(result.value);
      return Promise.resolve(result.ok ? { ok: true } : result);
    } catch (error) {
      return Promise.resolve(this.#fail('track', error));
    }
  }

  #apply(event: StoredEvent): void {
    applyEvent(this.#state, event);
    // A page_view starts a new page (GA4 single-page shops send one per route): its offer limit starts afresh.
    if (event.type === 'page_view') this.#page = newPage();
    this.#db.pending.events.push(event);
    this.#db.pending.state = this.#state;
    if (this.#tabs) {
      this.#toTabs.push(event);
      this.#toTabsTimer ??= setTimeout(() => this.#tellTabs(), 50);
    }
    if (event.type === 'purchase') {
      const revenue = event.value ?? event.items.reduce((s, i) => s + (i.price ?? 0) * (i.quantity ?? 1), 0);
      this.#report((ctx) => purchaseReports(this.#assignments.values(), revenue, ctx));
    }
    this.#db.schedule();
    this.#events.emit('track', event);
  }

  async decide(slot: unknown): Promise<Decision | null> {
    try {
      if (typeof slot !== 'string' || !slot) throw new TypeError(`expected a slot name such as "hero", received ${JSON.stringify(slot)}`);
      await this.ready;
      const config = this.config;
      if (!config) return null;
      const now = this.#o.now();
      this.#db.pending.deviceKey = this.#deviceKey ??= newDeviceKey();
      const out = await decideSlot({
        config, offers: this.#offers, state: this.#state, profile: refresh(this.#state, now), slot,
        deviceKey: this.#deviceKey, assignments: this.#assignments, page: this.#page, now, random: this.#o.random,
        models: { baseUrl: this.#o.api },
        onModelError: (id, error) => this.#log('warn', `model ${id} failed, using the prior`, error),
      });
      const a = out.assignment;
      if (a) {
        this.#assignments.set(a.experiment, a);
        a.exposedAt = now;
        this.#report((ctx) => exposureReports(a, ctx));
        this.#db.pending.assignments.push(a);
      }
      const offer = out.decision && this.#offers.find((c) => c.offer.id === out.decision!.offerId)!.offer;
      if (offer) {
        recordExposure(this.#state, offer.id, now);
        this.#page.offers.add(offer.id);
        if (offer.category !== undefined) this.#page.categories.add(offer.category);
        this.#db.pending.state = this.#state;
      }
      this.#db.schedule();
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
    return Promise.resolve(this.#explanations.get(slot as string) ?? null);
  }

  async consent(granted: unknown): Promise<Outcome> {
    if (typeof granted !== 'boolean') return this.#fail('consent', `expected true or false, received ${JSON.stringify(granted)}`);
    await this.ready;
    this.#meta.consent = granted;
    if (granted) Object.assign(this.#db.pending, this.#everything());
    else {
      // An opt-out keeps only the opt-out itself: whatever waited to be stored or sent is dropped.
      this.#reporter.outbox.clear();
      this.#db.pending = emptyBatch();
      await this.#db.store?.commit({ ...emptyBatch(), meta: this.#meta, outbox: [] }).catch(() => {});
    }
    await this.#db.persist();
    this.#tabs?.postMessage({ consent: granted });
    this.#events.emit('consent', granted);
    return { ok: true };
  }

  /** Every record but the events, for a store that starts empty. */
  #everything(): Partial<WriteBatch> {
    return {
      state: this.#state, meta: this.#meta, assignments: [...this.#assignments.values()], outbox: this.#reporter.outbox.batches,
      ...(this.#deviceKey ? { deviceKey: this.#deviceKey } : {}), ...(this.#cached ? { config: this.#cached } : {}),
    };
  }

  /** Writes everything pending and sends due outcome batches now (also run on pagehide). */
  async flush(): Promise<{ ok: true; sent: number } | { ok: false; reason: string }> {
    try {
      await this.ready;
      this.#tellTabs();
      this.#closeWindows();
      await this.#db.persist();
      const sent = await this.#reporter.send();
      await this.#db.persist();
      return { ok: true, sent };
    } catch (error) {
      return this.#fail('flush', error);
    }
  }

  /** Everything the device holds about the shopper, as JSON. */
  async exportData(): Promise<ExportedData> {
    await this.ready;
    await this.#db.persist();
    // Whatever is in the store is exported, also after an opt-out stopped further writes.
    const stored = await this.#db.store?.dump().catch(() => null);
    const data: ExportedData = stored
      ? { ...stored, events: [...stored.events, ...this.#db.pending.events] }
      : {
          storage: 'memory', events: this.#db.pending.events, profile: null, deviceKey: this.#deviceKey, meta: this.#meta,
          assignments: [...this.#assignments.values()], outbox: this.#reporter.outbox.batches, config: this.#cached,
        };
    return JSON.parse(JSON.stringify({ ...data, profile: this.#state }));
  }

  /** Erases every store and the device key; the SDK carries on as for a new shopper. */
  async forget(): Promise<Outcome> {
    try {
      await this.ready;
      this.#reset();
      await this.#db.store?.clear();
      this.#tabs?.postMessage({ forget: true });
      this.#events.emit('forget');
      return { ok: true };
    } catch (error) {
      return this.#fail('forget', error);
    }
  }

  #tellTabs(): void {
    clearTimeout(this.#toTabsTimer!);
    this.#toTabsTimer = null;
    if (this.#toTabs.length) this.#tabs?.postMessage({ events: this.#toTabs.splice(0) });
  }

  /** Back to a new shopper in memory: nothing pending, no profile, no device key, no assignments. */
  #reset(): void {
    this.#db.pending = emptyBatch();
    this.#toTabs = [];
    this.#reporter.outbox.clear();
    this.#state = emptyState(this.#o.now());
    this.#deviceKey = null;
    this.#assignments.clear();
    this.#explanations.clear();
    this.#meta = { droppedReports: 0, consent: null };
  }

  on(event: string, fn: (payload: unknown) => void): () => void {
    return this.#events.on(event, fn);
  }

  #fail(call: string, error: unknown): { ok: false; reason: string } {
    const reason = `${call}: ${error instanceof Error ? error.message : error}`;
    this.#log('error', reason, error);
    return { ok: false, reason };
  }
}
