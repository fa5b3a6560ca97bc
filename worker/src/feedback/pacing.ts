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
 * Steps the prices once for every day of the books in the current budget period that the state has not taken in
 * (a state of an earlier period first moves to the budget price that period's books point to),
 * oldest first (a day missed by the cron is caught up), each against the budget and units left over the days left
 * after it. Days before the period, and today (not closed yet), are ignored. Null when the config has no budget
 * period: pacing needs one.
 * @example const next = paceFromBooks(config, state, await listBooks(db, site, periodStart), new Date())
 */
export function paceFromBooks(config: SiteConfig, state: PacingState, books: readonly BooksEntry[], now: Date): PacingState | null {
  const { periodStart, periodEnd } = config.constraints;
  if (!periodStart || !periodEnd) return null;
  const start = Date.parse(periodStart);
  const end = Date.parse(periodEnd);
  const first = dayOf(start);
  const today = dayOf(now.getTime());
  const inPeriod = books.filter((b) => b.day >= first && b.day < today && Date.parse(b.day) < end);
  // A new period starts where the last period's books put the budget price (optimiser/pacing.ts startingLambda).
  const days = Math.max(1, Math.round((end - start) / DAY));
  let next: PacingState = state.periodStart === periodStart
    ? state
    : { ...state, lambda: startingLambda(state.days ?? [], config.constraints.budget / days) ?? state.lambda, booksThrough: null, periodStart, days: [] };
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
