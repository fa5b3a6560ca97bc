// The model path of scoreOffers: run the config's models on this profile and combine their outputs with the
// model-free scores. The script tag builds this file into sdk-models.js with the runtime, loaded on first use.
import type { DeviceOffer as Offer, FeatureSpec, Profile } from '../../../protocol/index.ts';
import { offerValue } from '../../../protocol/economics.ts';
import { upliftDecile } from '../../../protocol/holdback.ts';
import { featureVector } from './features.ts';
import type { OfferScore, ScoreInput } from './index.ts';
import { readRoles, type Roles } from './outputs.ts';
import { clearModels as clearRuntime, loadModel, type LoadedModel } from './runtime.ts';

// Loaded models by content hash.
const ready = new Map<string, LoadedModel>();

/**
 * Combines model outputs with the model-free score (missing roles come from the prior or linear score), then moves
 * the uplift by the edge's calibration for the decile of the model's own prediction (0 until the holdback shows
 * otherwise). `decile` stays the model's, so that holdback reports measure the model and not its correction.
 */
function combine(base: OfferScore, offer: Offer, uplift: Roles | undefined, propensity: Roles | undefined, source: string, shifts: readonly number[] | undefined): OfferScore {
  const clamp = (p: number) => Math.min(1, Math.max(0, p));
  const pControl = clamp(uplift?.p_control ?? propensity?.p_control ?? propensity?.probability ?? base.pControl);
  const predicted = clamp(uplift?.p_treatment ?? pControl + (uplift?.uplift ?? base.uplift));
  const decile = upliftDecile(predicted - pControl);
  const pTreatment = clamp(predicted + (shifts?.[decile] ?? 0));
  return { offerId: offer.id, pTreatment, pControl, uplift: pTreatment - pControl, value: offerValue(pTreatment, pControl, offer), source, decile };
}

// An input spec's identity as text, computed once per manifest: specs parsed from JSON are equal, not identical.
const specKeys = new WeakMap<readonly FeatureSpec[], string>();

/**
 * Feature vectors of one profile, built once per distinct input spec: models trained on the same columns (one
 * model per offer, say) share one vector. Make one per scoring call, so a changed profile is never served stale.
 * @example const vectorOf = vectorCache(profile); vectorOf(a.inputs) === vectorOf(b.inputs) // same spec
 */
export function vectorCache(profile: Profile): (inputs: readonly FeatureSpec[]) => Float64Array {
  const vectors = new Map<string, Float64Array>();
  return (inputs) => {
    let key = specKeys.get(inputs);
    if (key === undefined) specKeys.set(inputs, (key = JSON.stringify(inputs)));
    let vector = vectors.get(key);
    if (!vector) vectors.set(key, (vector = featureVector(inputs, profile)));
    return vector;
  };
}

/**
 * `scoreOffers` for a profile that models may score: `base` holds the model-free score of every offer, in order.
 * @example await scoreWithModels(input, input.offers.map((o) => scoreWithoutModel(input, o)))
 */
export async function scoreWithModels(input: ScoreInput, base: OfferScore[]): Promise<OfferScore[]> {
  const wanted = input.offers.map((o) => o.id);
  const asked = new Set(wanted);
  const vectorOf = vectorCache(input.profile);
  // Per offer, [uplift model, propensity model] role values and ids: from models listing the offer (own), and from
  // models listing none (every). Roles are read per offer, as a pooled model gives each offer its own column.
  const own = new Map<string, [Roles, string][]>();
  const every = new Map<string, [Roles, string][]>();
  for (const model of input.config.models) {
    const targets = model.offers.length ? model.offers.filter((id) => asked.has(id)) : wanted;
    if (targets.length === 0) continue;
    const read: [string, Roles][] = [];
    try {
      // Loaded compact models run synchronously: no await per model on the hot path.
      let loaded = ready.get(model.sha256);
      if (!loaded) ready.set(model.sha256, (loaded = await loadModel(model, input.models)));
      const result = loaded.run([vectorOf(model.inputs)]);
      const out = result instanceof Promise ? await result : result;
      for (const id of targets) read.push([id, readRoles(out, model.outputs, 0, id)]);
    } catch (error) {
      input.onModelError?.(model.id, error);
      continue;
    }
    const slot = model.kind === 'uplift' ? 0 : 1;
    const found = model.offers.length ? own : every;
    for (const [id, roles] of read) {
      const entry = found.get(id) ?? found.set(id, []).get(id)!;
      entry[slot] ??= [roles, model.id];
    }
  }
  return input.offers.map((offer, i) => {
    const mine = own.get(offer.id);
    const all = every.get(offer.id);
    const uplift = mine?.[0] ?? all?.[0];
    const propensity = mine?.[1] ?? all?.[1];
    const source = uplift ?? propensity;
    return source ? combine(base[i]!, offer, uplift?.[0], propensity?.[0], source[1], input.config.calibration?.[offer.id]) : base[i]!;
  });
}

/**
 * Forgets loaded models and the runtime's caches.
 * @example clearLoadedModels()
 */
export function clearLoadedModels(): void {
  ready.clear();
  clearRuntime();
}
