// Preview: what a sample shopper would get from the draft config at the published prices, computed with the
// SDK's own pure functions (segments, eligibility, scoring, choice, decideSlot), so the console shows exactly
// what a device would do.
import type { DeviceConfig, Experiment, Profile, SiteConfig } from '../../protocol/index.ts';
import { offerPrice } from '../../protocol/economics.ts';
import { compileOffers, decideSlot, type Explanation } from '../../client-sdk/src/decide/index.ts';
import { ineligibility } from '../../client-sdk/src/decide/reasons.ts';
import { HOLDOUT_ARM, inGlobalHoldout } from '../../client-sdk/src/experiments/index.ts';
import { emptyProfile, emptyState } from '../../client-sdk/src/profile/index.ts';
import { scoreOffers, type ModelOptions } from '../../client-sdk/src/scoring/index.ts';
import { matchSegments } from '../../client-sdk/src/segments/index.ts';
import { compileDeviceConfig } from '../../worker/src/publish/compile.ts';

/**
 * The device config a device would get if the draft were published now with the current prices: the edge's own
 * compiler, after filling in the defaults the edge's validation would (forms may leave them out). Offers that
 * were never priced get price 0 here (the edge prices them at publish).
 * @example previewConfig(draft, published)
 */
export function previewConfig(draft: SiteConfig, published: Pick<DeviceConfig, 'prices' | 'posteriors' | 'version'> | null): DeviceConfig {
  const complete: SiteConfig = {
    ...draft,
    consent: draft.consent ?? 'implied',
    privacy: draft.privacy ?? { epsilon: Math.log(3), k: 20 },
    globalHoldout: draft.globalHoldout ?? 0.05,
    attributionDays: draft.attributionDays ?? 7,
    holdbackDays: draft.holdbackDays ?? 1,
    savedGroups: draft.savedGroups ?? {},
    segments: draft.segments ?? [],
    economics: draft.economics ?? {},
    // The preview shows what personalisation would do; the measurement holdback (a random few decisions) is left out.
    holdback: 0,
    offers: (draft.offers ?? []).map((o) => ({ ...o, items: o.items ?? [], eligibility: o.eligibility ?? {}, upliftPrior: o.upliftPrior ?? {} })),
    experiments: draft.experiments ?? [],
    models: draft.models ?? [],
  };
  return compileDeviceConfig(complete, {
    version: published?.version ?? 0,
    publishedAt: new Date(0).toISOString(),
    prices: published?.prices ?? {},
    posteriors: published?.posteriors ?? {},
  });
}

/** A pasted profile completed with the empty profile's defaults, so a partial sample is enough. */
export function completeProfile(partial: Partial<Profile>): Profile {
  return { ...emptyProfile(), ...partial };
}

export interface CandidateRow {
  offerId: string;
  /** Why it is left out, or null when eligible. */
  excluded: string | null;
  value: number | null;
  uplift: number | null;
  source: string | null;
  /** The edge's price of what this shopper is expected to redeem: pTreatment · price per redemption. */
  price: number | null;
  /** value − price; an eligible offer is worth showing only when this is positive. */
  net: number | null;
}

export interface ArmRow {
  /** The experiment arm (or "holdout"), null when no experiment runs on the slot. */
  arm: string | null;
  policy: string | null;
  explanation: Explanation;
}

export interface SlotPreview {
  slot: string;
  experiment: string | null;
  /** One row per arm of the slot's running experiment (plus the global holdout), else one row. */
  arms: ArmRow[];
  /** Every offer for the slot with its score and price, best net value first. */
  candidates: CandidateRow[];
}

export interface Preview {
  segments: { id: string; name: string }[];
  slots: SlotPreview[];
}

/** Slots the config knows: those of its offers and experiments, in first-seen order. */
export function slotsOf(config: Pick<DeviceConfig, 'offers' | 'experiments'>): string[] {
  return [...new Set([...config.offers.flatMap((o) => o.slots), ...config.experiments.map((e) => e.slot)])];
}

/** A device key outside the global holdout, so "no experiment" rows show the personalised path. */
function personalisedKey(config: DeviceConfig): string {
  for (let i = 0; i < 1000; i++) if (!inGlobalHoldout(config, `preview-${i}`)) return `preview-${i}`;
  return 'preview-0';
}

/**
 * Runs the device's decision for every slot and every arm of the slot's experiment.
 * @example const preview = await previewProfile(previewConfig(draft, published), completeProfile({ frequency: 6 }))
 */
