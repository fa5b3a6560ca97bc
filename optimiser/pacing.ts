// Budget pacing in the dual: each night the edge moves the budget price λ and the unit prices ν_o by what the shop's
// books say was spent and redeemed yesterday against what the budget and units left allow per day. Aggregate
// figures only: no shopper-level data enters.

/** One offer's units (redemptions) in the period, from the books. */
export interface UnitBooks {
  /** Units in the period; null is unlimited. */
  cap: number | null;
  /** Redeemed so far in the period. */
  used: number;
  /** Redeemed on the last day. */
  usedLastDay: number;
}

export interface PacingInput {
  /** The period's budget the prices plan with (the hard budget less any reserve). */
  budget: number;
  /** Spent so far in the period, and on the last day (the books). */
  spent: number;
  spentLastDay: number;
  /** Days left in the period, today included (at least 1). */
  daysLeft: number;
  /** The prices in force on the last day: λ per unit of budget, ν_o per unit of offer o. */
  lambda: number;
  nu: Readonly<Record<string, number>>;
  units: Readonly<Record<string, UnitBooks>>;
  /** Offer id -> cost of one redemption: a unit's price is compared with what it costs. */
  redemptionCost: Readonly<Record<string, number>>;
  /** Step of the multiplicative update (mirror descent with an entropy map). Default 1. */
  step?: number;
}

export interface PacingResult {
  lambda: number;
  nu: Record<string, number>;
  /** What each price was steered to: the spend or units per day that the budget or units left allow. */
  targets: { spendPerDay: number; unitsPerDay: Record<string, number> };
}

/** A price this small is 0, and a price at 0 restarts from this when the spend overshoots. */
export const LAMBDA_FLOOR = 0.02;
/** Budget prices beyond this price every discount out. */
export const LAMBDA_CAP = 50;
/**
 * The guard against overrun: when what is left would not cover this many more days like the last one, the price is
 * the cap (the spend of one day can exceed a budget the books say is not yet gone: the shop stops offers only once
 * they show it spent).
 */
export const GUARD_DAYS = 1.5;

/**
 * One multiplicative step: price' = max(price, floor)·(used / allowed)^step, 0 below the floor, the cap above it.
 * Spending above what is allowed per day raises the price, below lowers it; allowed is what is left over the days
 * left, so yesterday's error is corrected over the rest of the period (dual mirror descent on the budget row).
 */
function step(price: number, used: number, allowed: number, floor: number, cap: number, eta: number): number {
  if (allowed <= 0) return cap;
  const ratio = Math.min(8, Math.max(0.125, used / allowed));
  const next = Math.max(price, floor) * Math.pow(ratio, eta);
  return next < floor ? 0 : Math.min(cap, next);
}

/**
 * Tomorrow's prices from today's prices and the books. λ is steered so that spend per day meets the budget left over
 * the days left; each limited offer's ν so that its redemptions per day meet its units left over the days left (its
 * floor and cap scale with the offer's cost per redemption, so that ν means the same for a cheap and a dear offer).
 * When what is left would not cover GUARD_DAYS more days like the last one, the price is the cap.
 * @example paceDuals({ budget: 900, spent: 300, spentLastDay: 60, daysLeft: 10, lambda: 0.4, nu: {}, units: {}, redemptionCost: {} }).lambda // 0.4 (on pace)
 */
export function paceDuals(input: PacingInput): PacingResult {
  const eta = input.step ?? 1;
  const days = Math.max(1, input.daysLeft);
  const spendPerDay = Math.max(0, input.budget - input.spent) / days;
  const left = input.budget - input.spent;
  const lambda = left < GUARD_DAYS * input.spentLastDay ? LAMBDA_CAP : step(input.lambda, input.spentLastDay, spendPerDay, LAMBDA_FLOOR, LAMBDA_CAP, eta);
  const nu: Record<string, number> = {};
  const unitsPerDay: Record<string, number> = {};
  for (const [id, books] of Object.entries(input.units)) {
    if (books.cap === null) {
      nu[id] = 0;
      continue;
    }
    // A unit's price is in currency: scale its floor and cap by what a redemption is worth to the shop.
    const scale = Math.max(1, input.redemptionCost[id] ?? 1);
    unitsPerDay[id] = Math.max(0, books.cap - books.used) / days;
    // A unit more than one more day like the last one leaves is too few: the offer is priced out.
    nu[id] = books.cap - books.used < GUARD_DAYS * books.usedLastDay + 1
      ? LAMBDA_CAP * scale
      : step(input.nu[id] ?? 0, books.usedLastDay, unitsPerDay[id]!, LAMBDA_FLOOR * scale, LAMBDA_CAP * scale, eta);
  }
  return { lambda, nu, targets: { spendPerDay, unitsPerDay } };
}

/**
 * Prices per redemption for devices: λ·redemptionCost_o + ν_o (a device charges an offer pT times this).
 * @example pricesPerRedemption(0.5, { coupon: 2 }, { coupon: 10, content: 0 }) // { coupon: 7, content: 0 }
 */
export function pricesPerRedemption(lambda: number, nu: Readonly<Record<string, number>>, redemptionCost: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(redemptionCost).map(([id, cost]) => [id, lambda * cost + (nu[id] ?? 0)]));
}

/** One day of a past period: the budget price in force, and what the books say was spent. */
export interface PacedDay {
  lambda: number;
  spend: number;
}

/**
 * The budget price a new period should start at, learnt from the last period's books: the spend curve
 * ln spend = a − b·λ fitted by least squares to the days with some spend, solved for the budget per day. A period
 * paced from the plan spends its first days learning this; one that starts here does not. Null when the days do
 * not pin a falling curve down (fewer than 5 days with spend, or spend that does not fall as λ rises).
 * @example startingLambda(days, 900 / 30) // 0.35
 */
export function startingLambda(days: readonly PacedDay[], spendPerDay: number): number | null {
  const points = days.filter((d) => d.spend > 0 && Number.isFinite(d.lambda));
  if (points.length < 5 || !(spendPerDay > 0)) return null;
  const n = points.length;
  const mx = points.reduce((a, d) => a + d.lambda, 0) / n;
  const my = points.reduce((a, d) => a + Math.log(d.spend), 0) / n;
  const sxx = points.reduce((a, d) => a + (d.lambda - mx) ** 2, 0);
  const sxy = points.reduce((a, d) => a + (d.lambda - mx) * (Math.log(d.spend) - my), 0);
  if (sxx <= 0) return null;
  const b = -sxy / sxx;
  if (!(b > 0)) return null;
  const a = my + b * mx;
  return Math.min(LAMBDA_CAP, Math.max(0, (a - Math.log(spendPerDay)) / b));
}
