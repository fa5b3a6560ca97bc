// Recalibrating uplift models from the measurement holdback: per (offer, decile of the model's predicted uplift), what
// the holdback measured against what the model predicted, shrunk by empirical Bayes so that noise moves nothing.
import { UPLIFT_DECILE_EDGES, upliftOfDecile } from '../protocol/holdback.ts';
import type { HoldbackCell } from './holdback.ts';
import { betweenVariance as betweenVarianceAt } from './random-effects.ts';

/** What the holdback says about one offer: its shift per decile, and how much of it the data carried. */
export interface OfferCalibration {
  /** Additive correction of the predicted uplift, per decile (0 to 9). */
  shift: number[];
  /** The offer's mean residual (measured − predicted uplift) before shrinkage, its variance and the weight kept. */
  residual: number;
  variance: number;
  weight: number;
  units: number;
}

export interface Calibration {
  offers: Record<string, OfferCalibration>;
  /** The shift all offers share, after shrinkage. */
  common: number;
  /** Between-offer variance of the true shifts, and of the deciles around their offer's shift (method of moments). */
  tauOffer: number;
  tauDecile: number;
}

const DECILES = UPLIFT_DECILE_EDGES.length + 1;
/** Report sets a cell needs, on each side, to count. */
const MIN_UNITS = 10;

/**
 * Per (offer, decile) with both a shown and a held-back cell (the two open-ended deciles left out: they have no
 * middle to compare with): the residual r = (rate shown − rate held) − the decile's predicted uplift, with variance
 * v = the two rates' variances (sampling plus randomised response). Per offer, the inverse-variance mean of its
 * residuals, shrunk toward the residual all offers share by τ²/(τ² + v), with τ² the between-offer variance
 * (DerSimonian-Laird, kept only when Cochran's Q finds heterogeneity at the 0.1% level); the shared residual is kept
 * only beyond z = 3.09; each decile's deviation from its offer's mean is shrunk the same way. The gates are strict
 * because this runs every night on cells that noise dominates, and a false finding moves every decision: the models
 * decide, and the holdback moves them only on strong evidence.
 * @example const { offers } = upliftCalibration(holdbackAggregates(cells, config, now), config.privacy.epsilon); offers['women-15']?.shift[6]
 */
export function upliftCalibration(cells: readonly HoldbackCell[], epsilon: number): Calibration {
  type Pair = { offer: string; decile: number; r: number; v: number; units: number };
  const pairs: Pair[] = [];
  const key = (c: HoldbackCell) => `${c.offer}\u0000${c.decile}`;
  const held = new Map(cells.filter((c) => !c.shown).map((c) => [key(c), c]));
  // The least variance a debiased rate from n randomised-response bits can have, e^ε / ((e^ε − 1)²·n): a plug-in
  // variance of a cell whose reports are all 0 (or all 1) is 0, which would weigh a handful of reports as certainty.
  const floor = (n: number) => Math.exp(epsilon) / ((Math.exp(epsilon) - 1) ** 2 * n);
  for (const s of cells) {
    // The open bins have no middle to compare with: what the model predicted there is not known well enough.
    if (!s.shown || s.decile <= 0 || s.decile >= DECILES - 1) continue;
    const h = held.get(key(s));
    if (!h || s.units < MIN_UNITS || h.units < MIN_UNITS) continue;
    const v = Math.max(s.conversionRateVariance, floor(s.units)) + Math.max(h.conversionRateVariance, floor(h.units));
    if (!Number.isFinite(v) || v <= 0) continue;
    pairs.push({ offer: s.offer, decile: s.decile, r: s.conversionRate - h.conversionRate - upliftOfDecile(s.decile), v, units: s.units + h.units });
  }
  const byOffer = new Map<string, Pair[]>();
  for (const p of pairs) byOffer.set(p.offer, [...(byOffer.get(p.offer) ?? []), p]);
  const means = [...byOffer].map(([offer, ps]) => {
    const w = ps.reduce((a, p) => a + 1 / p.v, 0);
    return { offer, r: ps.reduce((a, p) => a + p.r / p.v, 0) / w, v: 1 / w, units: ps.reduce((a, p) => a + p.units, 0) };
  });
  const tauOffer = betweenVariance(means.map((m) => ({ r: m.r, v: m.v })));
  // The shift every offer shares (a model biased as a whole): the pooled residual, kept only as far as it stands out
  // of its own noise beyond Z_GATE (positive-part shrinkage by 1 − (Z_GATE / z)², 0 below the gate).
  const pooledWeight = means.reduce((a, m) => a + 1 / (m.v + tauOffer), 0);
  const pooled = pooledWeight > 0 ? means.reduce((a, m) => a + m.r / (m.v + tauOffer), 0) / pooledWeight : 0;
  const common = pooledWeight > 0 ? pooled * Math.max(0, 1 - Z_GATE ** 2 / (pooled * pooled * pooledWeight)) : 0;
  const deviations = pairs.map((p) => ({ r: p.r - means.find((m) => m.offer === p.offer)!.r, v: p.v }));
  const tauDecile = betweenVariance(deviations);
  const offers: Record<string, OfferCalibration> = {};
  for (const m of means) {
    const weight = tauOffer / (tauOffer + m.v);
    const base = common + weight * (m.r - pooled);
    const shift = Array.from({ length: DECILES }, () => base);
    for (const p of byOffer.get(m.offer)!) shift[p.decile] = base + (tauDecile / (tauDecile + p.v)) * (p.r - m.r);
    offers[m.offer] = { shift, residual: m.r, variance: m.v, weight, units: m.units };
  }
  return { offers, common, tauOffer, tauDecile };
}

/**
 * The z a finding must reach before it moves a model: the calibration runs every night on noise-dominated cells, so
 * a 5% test would move models on a false finding more than once a month; 3.09 is one in a thousand.
 */
const Z_GATE = 3.09;

/** Between-offer (or between-decile) variance, taken only when Cochran's Q passes the same 0.1% gate. */
const betweenVariance = (xs: readonly { r: number; v: number }[]) => betweenVarianceAt(xs, Z_GATE);
