// Shoppers drawn from BG/NBD itself: for tests of the fits, for the privacy-preserving fit's error study, and for
// the simulator's optional purchase-and-dropout world. Each shopper's λ and p are drawn once; while active they
// buy as a Poisson process of rate λ and, after each purchase, drop out with probability p.
import { sampleBeta, sampleGamma } from '../stats/thompson.ts';
import type { BgNbdParams } from './bgnbd.ts';

/** One drawn shopper: their latent traits and their purchase times after the first purchase at 0. */
export interface DrawnShopper {
  lambda: number;
  p: number;
  /** Repeat purchase times, ascending, all in (0, T]. */
  purchases: number[];
  /** Time they dropped out (Infinity while still active at T). */
  droppedAt: number;
}

/**
 * Draws a shopper's latent traits: λ ~ Gamma(r, rate α), p ~ Beta(a, b).
 * @example const { lambda, p } = drawTraits(params, mulberry32(1))
 */
export function drawTraits({ r, alpha, a, b }: BgNbdParams, rng: () => number): { lambda: number; p: number } {
  return { lambda: sampleGamma(r, rng) / alpha, p: sampleBeta(a, b, rng) };
}

/**
 * Repeat purchases in (0, T] of a shopper with rate λ and drop-out probability p, first purchase at time 0.
 * @example drawPurchases(0.2, 0.3, 39, mulberry32(1)) // { purchases: [3.1, 9.8], droppedAt: 9.8 }
 */
export function drawPurchases(lambda: number, p: number, T: number, rng: () => number): { purchases: number[]; droppedAt: number } {
  const purchases: number[] = [];
  let t = 0;
  for (;;) {
    t += -Math.log(1 - rng()) / lambda;
    if (!(t <= T)) return { purchases, droppedAt: Infinity };
    purchases.push(t);
    if (rng() < p) return { purchases, droppedAt: t };
  }
}

/**
 * A BG/NBD shopper observed for T time units after their first purchase.
 * @example const s = drawShopper(cdnow, 39, mulberry32(7)); summaryOf(s, 39)
 */
export function drawShopper(params: BgNbdParams, T: number, rng: () => number): DrawnShopper {
  const { lambda, p } = drawTraits(params, rng);
  return { lambda, p, ...drawPurchases(lambda, p, T, rng) };
}

/**
 * The papers' (x, t_x, T) of a drawn shopper.
 * @example summaryOf({ purchases: [3, 9], ... }, 39) // { x: 2, tx: 9, T: 39 }
 */
export function summaryOf(s: Pick<DrawnShopper, 'purchases'>, T: number): { x: number; tx: number; T: number } {
  return { x: s.purchases.length, tx: s.purchases.at(-1) ?? 0, T };
}
