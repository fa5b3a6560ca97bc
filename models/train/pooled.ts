// A pooled uplift learner: one logistic S-learner for every offer, with treatment × offer-attribute terms, fitted on
// a randomised test and baked into one linear model per offer so that the device scores all offers in one MatMul.
import type { FeatureSpec, Profile } from '../../protocol/index.ts';
import { featureVector } from '../../client-sdk/src/scoring/features.ts';
import { fitLogistic } from './logistic.ts';

/** What the learner knows of an offer: its id, its category and how deep its discount is. */
export interface PooledOffer {
  id: string;
  category?: string | undefined;
  /** Cost of one redemption; over the average order value it is the discount's depth (0.15 for 15% off). */
  redemptionCost: number;
}

/** One row of the randomised test: the shopper's profile when the offer (or none) was shown, and the outcome. */
export interface PooledRow {
  profile: Profile | Record<string, unknown>;
  /** The offer shown, or null for the no-offer arm. */
  offerId: string | null;
  bought: 0 | 1;
}

export interface PooledOptions {
  /** Categories of `categoryAffinity` the model reads a share of (the shop's categories). */
  categories: readonly string[];
  averageOrderValue: number;
  /** L2 penalty on standardised weights, in units of the number of rows. Default 0.02. */
  l2?: number;
  /**
   * How much more an offer's own terms are penalised than the terms all offers share, as a factor on the scale
   * (the penalty grows with its square). Default 8: on the simulator's seeds 1-3, per-offer terms shrunk this hard
   * choose better offers than lightly shrunk ones (simulator/README.md).
   */
  offerPenalty?: number;
}

/** The fitted model, already baked: column 0 scores no offer, column 1 + j scores `offers[j]`. */
export interface PooledModel {
  inputs: FeatureSpec[];
  offers: string[];
  /** Per column, the weights on the raw (unscaled) input vector and the bias. */
  weights: Float64Array[];
  bias: number[];
}

/**
 * The profile side of the model: counts and amounts as log(1 + x), flags for a first-time shopper and a lapsed
 * one, the share of the shopper's interest in each category, and two crosses (price sensitivity × category share,
 * frequency × price sensitivity). Every one is a profile attribute the device has; no scaling (it is baked in).
 * @example pooledInputs(['women', 'men']).map((s) => s.name)
 */
export function pooledInputs(categories: readonly string[]): FeatureSpec[] {
  const log = (name: string, source: string, fill = 0): FeatureSpec => ({ kind: 'numeric', name, source, fill, transform: 'log1p' });
  return [
    log('log_frequency', 'frequency'),
    { kind: 'onehot', name: 'first_purchase_ahead', source: 'frequency', value: 0 },
    // No purchase yet: as if the last one were a year ago (the flag above tells the two apart).
    log('log_recency_days', 'recencyDays', 365),
    { kind: 'atLeast', name: 'lapsed_60_days', source: 'recencyDays', threshold: 60 },
    log('log_monetary', 'monetary'),
    { kind: 'numeric', name: 'discount_share', source: 'discountShare', fill: 0 },
    log('log_sessions', 'sessions'),
    log('log_item_views', 'itemViews'),
    log('log_tenure_days', 'tenureDays'),
    ...categories.map((c): FeatureSpec => ({ kind: 'share', name: `share_${c}`, source: `categoryAffinity.${c}`, fill: 1 / categories.length })),
    ...categories.map((c): FeatureSpec => ({ kind: 'numeric', name: `discount_share_x_share_${c}`, source: 'discountShare', fill: 0, times: `share_${c}` })),
    { kind: 'numeric', name: 'log_frequency_x_discount_share', source: 'frequency', fill: 0, transform: 'log1p', times: 'discount_share' },
  ];
}

/** The terms every offer shares (its depth times profile features); each offer's own five follow them. */
const SHARED_TERMS = 7;

/** A treatment term: Σ coef·u[input] + constant, for one offer. */
interface Term { on: [number, number][]; constant: number }

/**
 * The treatment terms of offer `o` as linear functions of the raw input vector u: the offer's own intercept, and
 * depth × (1, category share, price sensitivity, their cross, log frequency, log frequency × (1 − price
 * sensitivity), first purchase ahead), shared by all offers; and per offer, slopes on price sensitivity, log
 * frequency, first purchase ahead and lapsed, for what an offer's own rule does (a welcome or win-back offer).
 */
function treatmentTerms(offers: readonly PooledOffer[], o: number, inputs: readonly FeatureSpec[], options: PooledOptions): Term[] {
  const at = (name: string) => inputs.findIndex((s) => s.name === name);
  const offer = offers[o]!;
  const depth = offer.redemptionCost / options.averageOrderValue;
  const share: [number, number][] = offer.category && options.categories.includes(offer.category) ? [[at(`share_${offer.category}`), 1]] : [];
  const cross: [number, number][] = offer.category && options.categories.includes(offer.category) ? [[at(`discount_share_x_share_${offer.category}`), 1]] : [];
  const even = share.length ? 0 : 1 / options.categories.length;
  const lf = at('log_frequency');
  const ds = at('discount_share');
  const fresh = at('first_purchase_ahead');
  const lapsed = at('lapsed_60_days');
  const scaled = (on: [number, number][], constant = 0): Term => ({ on: on.map(([i, c]) => [i, c * depth]), constant: constant * depth });
  const shared: Term[] = [
    scaled([], 1),
    scaled(share, even),
    scaled([[ds, 1]]),
    cross.length ? scaled(cross) : scaled([[ds, even]]),
    scaled([[lf, 1]]),
    scaled([[lf, 1], [at('log_frequency_x_discount_share'), -1]]),
    scaled([[fresh, 1]]),
  ];
  const own = (j: number): Term[] => (j === o
    ? [{ on: [], constant: 1 }, { on: [[ds, 1]], constant: 0 }, { on: [[lf, 1]], constant: 0 }, { on: [[fresh, 1]], constant: 0 }, { on: [[lapsed, 1]], constant: 0 }]
    : Array.from({ length: 5 }, () => ({ on: [], constant: 0 })));
  return [...shared, ...offers.flatMap((_, j) => own(j))];
}

