// decide(slot): eligible offers -> scores -> value minus edge price -> choice -> experiment arm -> Decision.
import type { DeviceConfig } from '../../../protocol/device-config.ts';
import type { Offer, OfferContent } from '../../../protocol/offers.ts';
import type { Profile } from '../../../protocol/profile.ts';
import { chooseOffers, type Candidate } from '../choose/index.ts';
import { HOLDOUT_ARM, assignArm, inGlobalHoldout } from '../experiments/index.ts';
import type { ProfileState } from '../profile/index.ts';
import { scoreOffers, type ModelOptions } from '../scoring/index.ts';
import { matchSegments } from '../segments/index.ts';
import type { Assignment } from '../store/index.ts';
import { ineligibility, type CompiledOffer } from './eligibility.ts';
import { round, topFeatures, type Explanation } from './explain.ts';

/** What a page renders in a slot. */
export interface Decision {
  offerId: string;
  content: OfferContent;
  /** The shopper's highest-priority segment. */
  segment: string | null;
  experiment: string | null;
  arm: string | null;
  reason: string;
}

/** Offers already shown on this page: the page-level limit and one offer per category. */
export interface PageState {
  offers: Set<string>;
  categories: Set<string>;
}

export interface DecideInput {
  config: DeviceConfig;
  offers: CompiledOffer[];
  state: ProfileState;
  profile: Profile;
  slot: string;
  deviceKey: string;
  assignments: Map<string, Assignment>;
  page: PageState;
  now: number;
  random: () => number;
  /** Where models are fetched from (the edge API origin). */
  models?: ModelOptions;
  onModelError?: (modelId: string, error: unknown) => void;
}

export interface DecideOutput {
  decision: Decision | null;
  explanation: Explanation;
  /** The (possibly new) assignment for the slot's experiment: the caller persists it and records the exposure. */
  assignment: Assignment | null;
}

/**
 * Runs the decision pipeline for one slot. Pure apart from the scoring call; the caller records exposures.
 * @example const { decision } = await decideSlot({ config, offers, state, profile, slot: 'hero', ... })
 */
export async function decideSlot(input: DecideInput): Promise<DecideOutput> {
  const { config, slot, profile, page } = input;
  const segments = matchSegments(config, profile);
  const segment = segments[0] ?? null;
  const experiment = config.experiments.find((e) => e.slot === slot && e.status === 'running');
  const assignment = experiment
    ? assignArm({
        config, experiment, deviceKey: input.deviceKey, segment: segment?.id ?? null,
        previous: input.assignments.get(experiment.id), now: input.now,
      })
    : null;
  const arm = assignment ? experiment!.arms.find((a) => a.id === assignment.arm) : undefined;
  const holdout = assignment ? assignment.arm === HOLDOUT_ARM : inGlobalHoldout(config, input.deviceKey);

  const explanation: Explanation = {
    slot, offerId: null, title: null, segment: segment?.id ?? null, segments: segments.map((s) => s.id),
    experiment: assignment?.experiment ?? null, arm: assignment?.arm ?? (holdout ? HOLDOUT_ARM : null), reason: '',
    value: null, price: null, uplift: null, source: null, topFeatures: [], offersConsidered: 0, offersEligible: 0,
    excluded: [],
  };
  const none = (reason: string): DecideOutput => ({ decision: null, explanation: { ...explanation, reason }, assignment });

  if (holdout) return none('You are in the global holdout: this shop shows you no personalised offers.');
  if (arm?.policy === 'control') return none(`Experiment ${experiment!.id}: your group (${arm.id}) sees no offer.`);
  if (page.offers.size >= config.constraints.maxOffersPerPage) return none('This page already shows its offers.');

  const eligible: Offer[] = [];
  for (const c of input.offers) {
    if (!c.offer.slots.includes(slot)) continue;
    explanation.offersConsidered++;
    if (arm?.policy === 'offer' && c.offer.id !== arm.offerId) continue;
    const why = page.offers.has(c.offer.id) || (c.offer.category !== undefined && page.categories.has(c.offer.category))
      ? 'same offer or category already on this page'
      : ineligibility(c, slot, profile, input.state, config, input.now);
    if (why === null) eligible.push(c.offer);
    else if (explanation.excluded.length < 20) explanation.excluded.push({ offerId: c.offer.id, why });
  }
  explanation.offersEligible = eligible.length;
  if (!eligible.length) return none('No offer is available to you here right now.');

  const scores = await scoreOffers({
    config, profile, segmentId: segment?.id ?? null, offers: eligible,
    ...(input.models ? { models: input.models } : {}), ...(input.onModelError ? { onModelError: input.onModelError } : {}),
  });
  // scoreOffers returns one score per offer, in order.
  const candidates: Candidate[] = scores.map((s, i) => ({
    offerId: s.offerId, slot, category: eligible[i]!.category, value: s.value, price: config.prices[s.offerId] ?? 0,
  }));
  // A fixed-offer arm shows its offer whatever its net value: that is what the experiment measures.
  const chosen = arm?.policy === 'offer'
    ? candidates[0]
    : chooseOffers(candidates, { slots: [slot], maxOffers: 1 }).get(slot);
  if (!chosen) return none('No offer is worth more than its price for you, so none is shown.');

  const index = candidates.indexOf(chosen);
  const offer = eligible[index]!;
  const score = scores[index]!;
  const net = chosen.value - chosen.price;
  const reason = `Chosen for segment ${segment?.name ?? 'none'}: expected value ${round(chosen.value)} minus price ` +
    `${round(chosen.price)} = ${round(net)} (${score.source} score), the best of ${eligible.length} eligible offers.`;
  const decision: Decision = {
    offerId: offer.id, content: offer.content, segment: segment?.id ?? null,
    experiment: assignment?.experiment ?? null, arm: assignment?.arm ?? null, reason,
  };
  Object.assign(explanation, {
    offerId: offer.id, title: offer.content.title, reason, value: round(chosen.value), price: round(chosen.price),
    uplift: round(score.uplift), source: score.source, topFeatures: topFeatures(offer, segment ?? undefined, profile),
  });
  return { decision, explanation, assignment };
}

export { compileOffers, ineligibility, JUST_BOUGHT_DAYS } from './eligibility.ts';
export type { CompiledOffer } from './eligibility.ts';
export type { Explanation, Feature } from './explain.ts';
