// Scoring: per shopper and offer, the purchase probability with and without the offer, and their difference.
import type { DeviceConfig, DeviceOffer as Offer, Profile } from '../../../protocol/index.ts';
import { offerValue } from '../../../protocol/economics.ts';
import { readPath } from '../conditions/index.ts';
import { clearLoadedModels, scoreWithModels } from './models.ts';
import type { ModelOptions } from './runtime.ts';

/** What the device knows of one offer for this shopper. */
export interface OfferScore {
  offerId: string;
  /** P(buy | offer shown). */
  pTreatment: number;
  /** P(buy | no offer). */
  pControl: number;
  /** pTreatment - pControl: what the offer adds. */
  uplift: number;
  /** Expected incremental profit before the edge price: (pT − pC)·margin − pT·redemptionCost (protocol/economics.ts). */
  value: number;
  /** Where the estimate came from: a model id, "learned", "linear" or "prior" (segment lookalike, for offers no model covers). */
  source: string;
  /** Decile (0 to 9, protocol/holdback.ts) of the model's own predicted uplift, before the edge's calibration. */
  decile?: number;
}

export interface ScoreInput {
  config: DeviceConfig;
  profile: Profile;
  /** The shopper's segment (highest priority match), for the prior of offers no model covers. */
  segmentId: string | null;
  offers: readonly Offer[];
  /** How to fetch and run the config's models (API origin, IndexedDB cache, ORT location). */
  models?: ModelOptions;
  /** Told when a model cannot be loaded or run; the offer then falls back to its prior. */
  onModelError?: (modelId: string, error: unknown) => void;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function readNumber(profile: Profile, path: string): number {
  // The condition evaluator's path reader: one reader of profile paths in the script tag.
  const value = readPath(profile, path);
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Prior (segment lookalike) or linear score of one offer: no model needed. */
export function scoreWithoutModel(input: ScoreInput, offer: Offer): OfferScore {
  const segment = input.config.segments.find((s) => s.id === input.segmentId);
  let pControl = segment?.baseline ?? 0.05;
  // What the edge learnt from experiments (the feedback loop) wins over the marketer's prior.
  const learned = input.segmentId !== null ? input.config.learnedUplift?.[input.segmentId]?.[offer.id] : undefined;
  let uplift = learned ?? (input.segmentId !== null ? offer.upliftPrior[input.segmentId] : undefined) ?? 0;
  let source = learned === undefined ? 'prior' : 'learned';
  if (offer.score) {
    let logit = offer.score.intercept;
    for (const [feature, weight] of Object.entries(offer.score.weights)) logit += weight * readNumber(input.profile, feature);
    pControl = sigmoid(logit);
    uplift = offer.score.uplift;
    source = 'linear';
  }
  const pTreatment = Math.min(1, Math.max(0, pControl + uplift));
  uplift = pTreatment - pControl;
  return { offerId: offer.id, pTreatment, pControl, uplift, value: offerValue(pTreatment, pControl, offer), source };
}

/**
 * Scores every offer for this shopper. Per offer, the first uplift model and the first propensity model that
 * cover it (a model listing the offer before one with an empty list, which covers every offer): the uplift
 * model's p_treatment/p_control/uplift; the propensity model's P(buy) as p_control where the uplift model has none
 * (class transformation), or with the prior uplift where no uplift model covers the offer; else the prior.
 * A model scores every profile, a first visit's too: a model trained on a test with shoppers of every age knows
 * new visitors better than a guessed prior. An offer no model covers, and any model failure, fall back to
 * `scoreWithoutModel` (the learnt uplift or the segment's prior). Never throws.
 * @example const scores = await scoreOffers({ config, profile, segmentId: 'vip', offers, models: { baseUrl } })
 */
export async function scoreOffers(input: ScoreInput): Promise<OfferScore[]> {
  const base = input.offers.map((offer) => scoreWithoutModel(input, offer));
  const models = input.config.models ?? [];
  if (models.length === 0) return base;
  // The model path lives in models.ts, which the script tag loads (as sdk-models.js) only when a config has models;
  // if that part cannot be fetched, every offer keeps its model-free score, as for any model failure.
  return scoreWithModels(input, base).catch((error: unknown) => {
    for (const model of models) input.onModelError?.(model.id, error);
    return base;
  });
}

export { featureVector, readPath } from './features.ts';
export { createModel, loadModel } from './runtime.ts';
export { outputNames, readOutput, readRoles } from './outputs.ts';

/**
 * Forgets loaded models (tests; a config that dropped them).
 * @example clearModels()
 */
export function clearModels(): void {
  void clearLoadedModels();
}
export type { LoadedModel, ModelOptions } from './runtime.ts';
export type { OrtLocation } from './ort.ts';
export type { Tensor } from './decode.ts';
export type { Roles } from './outputs.ts';
