// The SDK's core: stored data, config, track() and decide(), and outcome reporting; other tabs (tabs.ts), shopper
// controls (controls.ts) and exportData (export.ts) sit beside it.
import type { DeviceConfig } from '../../../protocol/device-config.ts';
import { diagnoseFetchFailure } from '../config/diagnose.ts';
import { checkConfig, fetchConfig } from '../config/index.ts';
import { usesRareOperators, warmOperators } from '../conditions/index.ts';
import { compileOffers, decide, explainDecision, type CompiledOffer, type Decision, type DecisionTrace, type Explanation, type PageState } from '../decide/index.ts';
import { normaliseEvent, type StoredEvent } from '../events/index.ts';
import { newDeviceKey } from '../experiments/index.ts';
import { applyEvent, emptyState, recordExposure, refresh, type ProfileState } from '../profile/index.ts';
import { customerValue } from '../profile/value.ts';
import type { Assignment, CachedConfig, ExportedData, Meta } from '../store/index.ts';
import { Outbox, Reporter, type OutcomeContext, type UnitPlace } from '../sync/index.ts';
// The reporting part (sdk-send.js in the script tag): units are opened and closed there, off the decision path.
import { closeUnits, openUnit } from '../sync/deliver.ts';
import type { OpeningReport, ValueReportOpen } from '../../../protocol/outcomes.ts';
import type { ValueCell } from '../sync/units.ts';
import { emitter } from './emitter.ts';
import { Persistence } from './persistence.ts';
import { Tabs, type TabMessage } from './tabs.ts';
import { everything, forgetAll, reset, setConsent } from './controls.ts';
import { exportAll } from './export.ts';
import type { ResolvedOptions } from './options.ts';

/**
 * A holdback decision as decide() returns it (issue 11): the offer, the decile of its predicted uplift, and whether
 * it was shown (false: held back, nothing shown). Each one opens a holdback unit.
 */
export interface HoldbackDecision {
  offerId: string;
  decile: number;
  shown: boolean;
}

/** Why a call did not do its work. */
export type Failure = { ok: false; reason: string };

/** `{ ok: true }` or why not. */
export type Outcome = { ok: true } | Failure;

export interface ReadyState {
  storage: 'indexeddb' | 'memory';
  /** The config version in use, or null when none arrived in time. */
  configVersion: number | null;
}

/** One page view: its offer limits, and its decisions per slot (asked again, a slot gets the same answer). */
type Page = PageState & { decided: Map<unknown, Promise<Decision | null>> };
const newPage = (): Page => ({ offers: new Set(), categories: new Set(), decided: new Map() });

/**
 * One running SDK. Members starting with `_` are internal: shared with controls.ts and export.ts, shortened in the
 * script tag (build.mjs, mangleProps), and out of pages' reach (they get bound methods only, sdk/index.ts).
 * @example const client = new Client(resolveOptions({ site: 'acme', api: 'https://edge.example' }))
 */
export class Client {
  readonly ready: Promise<ReadyState>;
  _state: ProfileState;
  _deviceKey: string | null = null;
  _meta: Meta = { droppedReports: 0, consent: null };
  _assignments = new Map<string, Assignment>();
  /** Units and budget in memory, used only without IndexedDB: with it, the store is the truth for every tab. */
  _mem: UnitPlace['memory'] = { units: [], budget: null, events: [] };
  /** Units being opened: flush() waits for them. */
  _opening: Promise<unknown> = Promise.resolve();
  _cached: CachedConfig | null = null;
  _offers: CompiledOffer[] = [];
  /** The rare condition operators' part (sdk-operators.js), once a config's rules use one: whether it loaded. */
  _ops: Promise<boolean> | null = null;
  _loaded = false;
  _early: StoredEvent[] = [];
  /** The last decision per slot, for explain(). */
  _traces = new Map<string, DecisionTrace>();
  _page = newPage();
  _events = emitter();
  _reporter: Reporter;
  _db: Persistence;
  _tabs: Tabs;
  readonly _o: ResolvedOptions;

