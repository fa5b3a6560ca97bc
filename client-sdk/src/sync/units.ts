// Units and their report sets: a unit (an experiment exposure, a holdback decision) is opened against the
// per-device daily ε budget, and once its window has closed it yields exactly one report set, made from the
// purchases stored in the window through the two mechanisms. In the script tag this is part of sdk-send.js.
import type { ClosingReport, OpeningReport, ValueOutcome, ValueReportOpen } from '../../../protocol/outcomes.ts';
import { randomiseBit, randomiseCategory, roundToLevel } from '../../../stats/randomised-response.ts';
import type { DeviceConfig } from '../../../protocol/device-config.ts';
import type { StoredEvent } from '../events/index.ts';
import { dayOf, eventValue } from '../profile/index.ts';
import { ask, done, type Budget, type OutboxBatch, type Store, type Unit } from '../store/index.ts';
import { addReports, type Outbox } from './outbox.ts';

const DAY = 86_400_000;

/** Equal to UNIT_KINDS in protocol/outcomes.ts (here so the bundle does not pull in zod): opening -> closing kind. */
export const CLOSES = { exposure: 'outcome', holdback: 'holdback-outcome', value: 'value-outcome' } as const;

/** What reporting needs from the config and the clock. */
export interface OutcomeContext {
  privacy: DeviceConfig['privacy'];
  attributionDays: number;
  holdbackDays: number;
  now: number;
  random: () => number;
}

/** Where units live: IndexedDB (the truth, shared by the shop's tabs) or, without it, the client's memory. */
export interface UnitPlace {
  store: Store | null;
  /** Memory: units, the budget, and the event log when there is no store. */
  memory: { units: Unit[]; budget: Budget | null; events: StoredEvent[] };
}

/**
 * ε one report set costs: the conversion bit's plus the revenue level's (sequential composition).
 * @example unitEpsilon({ epsilon: Math.log(3), revenueEpsilon: Math.log(3), ... }) // ln 9
 */
export function unitEpsilon(privacy: DeviceConfig['privacy']): number {
  return privacy.epsilon + privacy.revenueEpsilon;
}

/**
 * Spends `cost` from the budget of the UTC day of `now`, or returns null when it would exceed `dailyEpsilon` (or
 * the config states no budget): then nothing is opened. The kinds of report added later share this one budget.
 * @example const next = spend(budget, 2.2, Date.now(), 7) // { day, spent } or null
 */
export function spend(budget: Budget | null | undefined, cost: number, now: number, dailyEpsilon: number): Budget | null {
  const day = dayOf(now);
  const spent = (budget?.day === day ? budget.spent : 0) + cost;
  // Rounding: three units of ln 9 must fit a budget of 3·ln 9.
  return spent <= dailyEpsilon + 1e-9 ? { day, spent } : null;
}

/** A customer-value unit's report: its histogram cell, randomised already, and the ε that cost. */
export interface ValueCell {
  cell: number;
  epsilon: number;
}

/**
 * Opens a unit, if today's budget allows, and puts its opening report in the outbox; returns the report, or null
 * (nothing will ever be reported about this unit). With IndexedDB the budget, the unit and the outbox are read
 * and written in one transaction, so the shop's tabs share one budget and a unit never exists without its
 * opening report. The unit's window runs `days` from now. A customer-value unit (`value`) costs its own ε.
 * @example const report = await openUnit(place, { kind: 'holdback', offer: 'o', decile: 3, shown: true }, ctx, 1, outbox)
 */
export async function openUnit(
  place: UnitPlace, opened: OpeningReport | ValueReportOpen, ctx: OutcomeContext, days: number, outbox: Outbox, value?: ValueCell,
): Promise<OpeningReport | ValueReportOpen | null> {
  const cost = value ? value.epsilon : unitEpsilon(ctx.privacy);
  const unit: Unit = { opened, at: ctx.now, until: ctx.now + days * DAY, ...(value ? { cell: value.cell } : {}) };
  if (!place.store) {
    const budget = spend(place.memory.budget, cost, ctx.now, ctx.privacy.dailyEpsilon);
    if (!budget) return null;
    place.memory.budget = budget;
    place.memory.units.push(unit);
    addReports(outbox, [opened], dayOf(ctx.now), ctx.now);
    return opened;
  }
  const tx = place.store.db.transaction(['profile', 'units', 'outbox'], 'readwrite');
  const committed = done(tx);
  const budget = spend((await ask(tx.objectStore('profile').get('budget'))) as Budget | undefined, cost, ctx.now, ctx.privacy.dailyEpsilon);
  if (budget) {
    void tx.objectStore('profile').put(budget, 'budget');
    void tx.objectStore('units').add(unit);
    addReports(outbox, [opened], dayOf(ctx.now), ctx.now);
    writeOutbox(tx.objectStore('outbox'), outbox);
  }
  await committed;
  return budget && opened;
}