export async function previewProfile(config: DeviceConfig, profile: Profile, options: { now?: number; models?: ModelOptions } = {}): Promise<Preview> {
  const now = options.now ?? Date.now();
  const offers = compileOffers(config);
  const state = { ...emptyState(now), profile };
  const segments = matchSegments(config, profile);
  const deviceKey = personalisedKey(config);
  const slots: SlotPreview[] = [];
  for (const slot of slotsOf(config)) {
    const experiment: Experiment | undefined = config.experiments.find((e) => e.slot === slot && e.status === 'running');
    const armIds = experiment
      ? [...experiment.arms.map((a) => a.id), ...(config.globalHoldout > 0 ? [HOLDOUT_ARM] : [])]
      : [null];
    const arms: ArmRow[] = [];
    for (const armId of armIds) {
      // A stored assignment for the experiment's current version pins the arm: the device keeps it (sticky).
      const assignments = new Map(
        experiment && armId
          ? [[experiment.id, { experiment: experiment.id, version: experiment.version, arm: armId, assignedAt: now, exposedAt: null, exposureReported: false, conversionReported: false }]]
          : [],
      );
      const out = await decideSlot({
        config, offers, state, profile, slot, deviceKey, assignments, page: { offers: new Set(), categories: new Set() },
        now, random: () => 0.5, ...(options.models ? { models: options.models } : {}),
      });
      const policy = armId === HOLDOUT_ARM ? 'holdout' : experiment?.arms.find((a) => a.id === armId)?.policy ?? null;
      arms.push({ arm: armId, policy, explanation: out.explanation });
    }
    const inSlot = offers.filter((c) => c.offer.slots.includes(slot));
    const why = new Map(inSlot.map((c) => [c.offer.id, ineligibility(c, slot, profile, state, config, now)]));
    const eligible = inSlot.filter((c) => why.get(c.offer.id) === null).map((c) => c.offer);
    const scores = await scoreOffers({ config, profile, segmentId: segments[0]?.id ?? null, offers: eligible, ...(options.models ? { models: options.models } : {}) });
    const byId = new Map(scores.map((s) => [s.offerId, s]));
    const candidates: CandidateRow[] = inSlot.map((c) => {
      const s = byId.get(c.offer.id);
      // The edge prices a redemption; this shopper is expected to redeem pTreatment of one (as decide() charges).
      const perRedemption = config.prices[c.offer.id];
      const price = s && perRedemption !== undefined ? offerPrice(s.pTreatment, perRedemption) : null;
      return {
        offerId: c.offer.id,
        excluded: why.get(c.offer.id) ?? null,
        value: s?.value ?? null,
        uplift: s?.uplift ?? null,
        source: s?.source ?? null,
        price,
        net: s ? s.value - (price ?? 0) : null,
      };
    });
    candidates.sort((a, b) => (b.net ?? -Infinity) - (a.net ?? -Infinity));
    slots.push({ slot, experiment: experiment?.id ?? null, arms, candidates });
  }
  return { segments: segments.map((s) => ({ id: s.id, name: s.name })), slots };
}

/** Sample shoppers a marketer can start from; each is a partial profile completed by `completeProfile`. */
export const SAMPLE_PROFILES: Record<string, Partial<Profile>> = {
  'New visitor': { sessions: 1, pageViews: 2, sessionDepth: 2 },
  'VIP, loves womenswear': {
    recencyDays: 6, frequency: 8, monetary: 920, averageOrderValue: 115, sessions: 40, pageViews: 310, itemViews: 120,
    tenureDays: 400, categoryAffinity: { women: 6.2, shoes: 1.1 }, topCategory: 'women', discountShare: 0.2, priceLevel: 85,
  },
  'Lapsing menswear buyer': {
    recencyDays: 95, frequency: 2, monetary: 140, averageOrderValue: 70, sessions: 6, pageViews: 30, itemViews: 12,
    tenureDays: 200, categoryAffinity: { men: 3.4 }, topCategory: 'men', discountShare: 0.5, priceLevel: 60,
  },
  'Bargain hunter': {
    recencyDays: 20, frequency: 3, monetary: 120, averageOrderValue: 40, sessions: 9, pageViews: 60, itemViews: 25,
    tenureDays: 90, categoryAffinity: { accessories: 2.5 }, topCategory: 'accessories', discountShare: 1, priceLevel: 25,
  },
};
