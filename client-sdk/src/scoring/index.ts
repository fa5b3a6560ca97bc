// Scoring: per shopper and offer, the purchase probability with and without the offer, and their difference.
import type { DeviceConfig, DeviceModel, Offer, Profile } from '../../../protocol/index.ts';
import { featureVector, isThinProfile } from './features.ts';
import { loadModel, type LoadedModel, type ModelOptions } from './runtime.ts';

/** What the device knows of one offer for this shopper. */
export interface OfferScore {
  offerId: string;
  /** P(buy | offer shown). */
  pTreatment: number;
  /** P(buy | no offer). */
  pControl: number;
  /** pTreatment - pControl: what the offer adds. */
  uplift: number;
  /** Decision value before the edge price: uplift · margin - cost. */
  value: number;
  /** Where the estimate came from: a model id, "linear" or "prior" (segment lookalike, cold start). */
  source: string;
}

export interface ScoreInput {
  config: DeviceConfig;
  profile: Profile;
  /** The shopper's segment (highest priority match), for the cold-start prior. */
  segmentId: string | null;
  offers: readonly Offer[];
  /** How to fetch and run the config's models (API origin, IndexedDB cache, ORT location). */
  models?: ModelOptions;
  /** Told when a model cannot be loaded or run; the offer then falls back to its prior. */
  onModelError?: (modelId: string, error: unknown) => void;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function readNumber(profile: Profile, path: string): number {
  let value: unknown = profile;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | null)?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Prior (segment lookalike) or linear score of one offer: no model needed. */
export function scoreWithoutModel(input: ScoreInput, offer: Offer): OfferScore {
  const segment = input.config.segments.find((s) => s.id === input.segmentId);
  let pControl = segment?.baseline ?? 0.05;
  let uplift = (input.segmentId !== null ? offer.upliftPrior[input.segmentId] : undefined) ?? 0;
  let source = 'prior';
  if (offer.score) {
    let logit = offer.score.intercept;
    for (const [feature, weight] of Object.entries(offer.score.weights)) logit += weight * readNumber(input.profile, feature);
    pControl = sigmoid(logit);
    uplift = offer.score.uplift;
    source = 'linear';
  }
  const pTreatment = Math.min(1, Math.max(0, pControl + uplift));
  uplift = pTreatment - pControl;
  return { offerId: offer.id, pTreatment, pControl, uplift, value: uplift * offer.margin - offer.cost, source };
}

/** Model outputs for this shopper by role ("p_treatment", "p_control", "uplift", "probability"). */
type Roles = Partial<Record<string, number>>;

const covers = (model: DeviceModel, offerId: string) => model.offers.length === 0 || model.offers.includes(offerId);

async function runModel(model: DeviceModel, input: ScoreInput): Promise<Roles> {
  const loaded: LoadedModel = await loadModel(model, input.models);
  const out = await loaded.run([featureVector(model.inputs, input.profile)]);
  const roles: Roles = {};
  for (const [role, name] of Object.entries(model.outputs)) roles[role] = out[name]?.data[0];
  return roles;
}

/** Combines model outputs with the model-free score: missing roles come from the prior or linear score. */
function combine(base: OfferScore, offer: Offer, roles: Roles, source: string): OfferScore {
  const clamp = (p: number) => Math.min(1, Math.max(0, p));
  let pControl = roles.p_control ?? roles.probability ?? base.pControl;
  let pTreatment = roles.p_treatment ?? pControl + (roles.uplift ?? base.uplift);
  if (roles.p_treatment === undefined && roles.uplift === undefined && roles.probability === undefined) return base;
  pControl = clamp(pControl);
  pTreatment = clamp(pTreatment);
  const uplift = pTreatment - pControl;
  return { offerId: offer.id, pTreatment, pControl, uplift, value: uplift * offer.margin - offer.cost, source };
}

/**
 * Scores every offer for this shopper with the first uplift and the first propensity model covering it: the uplift
 * model's p_treatment/p_control/uplift, the propensity model's P(buy) as p_control where the uplift model has
 * none (plus the prior uplift when no uplift model covers the offer), else the prior. Cold start (see `isThinProfile`) and any
 * model failure fall back to `scoreWithoutModel`. Never throws.
 * @example const scores = await scoreOffers({ config, profile, segmentId: 'vip', offers, models: { baseUrl } })
 */
export async function scoreOffers(input: ScoreInput): Promise<OfferScore[]> {
  const base = input.offers.map((offer) => scoreWithoutModel(input, offer));
  const models = input.config.models ?? [];
  if (models.length === 0 || isThinProfile(input.profile)) return base;
  const outputs = new Map<string, Roles>();
  for (const model of models) {
    if (!input.offers.some((offer) => covers(model, offer.id))) continue;
    try {
      outputs.set(model.id, await runModel(model, input));
    } catch (error) {
      input.onModelError?.(model.id, error);
    }
  }
  return input.offers.map((offer, i) => {
    const candidates = models.filter((m) => outputs.has(m.id) && covers(m, offer.id));
    const uplift = candidates.find((m) => m.kind === 'uplift');
    const propensity = candidates.find((m) => m.kind === 'propensity');
    if (!uplift && !propensity) return base[i]!;
    // An uplift-only model (class transformation) takes P(buy | no offer) from a propensity model if one covers it.
    const roles = { ...(propensity ? outputs.get(propensity.id) : {}), ...(uplift ? outputs.get(uplift.id) : {}) };
    return combine(base[i]!, offer, roles, (uplift ?? propensity)!.id);
  });
}

export { featureVector, isThinProfile, COLD_START_EVENTS, readPath } from './features.ts';
export { createModel, loadModel, clearModels } from './runtime.ts';
export { decodeModel } from './decode.ts';
export { compile, Unsupported } from './evaluate.ts';
export type { LoadedModel, ModelOptions } from './runtime.ts';
export type { OrtLocation } from './ort.ts';
export type { OnnxGraph, OnnxNode, Tensor } from './decode.ts';