  constructor(o: ResolvedOptions) {
    this._o = o;
    this._state = emptyState(o.now());
    const warn = (m: string) => this._log('warn', m);
    const outboxChanged = () => {
      // Reports dropped from a full outbox are counted, and the count is kept with the other bookkeeping.
      if (this._meta.droppedReports !== this._reporter.outbox.dropped) {
        this._meta.droppedReports = this._reporter.outbox.dropped;
        this._db.pending.meta = this._meta;
      }
      this._db.pending.outbox = this._reporter.outbox.batches;
      this._db.schedule();
    };
    this._reporter = new Reporter({ ...o, changed: outboxChanged, log: warn, allowed: () => !!this._context() });
    this._db = new Persistence({
      ...o, warn, canStore: () => this._loaded && this._canStore, everything: () => everything(this),
    });
    this._tabs = new Tabs(o.site, (message) => this._fromTab(message));
    this.ready = this._start();
  }

  /**
   * Another tab's news. Its events fold into this tab's profile (that tab stores them), and its forget() or
   * consent reaches here too: otherwise this tab would write its old profile back on its next save.
   */
  _fromTab(message: TabMessage): void {
    if (message.events) {
      for (const event of message.events) applyEvent(this._state, event);
      this._db.pending.state = this._state;
    } else if (message.forget) reset(this);
    else if (typeof message.consent === 'boolean') this._meta.consent = message.consent;
  }

  _log(level: 'debug' | 'warn' | 'error', message: string, detail?: unknown): void {
    if (this._o.debug) this._o.logger(level, message, detail);
  }

  get config(): DeviceConfig | null {
    return this._cached?.config ?? null;
  }

  async _start(): Promise<ReadyState> {
    await this._db.open(false);
    try {
      const s = await this._db.store?.load();
      if (s) {
        this._state = s.state ?? this._state;
        this._deviceKey = s.deviceKey;
        this._meta = s.meta ?? this._meta;
        for (const a of s.assignments) this._assignments.set(a.experiment, a);
        this._mem.budget = s.budget;
        this._reporter.outbox = new Outbox(s.outbox, this._meta.droppedReports);
        // A config cached by an older SDK is held to today's checks: one with `content: null` offers is not used.
        if (s.config && typeof checkConfig(s.config.config) !== 'string') this._adopt(s.config);
      }
    } catch (error) {
      this._log('warn', `stored data unreadable, running from memory: ${error}`);
      this._db.store = null;
    }
    this._loaded = true;
    for (const event of this._early.splice(0)) this._apply(event);
    const revalidating = this._revalidate();
    if (!this._cached) {
      let timer;
      await Promise.race([revalidating, new Promise((r) => (timer = setTimeout(r, this._o.configTimeoutMs)))]);
      clearTimeout(timer);
    }
    void this._closeWindows().catch((error) => this._log('warn', `reporting: ${error}`));
    // A page that may report (a running experiment, or assignments from earlier pages) gets the sending code now.
    if (this._context() && (this._assignments.size || this.config!.experiments.length)) this._reporter.prepare();
    await this._db.persist();
    setTimeout(() => void this._db.prune(), 3000);
    const ready: ReadyState = { storage: this._db.store ? 'indexeddb' : 'memory', configVersion: this.config?.version ?? null };
    this._events.emit('ready', ready);
    this._log('debug', 'ready', ready);
    return ready;
  }

  _adopt(cached: CachedConfig): void {
    this._offers = compileOffers(cached.config);
    this._cached = cached;
    // Fetched as the config is adopted, on every page of such a site: what it depends on is the site's rules,
    // never the shopper (a fetch only for some shoppers would tell the edge about them).
    if (usesRareOperators(cached.config)) this._ops ??= warmOperators().then(() => true, () => false);
  }

  async _revalidate(): Promise<void> {
    const result = await fetchConfig(this._o.api, this._o.site, this._cached?.etag ?? null, this._o.fetch);
    if (result.status === 'fresh') {
      this._adopt({ site: this._o.site, config: result.config, etag: result.etag, storedAt: this._o.now() });
      this._db.pending.config = this._cached!;
      void this._closeWindows().catch(() => {});
      // Written at once, not a batch later (nor on pagehide, whose write Chromium drops when the next page comes
      // quickly): a shopper who leaves right after it arrives would start every next page from the stale config.
      // Before the event, whose handlers may navigate away. A database not created yet is opened by _start's write.
      if (this._db.store) void this._db.persist();
      else this._db.schedule();
      this._events.emit('config', result.config.version);
    } else if (result.status === 'rejected' && this._o.debug)
      // The diagnosis is a part of its own in the script tag (sdk-debug.js); without it, the reason's code.
      this._log('warn', await diagnoseFetchFailure(result, this._o.fetch).catch(() => result.reason));
  }