/** The whole outbox, replacing what is stored (as the client's own writes do), inside the caller's transaction. */
function writeOutbox(store: { clear(): unknown; put(value: OutboxBatch): unknown }, outbox: Outbox): void {
  void store.clear();
  for (const batch of outbox.batches) void store.put(batch);
}

/**
 * The report set of a closed unit: its labels, the day it opened, and both randomised fields, for buyers and
 * non-buyers alike. `purchases` are the purchase events in its window.
 * @example reportSet(unit, [], ctx) // { kind: 'outcome', ..., conversion: 0 or 1, revenue: level index }
 */
export function reportSet(unit: Unit & { opened: OpeningReport }, purchases: readonly StoredEvent[], ctx: OutcomeContext): ClosingReport {
  const { epsilon, revenueEpsilon, revenueLevels } = ctx.privacy;
  const revenue = purchases.reduce((sum, e) => sum + eventValue(e), 0);
  const level = roundToLevel(revenue, revenueLevels, ctx.random);
  return {
    ...unit.opened,
    kind: CLOSES[unit.opened.kind] as ClosingReport['kind'],
    exposed: dayOf(unit.at),
    conversion: randomiseBit(purchases.length ? 1 : 0, epsilon, ctx.random),
    revenue: randomiseCategory(level, revenueLevels.length, revenueEpsilon, ctx.random),
  } as ClosingReport;
}

/** A customer-value unit's report set: its period and its cell, randomised when the unit opened. */
const valueSet = (u: Unit & { opened: ValueReportOpen }): ValueOutcome => ({ kind: CLOSES.value, period: u.opened.period, cell: u.cell ?? 0 });

/** The report set of any closed unit. */
const closing = (u: Unit, purchases: readonly StoredEvent[], ctx: OutcomeContext): ClosingReport | ValueOutcome =>
  u.opened.kind === 'value' ? valueSet(u as Unit & { opened: ValueReportOpen }) : reportSet(u as Unit & { opened: OpeningReport }, purchases, ctx);

const inWindow = (u: Unit) => (e: StoredEvent) => e.type === 'purchase' && e.t >= u.at && e.t < u.until;

/**
 * Closes every unit whose window has ended: its report set goes into the outbox and the unit is deleted, in one
 * IndexedDB transaction with the outbox, so a unit is reported exactly once even when two tabs close at once
 * (their read-write transactions run one after the other). Returns the report sets made.
 * @example const sets = await closeUnits(place, ctx, outbox)
 */
export async function closeUnits(place: UnitPlace, ctx: OutcomeContext, outbox: Outbox): Promise<(ClosingReport | ValueOutcome)[]> {
  const day = dayOf(ctx.now);
  if (!place.store) {
    const due = place.memory.units.filter((u) => u.until <= ctx.now);
    place.memory.units = place.memory.units.filter((u) => u.until > ctx.now);
    const sets = due.map((u) => closing(u, place.memory.events.filter(inWindow(u)), ctx));
    if (sets.length) addReports(outbox, sets, day, ctx.now);
    return sets;
  }
  const tx = place.store.db.transaction(['units', 'events', 'outbox'], 'readwrite');
  const committed = done(tx);
  const due = (await ask(tx.objectStore('units').index('until').getAll(IDBKeyRange.upperBound(ctx.now)))) as Unit[];
  const sets: (ClosingReport | ValueOutcome)[] = [];
  for (const u of due) {
    // A window of 0 days holds no purchase (and IDBKeyRange refuses an empty half-open range).
    const events: StoredEvent[] = u.until > u.at ? await ask(tx.objectStore('events').index('t').getAll(IDBKeyRange.bound(u.at, u.until, false, true))) : [];
    sets.push(closing(u, events.filter(inWindow(u)), ctx));
    void tx.objectStore('units').delete(u.id!);
  }
  if (sets.length) {
    addReports(outbox, sets, day, ctx.now);
    writeOutbox(tx.objectStore('outbox'), outbox);
  }
  await committed;
  return sets;
}
