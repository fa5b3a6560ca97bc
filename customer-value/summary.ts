// From a shop's transactions to what the models read per shopper, as the papers count it: purchases are grouped
// by customer and calendar day (several orders on one day are one purchase, their values summed), x counts the
// purchase days after the first, and the first purchase's value is left out of the mean spend.
import type { CustomerHistory } from './forecast.ts';

const DAY_MS = 86_400_000;

/** One order line or order: who, which calendar day (days since 1970-01-01), and its value (may be 0). */
export interface Transaction {
  customer: string;
  day: number;
  value: number;
}

/** One shopper's calibration summary, and what they did in the holdout period when there is one. */
export interface CustomerRecord extends CustomerHistory {
  id: string;
  /** Day of the first purchase (days since 1970-01-01). */
  firstDay: number;
  /** Purchase days in the holdout period (calibrationEnd, observationEnd]. */
  holdoutPurchases: number;
  /** Value bought in the holdout period. */
  holdoutValue: number;
}

export interface SummaryOptions {
  /** Last day of the calibration period (inclusive), days since 1970-01-01. */
  calibrationEnd: number;
  /** Last day of the holdout period (inclusive); default: no holdout. */
  observationEnd?: number;
  /** Days in the model's time unit (1 or 7). */
  unitDays: number;
}

/**
 * Days since 1970-01-01 of a date written YYYYMMDD, YYYY-MM-DD or an ISO date-time (its calendar day as written,
 * the shop's own day, never shifted to another zone); NaN when it is none of these or not a real date.
 * @example dayNumber('1997-01-02') // 9863
 */
export function dayNumber(text: string): number {
  const m = /^\s*(\d{4})-?(\d{2})-?(\d{2})(?:$|[T\s])/.exec(text);
  if (!m) return Number.NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? t / DAY_MS : Number.NaN;
}

/**
 * The ISO date (YYYY-MM-DD) of a day number.
 * @example isoDay(9863) // '1997-01-02'
 */
export const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * Summarises transactions per customer: x, t_x, T (in the time unit, T up to the calibration end), the mean value
 * m of the repeat purchase days, and the holdout purchases. Customers whose first purchase falls after the
 * calibration end are not in the cohort and are left out, as in the papers.
 * @example summariseTransactions(rows, { calibrationEnd: dayNumber('1997-09-30'), observationEnd: dayNumber('1998-06-30'), unitDays: 7 })
 */
export function summariseTransactions(transactions: Iterable<Transaction>, options: SummaryOptions): CustomerRecord[] {
  const { calibrationEnd, unitDays } = options;
  const end = options.observationEnd ?? calibrationEnd;
  if (end < calibrationEnd) throw new RangeError(`the observation end (${isoDay(end)}) is before the calibration end (${isoDay(calibrationEnd)})`);
  const byCustomer = new Map<string, Map<number, number>>();
  for (const t of transactions) {
    if (t.day > end) continue;
    let days = byCustomer.get(t.customer);
    if (!days) byCustomer.set(t.customer, (days = new Map()));
    days.set(t.day, (days.get(t.day) ?? 0) + t.value);
  }
  const out: CustomerRecord[] = [];
  for (const [id, days] of byCustomer) {
    const sorted = [...days.keys()].sort((p, q) => p - q);
    const first = sorted[0]!;
    if (first > calibrationEnd) continue;
    let x = 0;
    let last = first;
    let repeatValue = 0;
    let holdoutPurchases = 0;
    let holdoutValue = 0;
    for (const day of sorted) {
      if (day > calibrationEnd) {
        holdoutPurchases++;
        holdoutValue += days.get(day)!;
      } else if (day > first) {
        x++;
        last = day;
        repeatValue += days.get(day)!;
      }
    }
    out.push({
      id, firstDay: first, x, tx: (last - first) / unitDays, T: (calibrationEnd - first) / unitDays, m: x ? repeatValue / x : 0,
      holdoutPurchases, holdoutValue,
    });
  }
  return out;
}