  /** Storage is allowed: consent given, or implied by the site and not refused. */
  get _canStore(): boolean {
    return this._meta.consent ?? (this.config?.consent ?? this._o.consent) === 'implied';
  }

  /** Reporting also stops under Global Privacy Control. */
  _context(): OutcomeContext | null {
    const c = this.config;
    const gpc = (globalThis.navigator as { globalPrivacyControl?: boolean } | undefined)?.globalPrivacyControl;
    return c && this._canStore && gpc !== true
      ? { privacy: c.privacy, attributionDays: c.attributionDays, holdbackDays: c.holdbackDays, now: this._o.now(), random: this._o.random }
      : null;
  }

  get _place(): UnitPlace {
    // Without a store the batch's events are the whole event log.
    this._mem.events = this._db.pending.events;
    return { store: this._db.store, memory: this._mem };
  }

  /**
   * Opens a unit (budget permitting) with its opening report in the outbox; resolves whether it opened. Runs in
   * the reporting part, so the decision does not wait for it; flush() does.
   */
  _open(opened: OpeningReport | ValueReportOpen, days: 'attributionDays' | 'holdbackDays' | 0, value?: ValueCell): Promise<boolean> {
    const ctx = this._context();
    const opening = (async () => {
      const report = ctx && (await openUnit(this._place, opened, ctx, days ? ctx[days] : 0, this._reporter.outbox, value));
      if (report) this._reporter.added();
      return !!report;
    })().catch(() => false);
    this._opening = Promise.all([this._opening, opening]);
    return opening;
  }

  /** A holdback decision opens a holdback unit (budget permitting), labelled with its offer, decile and shown. */
  _recordHoldback(h: HoldbackDecision): Promise<boolean> {
    return this._open({ kind: 'holdback', offer: h.offerId, decile: h.decile, shown: h.shown }, 'holdbackDays');
  }

  /** Every unit whose window has closed yields its report set now (reporting part). */
  async _closeWindows(): Promise<void> {
    const ctx = this._context();
    if (!ctx) return;
    const sets = await closeUnits(this._place, ctx, this._reporter.outbox);
    if (sets.length) this._reporter.added();
  }

  async track(type: unknown, props?: unknown): Promise<Outcome> {
    try {
      const result = normaliseEvent(type, props, this._o.now());
      if (!result.ok) this._log('warn', result.reason);
      else if (this._loaded) this._apply(result.value);
      else this._early.push(result.value);
      return result.ok ? { ok: true } : result;
    } catch (error) {
      return this._fail('track', error);
    }
  }

  _apply(event: StoredEvent): void {
    applyEvent(this._state, event);
    // A page_view starts a new page (GA4 single-page shops send one per route): its offer limit starts afresh.
    if (event.type === 'page_view') this._page = newPage();
    this._db.pending.events.push(event);
    this._db.pending.state = this._state;
    this._tabs.share(event);
    this._db.schedule();
    this._events.emit('track', event);
  }

  /**
   * The offer for a slot. Stable within a page view: the slot's rendering and the page's own calls get the same
   * decision (and one exposure); a `page_view` starts a new page.
   */
  decide(slot: unknown): Promise<Decision | null> {
    const page = this._page;
    let decision = page.decided.get(slot);
    if (!decision) page.decided.set(slot, (decision = this._decide(slot, page)));
    return decision;
  }

