// How well a fit forecasts, the way the papers check it: in the calibration period, how many shoppers made 0, 1,
// 2, ... repeat purchases against what BG/NBD expects; in the holdout period, the mean number of purchases per
// shopper grouped by calibration frequency (the conditional expectations) against the forecast.
import { expectedPurchases, purchaseCountProbability, type BgNbdParams, type PurchaseSummary } from './bgnbd.ts';

/** One calibration frequency group; the last group is "k+" (k or more). */
export interface FrequencyGroup {
  frequency: string;
  customers: number;
  /** Mean purchases per shopper in the holdout period, observed. */
  actual: number;
  /** Mean purchases per shopper in the holdout period, forecast from the calibration period. */
  predicted: number;
}

export interface HoldoutComparison {
  /** Length of the holdout period, in the model's time unit. */
  length: number;
  customers: number;
  /** Repeat purchases in the holdout period, all shoppers: observed and forecast. */
  actual: number;
  predicted: number;
  /** (predicted − actual) / actual. */
  relativeError: number;
  byFrequency: FrequencyGroup[];
}

/** One repeat-purchase count in the calibration period: shoppers observed and expected by the model. */
export interface CalibrationGroup {
  frequency: string;
  actual: number;
  expected: number;
}

const label = (k: number, top: number) => (k >= top ? `${top}+` : String(k));

/**
 * The holdout comparison: every shopper's forecast over `length` time units against their holdout purchases,
 * overall and by calibration frequency 0, 1, ..., `top`+ (the papers use 7+).
 * @example compareHoldout(fit.params, records, 39).byFrequency[2] // { frequency: '2', actual: 1.1, predicted: 1.2, ... }
 */
export function compareHoldout(
  params: BgNbdParams,
  records: readonly (PurchaseSummary & { holdoutPurchases: number })[],
  length: number,
  top = 7,
): HoldoutComparison {
  const groups = Array.from({ length: top + 1 }, (_, k) => ({ frequency: label(k, top), customers: 0, actual: 0, predicted: 0 }));
  // Many shoppers share a summary (all x = 0 shoppers of one first-purchase day): forecast each summary once.
  const cache = new Map<string, number>();
  let actual = 0;
  let predicted = 0;
  for (const r of records) {
    const key = `${r.x}|${r.tx}|${r.T}`;
    let forecast = cache.get(key);
    if (forecast === undefined) cache.set(key, (forecast = expectedPurchases(params, r, length)));
    const g = groups[Math.min(r.x, top)]!;
    g.customers++;
    g.actual += r.holdoutPurchases;
    g.predicted += forecast;
    actual += r.holdoutPurchases;
    predicted += forecast;
  }
  for (const g of groups) if (g.customers) [g.actual, g.predicted] = [g.actual / g.customers, g.predicted / g.customers];
  return { length, customers: records.length, actual, predicted, relativeError: actual ? (predicted - actual) / actual : Number.NaN, byFrequency: groups };
}

/**
 * The calibration-period fit: shoppers with 0, 1, ..., `top`+ repeat purchases, observed and expected
 * (Σ over shoppers of P(X(T_i) = k), each at their own age T_i).
 * @example calibrationFit(fit.params, records)[0] // { frequency: '0', actual: 1411, expected: 1434.7 }
 */
export function calibrationFit(params: BgNbdParams, records: readonly PurchaseSummary[], top = 7): CalibrationGroup[] {
  const groups = Array.from({ length: top + 1 }, (_, k) => ({ frequency: label(k, top), actual: 0, expected: 0 }));
  const ages = new Map<number, number>();
  for (const r of records) {
    groups[Math.min(r.x, top)]!.actual++;
    ages.set(r.T, (ages.get(r.T) ?? 0) + 1);
  }
  for (const [T, count] of ages) {
    let below = 0;
    for (let k = 0; k < top; k++) {
      const p = purchaseCountProbability(params, T, k);
      groups[k]!.expected += count * p;
      below += p;
    }
    groups[top]!.expected += count * Math.max(0, 1 - below);
  }
  return groups;
}