const termValue = (t: Term, u: Float64Array) => t.on.reduce((sum, [i, c]) => sum + c * u[i]!, t.constant);

function moments(columns: number, rows: Iterable<Float64Array>): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(columns);
  const sq = new Float64Array(columns);
  let n = 0;
  for (const x of rows) {
    n++;
    for (let j = 0; j < columns; j++) {
      mean[j]! += x[j]!;
      sq[j]! += x[j]! * x[j]!;
    }
  }
  const std = new Float64Array(columns);
  for (let j = 0; j < columns; j++) {
    mean[j]! /= Math.max(1, n);
    const v = sq[j]! / Math.max(1, n) - mean[j]! ** 2;
    std[j] = v > 1e-12 ? Math.sqrt(v) : 1;
  }
  return { mean, std };
}

/**
 * Fits the pooled model on a randomised test and bakes it: for each column, logit = w·u + b on the raw input u.
 * The fit standardises every column (so one L2 penalty treats them alike); baking folds the scaling back in.
 * @example const model = fitPooledUplift(rows, offers, { categories: ['women', 'men'], averageOrderValue: 80 })
 */
export function fitPooledUplift(rows: readonly PooledRow[], offers: readonly PooledOffer[], options: PooledOptions): PooledModel {
  if (rows.length === 0) throw new Error('pooled uplift: no training rows');
  const inputs = pooledInputs(options.categories);
  const index = new Map(offers.map((o, j) => [o.id, j]));
  const terms = offers.map((_, o) => treatmentTerms(offers, o, inputs, options));
  const T = terms[0]?.length ?? 0;
  const d = inputs.length;
  const U = rows.map((r) => featureVector(inputs, r.profile));
  const treatment = rows.map((r, i) => {
    const t = new Float64Array(T);
    if (r.offerId === null) return t;
    const o = index.get(r.offerId);
    if (o === undefined) throw new Error(`pooled uplift: row ${i} shows offer "${r.offerId}", which is not among the offers`);
    terms[o]!.forEach((term, k) => (t[k] = termValue(term, U[i]!)));
    return t;
  });
  const u = moments(d, U);
  const t = moments(T, treatment);
  // An offer's own terms are penalised offerPenalty² times as much as the shared ones (dividing a standardised column
  // by c multiplies its weight's penalty by c²): an offer's own rows are few, and its terms would fit their noise.
  const c = options.offerPenalty ?? 8;
  for (let k = SHARED_TERMS; k < T; k++) t.std[k]! *= c;
  const X = rows.map((_, i) => {
    const x = new Float64Array(d + T);
    for (let j = 0; j < d; j++) x[j] = (U[i]![j]! - u.mean[j]!) / u.std[j]!;
    for (let k = 0; k < T; k++) x[d + k] = (treatment[i]![k]! - t.mean[k]!) / t.std[k]!;
    return x;
  });
  const fit = fitLogistic(X, rows.map((r) => r.bought), { l2: options.l2 ?? 0.02 });
  const beta = fit.weights.slice(0, d).map((w, j) => w / u.std[j]!);
  const theta = fit.weights.slice(d).map((w, k) => w / t.std[k]!);
  let constant = fit.bias;
  for (let j = 0; j < d; j++) constant -= beta[j]! * u.mean[j]!;
  for (let k = 0; k < T; k++) constant -= theta[k]! * t.mean[k]!;
  const weights = [Float64Array.from(beta)];
  const bias = [constant];
  for (let o = 0; o < offers.length; o++) {
    const w = Float64Array.from(beta);
    let b = constant;
    terms[o]!.forEach((term, k) => {
      b += theta[k]! * term.constant;
      for (const [i, c] of term.on) w[i]! += theta[k]! * c;
    });
    weights.push(w);
    bias.push(b);
  }
  return { inputs, offers: offers.map((o) => o.id), weights, bias };
}

/**
 * P(buy | no offer) and P(buy | offer) for one profile, from the baked model (what the ONNX graph computes).
 * @example const { pControl, pTreatment } = predictPooled(model, profile)
 */
export function predictPooled(model: PooledModel, profile: Profile | Record<string, unknown>): { pControl: number; pTreatment: Record<string, number> } {
  const u = featureVector(model.inputs, profile);
  const p = model.weights.map((w, k) => {
    let z = model.bias[k]!;
    for (let i = 0; i < u.length; i++) z += w[i]! * u[i]!;
    return 1 / (1 + Math.exp(-z));
  });
  return { pControl: p[0]!, pTreatment: Object.fromEntries(model.offers.map((id, j) => [id, p[j + 1]!])) };
}