  async _decide(slot: unknown, page: Page): Promise<Decision | null> {
    try {
      if (typeof slot !== 'string' || !slot) throw new TypeError(`expected a slot name such as "hero", received ${JSON.stringify(slot)}`);
      await this.ready;
      const config = this.config;
      if (!config) return null;
      const now = this._o.now();
      this._db.pending.deviceKey = this._deviceKey ??= newDeviceKey();
      // Lifetime value and the VAP tiers move with time (T grows): brought up to date before segments are matched.
      // Without its part (sdk-value.js unreachable) the decision goes on with the attributes as they were.
      // Every device of such a site loads the part, buyer or not: fetching it only after a purchase would tell the
      // edge who bought (tests/browser/outcomes-buyers.test.ts holds buyers' and non-buyers' requests equal).
      if (config.customerValue) {
        const unit = await customerValue(this._state, config, now).catch(() => {});
        // Once a period the device reports its randomised histogram cell, budget permitting (profile/value.ts).
        if (unit) void this._open(unit.opened, 0, unit), (this._db.pending.state = this._state);
      }
      // Rules with a rare operator cannot be evaluated without its part (unreachable): the page keeps its content.
      if (this._ops && !(await this._ops)) throw new Error('condition operators did not load');
      const out = await decide({
        config, offers: this._offers, state: this._state, profile: refresh(this._state, now), slot,
        deviceKey: this._deviceKey, assignments: this._assignments, page, now, random: this._o.random,
        models: { baseUrl: this._o.api }, preview: this._o.preview,
        onModelError: (id, error) => this._log('warn', `model ${id} failed, using the prior`, error),
      });
      // A QA preview stores and reports nothing: no assignment, exposure or frequency count.
      const a = out.assignment;
      if (a && !this._o.preview) {
        this._assignments.set(a.experiment, a);
        a.exposedAt = now;
        // One unit per assignment: set at once, so a second decide on this page does not open another; unset if
        // the budget (or a failed download of the reporting part) refused it, so a later exposure may open it.
        if (!a.exposureReported) {
          a.exposureReported = true;
          const { experiment, version, arm, segment } = a;
          void this._open({ kind: 'exposure', experiment, version, arm, ...(segment ? { segment } : {}) }, 'attributionDays')
            .then((opened) => {
              a.exposureReported = opened;
              this._db.pending.assignments.push(a);
              this._db.schedule();
            });
        }
        this._db.pending.assignments.push(a);
      }
      const holdback = (out as { holdback?: HoldbackDecision }).holdback;
      if (holdback) void this._recordHoldback(holdback);
      const offer = out.decision && this._offers.find((c) => c.offer.id === out.decision!.offerId)!.offer;
      if (offer) {
        if (!this._o.preview) recordExposure(this._state, offer.id, now);
        page.offers.add(offer.id);
        if (offer.category !== undefined) page.categories.add(offer.category);
        this._db.pending.state = this._state;
      }
      this._db.schedule();
      this._traces.set(slot, out.trace);
      this._events.emit('decision', { slot, decision: out.decision });
      if (this._o.debug) void this.explain(slot).then((explanation) => this._log('debug', `decide(${slot})`, explanation));
      return out.decision;
    } catch (error) {
      this._fail('decide', error);
      return null;
    }
  }

  /** The explanation of the last decision in `slot`, or null before one. */
  async explain(slot: unknown): Promise<Explanation | null> {
    const trace = this._traces.get(slot as string);
    try {
      return trace ? await explainDecision(trace) : null;
    } catch (error) {
      // In the script tag the explanation is a part of its own; a network failure must not throw into the page.
      this._fail('explain', error);
      return null;
    }
  }

  /**
   * pagehide: the page may be gone before an IndexedDB write completes, so due batches go out first (the fetch
   * starts before anything is awaited; keepalive carries it past the unload), and the write is started after.
   * A batch sent but not recorded as sent goes again from the outbox later: the edge counts a batch id once.
   */
  _leave(): void {
    if (!this._loaded) return;
    this._tabs.flush();
    void this._reporter.send();
    void this._db.persist();
  }

  /** Writes everything pending and sends due outcome batches now (also run when the page is hidden). */
  async flush(): Promise<{ ok: true; sent: number } | { ok: false; reason: string }> {
    try {
      await this.ready;
      this._tabs.flush();
      await this._opening;
      await this._db.persist();
      // A unit that cannot be closed now (the reporting part did not load) waits; what is due still goes out.
      await this._closeWindows().catch((error) => this._log('warn', `reporting: ${error}`));
      const sent = await this._reporter.send();
      await this._db.persist();
      return { ok: true, sent };
    } catch (error) {
      return this._fail('flush', error);
    }
  }

  /** Gives or refuses consent (shopper controls: controls.ts). */
  consent(granted: unknown): Promise<Outcome> {
    return setConsent(this, granted);
  }

  /** Everything the device holds about the shopper, as JSON (export.ts). */
  async exportData(): Promise<ExportedData | Failure> {
    try {
      await this.ready;
      await this._db.persist();
      return await exportAll(this);
    } catch (error) {
      return this._fail('exportData', error);
    }
  }

  /** Erases every store and the device key; the SDK carries on as for a new shopper. */
  forget(): Promise<Outcome> {
    return forgetAll(this);
  }

  on(event: string, fn: (payload: unknown) => void): () => void {
    return this._events.on(event, fn);
  }

  _fail(call: string, error: unknown): { ok: false; reason: string } {
    const reason = `${call}: ${error instanceof Error ? error.message : error}`;
    this._log('error', reason, error);
    return { ok: false, reason };
  }
}
