// BG/NBD (Fader, Hardie and Lee 2005, "Counting your customers the easy way"): while active, a shopper buys as a
// Poisson process of rate λ ~ Gamma(r, α); after each purchase they drop out with probability p ~ Beta(a, b).
// Times are in the model's time unit (days or weeks), counted from the shopper's first purchase.
import type { BgNbdParams } from '../protocol/customer-value.ts';
import { logGamma } from '../stats/special.ts';
import { hyp2f1, logHyp2f1 } from './hypergeometric.ts';

export type { BgNbdParams };

/** What the model reads of one shopper (the papers' x, t_x and T), in the model's time unit. */
export interface PurchaseSummary {
  /** Repeat purchases x: purchase days after the first (purchases on one day count once). */
  x: number;
  /** Recency t_x: time from the first to the last purchase (0 when x = 0). */
  tx: number;
  /** Age T: time from the first purchase to now (or to the end of the calibration period). */
  T: number;
}

/**
 * ln L(r, α, a, b | x, t_x, T), FHL 2005 eq. 6, written as a log-sum so that it stays finite for large x:
 * L = B(a, b+x)/B(a, b) · Γ(r+x) α^r / Γ(r) · [(α+T)^−(r+x) + δ(x>0) · a/(b+x−1) · (α+t_x)^−(r+x)].
 * @example bgnbdLogLikelihood({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { x: 2, tx: 30.43, T: 38.86 })
 */
export function bgnbdLogLikelihood(params: BgNbdParams, s: PurchaseSummary): number {
  const { r, alpha, a, b } = params;
  const { x, tx, T } = s;
  const common = logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
  return common + logAliveTerms(params, s);
}

/** ln[(α+T)^−(r+x) + δ(x>0)·a/(b+x−1)·(α+t_x)^−(r+x)]: the part of the likelihood that depends on t_x and T. */
export function logAliveTerms({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: PurchaseSummary): number {
  const alive = -(r + x) * Math.log(alpha + T);
  if (x === 0) return alive;
  const dropped = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  const top = Math.max(alive, dropped);
  return top + Math.log(Math.exp(alive - top) + Math.exp(dropped - top));
}

/**
 * P(the shopper is still active | x, t_x, T) = 1 / (1 + δ(x>0)·a/(b+x−1)·((α+T)/(α+t_x))^(r+x)). A shopper
 * without repeat purchases is active by the model's assumption (drop-out happens only right after a purchase).
 * @example probabilityAlive(cdnow, { x: 2, tx: 30.43, T: 38.86 }) // 0.7...
 */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: PurchaseSummary): number {
  if (x === 0) return 1;
  const odds = Math.exp(Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx)));
  return 1 / (1 + odds);
}

/** Where (1 − G)/(a − 1) is 0/0 the forecast is taken as the mean either side: it is smooth in a. */
const NEAR_ONE = 1e-7;

/**
 * E[purchases in (T, T + t] | x, t_x, T], FHL 2005 eq. 10:
 * (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive).
 * With x = t_x = T = 0 it is E[X(t)] for a shopper just acquired (eq. 7).
 * @example expectedPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { x: 2, tx: 30.43, T: 38.86 }, 39) // 1.226
 */
export function expectedPurchases(params: BgNbdParams, s: PurchaseSummary, t: number): number {
  if (!(t > 0)) return 0;
  const { a } = params;
  if (Math.abs(a - 1) < NEAR_ONE)
    return (expectedPurchases({ ...params, a: 1 - 2 * NEAR_ONE }, s, t) + expectedPurchases({ ...params, a: 1 + 2 * NEAR_ONE }, s, t)) / 2;
  const { r, alpha, b } = params;
  const { x, T } = s;
  const z = t / (alpha + T + t);
  const c = a + b + x - 1;
  // 1 − (1 − z)^(r+x)·2F1(...), in logs where 2F1 is positive (c > 0): 2F1 alone overflows for large x as z nears
  // 1. Only x = 0 with a + b < 1 has c <= 0, where 2F1 may be negative and stays small.
  const rest = c > 0
    ? -Math.expm1((r + x) * Math.log1p(-z) + logHyp2f1(r + x, b + x, c, z))
    : 1 - Math.pow(1 - z, r + x) * hyp2f1(r + x, b + x, c, z);
  return ((a + b + x - 1) / (a - 1)) * rest * probabilityAlive(params, s);
}

/**
 * P(X(t) = x) for a shopper acquired at time 0 (FHL 2005 eq. 8): the calibration-period check of the papers
 * (how many shoppers the model expects with 0, 1, 2, ... repeat purchases).
 * @example purchaseCountProbability(cdnow, 38.86, 0) // about 0.6
 */
export function purchaseCountProbability({ r, alpha, a, b }: BgNbdParams, t: number, x: number): number {
  const logBetaRatio = (p: number, q: number) => logGamma(p) + logGamma(q) - logGamma(p + q) - (logGamma(a) + logGamma(b) - logGamma(a + b));
  const logShare = Math.log(alpha / (alpha + t));
  const logRest = Math.log(t / (alpha + t));
  // NBD(r, α) probability of j purchases by t: Γ(r+j)/(Γ(r) j!) (α/(α+t))^r (t/(α+t))^j.
  const nbd = (j: number) => Math.exp(logGamma(r + j) - logGamma(r) - logGamma(j + 1) + r * logShare + (j ? j * logRest : 0));
  let p = Math.exp(logBetaRatio(a, b + x)) * nbd(x);
  if (x > 0) {
    let below = 0;
    for (let j = 0; j < x; j++) below += nbd(j);
    p += Math.exp(logBetaRatio(a + 1, b + x - 1)) * Math.max(0, 1 - below);
  }
  return p;
}
