// Budget pacing at the edge: the prices λ (budget) and ν_o (units) stepped once per day of the shop's books
// (optimiser/pacing.ts), starting from the LP's duals; the state travels with each publication's pricing detail.
import { paceDuals, pricesPerRedemption, startingLambda, type PacedDay } from '../../../optimiser/index.ts';
import { redemptionCostOf } from '../../../protocol/economics.ts';
import type { BooksEntry, SiteConfig } from '../../../protocol/index.ts';

/** Where pacing stands: the prices in force and the last day of the books they have taken in. */
export interface PacingState {
  lambda: number;
  nu: Record<string, number>;
  /** The last books day stepped on (YYYY-MM-DD), or null before any. */
  booksThrough: string | null;
  /** The budget period the state belongs to (its start). */
  periodStart: string;
  /** The budget price in force on each books day of the period taken in, and that day's spend: the next period's start. */
  days?: PacedDay[];
}

const DAY = 86_400_000;
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Each offer's cost of one redemption, as devices are told it. */
export function redemptionCosts(config: SiteConfig): Record<string, number> {
  return Object.fromEntries(config.offers.map((o) => [o.id, redemptionCostOf(o, config.economics) ?? 0]));
}

/**
 * The state a budget period starts from: `state` itself while its period is the config's; for a new period, the
 * budget price where the last period's books put it (optimiser/pacing.ts startingLambda; else where pacing ended)
 * and unit prices from `planNu` (the LP's unit duals: a new period's units are full again), with no books taken in.
 * Null when the config has no budget period.
 * @example const start = enterPeriod(config, kept, lp.duals.inventory) // at the publish of a new period
 */
export function enterPeriod(config: SiteConfig, state: PacingState, planNu: Readonly<Record<string, number>> = {}): PacingState | null {
  const { periodStart, periodEnd, budget } = config.constraints;
  if (!periodStart || !periodEnd) return null;
  if (state.periodStart === periodStart) return state;
  const days = Math.max(1, Math.round((Date.parse(periodEnd) - Date.parse(periodStart)) / DAY));
  return { lambda: startingLambda(state.days ?? [], budget / days) ?? state.lambda, nu: { ...planNu }, booksThrough: null, periodStart, days: [] };
}

/**
 * Steps the prices once for every day of the books in the current budget period that the state has not taken in
 * (a state of an earlier period first moves to the budget price that period's books point to),
 * oldest first (a day missed by the cron is caught up), each against the budget and units left over the days left
 * after it. Days before the period, and today (not closed yet), are ignored. Null when the config has no budget
 * period: pacing needs one. A state of an earlier period first enters this one (`enterPeriod`, with `planNu`).
 * @example const next = paceFromBooks(config, state, await listBooks(db, site, periodStart), new Date(), duals.inventory)
 */
export function paceFromBooks(config: SiteConfig, state: PacingState, books: readonly BooksEntry[], now: Date, planNu: Readonly<Record<string, number>> = {}): PacingState | null {
  const entered = enterPeriod(config, state, planNu);
  if (!entered) return null;
  let next = entered;
  const periodStart = entered.periodStart;
  const end = Date.parse(config.constraints.periodEnd!);
  const first = dayOf(Date.parse(periodStart));
  const today = dayOf(now.getTime());
  const inPeriod = books.filter((b) => b.day >= first && b.day < today && Date.parse(b.day) < end);
  const costs = redemptionCosts(config);
  let spent = 0;
  const used: Record<string, number> = {};
  for (const b of inPeriod) {
    spent += b.spend;
    for (const [id, n] of Object.entries(b.redemptions)) used[id] = (used[id] ?? 0) + n;
    if (next.booksThrough !== null && b.day <= next.booksThrough) continue;
    const daysLeft = Math.max(1, Math.ceil((end - (Date.parse(b.day) + DAY)) / DAY));
    const units = Object.fromEntries(config.offers.map((o) => [o.id, { cap: o.inventory, used: used[o.id] ?? 0, usedLastDay: b.redemptions[o.id] ?? 0 }]));
    const paced = paceDuals({
      budget: config.constraints.budget, spent, spentLastDay: b.spend, daysLeft, lambda: next.lambda, nu: next.nu, units, redemptionCost: costs,
    });
    next = { lambda: paced.lambda, nu: paced.nu, booksThrough: b.day, periodStart, days: [...(next.days ?? []), { lambda: next.lambda, spend: b.spend }] };
  }
  return next;
}

/**
 * The device prices of a pacing state: per redemption, λ·redemptionCost + ν_o for every offer of the config.
 * @example pacedPrices(config, state) // { 'women-15': 3.1, ... }
 */
export function pacedPrices(config: SiteConfig, state: PacingState): Record<string, number> {
  return pricesPerRedemption(state.lambda, state.nu, redemptionCosts(config));
}
