// Scoring: per shopper and offer, the purchase probability with and without the offer, and their difference.
import type { DeviceConfig, Offer, Profile } from '../../../protocol/index.ts';
import { featureVector, isThinProfile } from './features.ts';
import { clearModels as clearLoaded, loadModel, type LoadedModel, type ModelOptions } from './runtime.ts';

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

// Loaded models by content hash. Kept here, not in runtime.ts, because the script-tag build swaps runtime.ts for
// a lazy shim (sdk-models.js) whose functions are all async.
const ready = new Map<string, LoadedModel>();

/** Model outputs for this shopper by role ("p_treatment", "p_control", "uplift", "probability"). */
type Roles = Partial<Record<string, number>>;

/** Combines model outputs with the model-free score: missing roles come from the prior or linear score. */
function combine(base: OfferScore, offer: Offer, roles: Roles, source: string): OfferScore {
  const clamp = (p: number) => Math.min(1, Math.max(0, p));
  const pControl = clamp(roles.p_control ?? roles.probability ?? base.pControl);
  const pTreatment = clamp(roles.p_treatment ?? pControl + (roles.uplift ?? base.uplift));
  const uplift = pTreatment - pControl;
  return { offerId: offer.id, pTreatment, pControl, uplift, value: uplift * offer.margin - offer.cost, source };
}

/**
 * Scores every offer for this shopper. Per offer, the first uplift model and the first propensity model that
 * cover it (a model listing the offer before one with an empty list, which covers every offer): the uplift
 * model's p_treatment/p_control/uplift; the propensity model's P(buy) as p_control where the uplift model has none
 * (class transformation), or with the prior uplift where no uplift model covers the offer; else the prior.
 * Cold start (see `isThinProfile`) and any model failure fall back to `scoreWithoutModel`. Never throws.
 * @example const scores = await scoreOffers({ config, profile, segmentId: 'vip', offers, models: { baseUrl } })
 */
export async function scoreOffers(input: ScoreInput): Promise<OfferScore[]> {
  const base = input.offers.map((offer) => scoreWithoutModel(input, offer));
  const models = input.config.models ?? [];
  if (models.length === 0 || isThinProfile(input.profile)) return base;
  const wanted = new Set(input.offers.map((o) => o.id));
  // offer id ("" = every offer) -> [uplift model, propensity model] outputs and ids
  const found = new Map<string, [Roles, string][]>();
  for (const model of models) {
    const targets = model.offers.length ? model.offers.filter((id) => wanted.has(id)) : [''];
    if (targets.length === 0) continue;
    const roles: Roles = {};
    try {
      // Loaded compact models run synchronously: no await per model on the hot path.
      let loaded = ready.get(model.sha256);
      if (!loaded) ready.set(model.sha256, (loaded = await loadModel(model, input.models)));
      const result = loaded.run([featureVector(model.inputs, input.profile)]);
      const out = result instanceof Promise ? await result : result;
      for (const role in model.outputs) roles[role] = out[model.outputs[role]!]?.data[0];
    } catch (error) {
      input.onModelError?.(model.id, error);
      continue;
    }
    const slot = model.kind === 'uplift' ? 0 : 1;
    for (const id of targets) {
      const entry = found.get(id) ?? found.set(id, []).get(id)!;
      entry[slot] ??= [roles, model.id];
    }
  }
  const every = found.get('') ?? [];
  return input.offers.map((offer, i) => {
    const own = found.get(offer.id) ?? [];
    const uplift = own[0] ?? every[0];
    const propensity = own[1] ?? every[1];
    const source = uplift ?? propensity;
    return source ? combine(base[i]!, offer, { ...propensity?.[0], ...uplift?.[0] }, source[1]) : base[i]!;
  });
}

export { featureVector, isThinProfile, COLD_START_EVENTS, readPath } from './features.ts';
export { createModel, loadModel } from './runtime.ts';

/**
 * Forgets loaded models (tests; a config that dropped them).
 * @example clearModels()
 */
export function clearModels(): void {
  ready.clear();
  clearLoaded();
}
export type { LoadedModel, ModelOptions } from './runtime.ts';
export type { OrtLocation } from './ort.ts';
export type { Tensor } from './decode.ts';
