// decide(slot): eligible offers -> scores -> value minus edge price -> choice -> experiment arm -> Decision.
import type { DeviceConfig } from '../../../protocol/device-config.ts';
import type { DeviceOffer as Offer, OfferContent } from '../../../protocol/offers.ts';
import type { Profile } from '../../../protocol/profile.ts';
import { bestOffer, type Candidate } from '../choose/index.ts';
import { HOLDOUT_ARM, assignArm, experimentFor, inGlobalHoldout } from '../experiments/index.ts';
import type { ProfileState } from '../profile/index.ts';
import { scoreOffers, type ModelOptions } from '../scoring/index.ts';
import { matchSegments } from '../segments/index.ts';
import type { Assignment } from '../store/index.ts';
import { ineligible, type CompiledOffer } from './eligibility.ts';
import { round, type Explanation } from './explain.ts';
import { upliftDecile } from '../../../protocol/holdback.ts';
import { offerPrice } from '../../../protocol/economics.ts';
import { explainDecision, type DecisionTrace } from './explanation.ts';

/** What a page renders in a slot. */
export interface Decision {
  offerId: string;
  content: OfferContent;
  /** The shopper's highest-priority segment. */
  segment: string | null;
  experiment: string | null;
  arm: string | null;
  reason: string;
  /** Set on a QA preview decision (`?edgewise-preview`): nothing about it is stored or reported. */
  preview?: true;
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
  /**
   * QA preview (`?edgewise-preview`): no global holdout and no experiment arm, so the page shows what a
   * personalised shopper sees; `preview[slot]` names an offer shown there whatever its eligibility and price.
   */
  preview?: Record<string, string> | null;
  onModelError?: (modelId: string, error: unknown) => void;
}

export interface DecideOutput {
  decision: Decision | null;
  explanation: Explanation;
  /** The (possibly new) assignment for the slot's experiment: the caller persists it and records the exposure. */
  assignment: Assignment | null;
  /** Set when this decision is in the measurement holdback: the caller opens a holdback unit for it. */
  holdback?: HoldbackDecision;
}

/** A decision in the measurement holdback: the random offer, its predicted uplift's bin, and whether it was shown. */
export interface HoldbackDecision {
  offerId: string;
  decile: number;
  /** false: held back, nothing shown. */
  shown: boolean;
}

/** decideSlot without the explanation: what it used is kept in `trace`, for `explainDecision` on demand. */
export interface DecideResult {
  decision: Decision | null;
  assignment: Assignment | null;
  trace: DecisionTrace;
  /** Set when this decision is in the measurement holdback: the caller opens a holdback unit for it. */
  holdback?: HoldbackDecision;
}

/**
 * Runs the decision pipeline for one slot. Pure apart from the scoring call; the caller records exposures.
 * @example const { decision, explanation } = await decideSlot({ config, offers, state, profile, slot: 'hero', ... })
 */
export async function decideSlot(input: DecideInput): Promise<DecideOutput> {
  const { decision, assignment, trace, holdback } = await decide(input);
  return { decision, assignment, explanation: await explainDecision(trace), ...(holdback ? { holdback } : {}) };
}

/**
 * The pipeline itself; the SDK calls this and builds the explanation only when explain(slot) asks (in the
 * script tag the explanation code is a part of its own, sdk-explain.js).
 * @example const { decision, trace } = await decide(input)
 */
export async function decide(input: DecideInput): Promise<DecideResult> {
  const { config, slot, profile, page, preview } = input;
  const segments = matchSegments(config, profile);
  const segment = segments[0] ?? null;
  const experiment = preview ? undefined : experimentFor(config, slot, input.deviceKey);
  const assignment = experiment
    ? assignArm({
        config, experiment, deviceKey: input.deviceKey, segment: segment?.id ?? null,
        previous: input.assignments.get(experiment.id), now: input.now,
      })
    : null;
  const arm = assignment ? experiment!.arms.find((a) => a.id === assignment.arm) : undefined;
  const holdout = assignment ? assignment.arm === HOLDOUT_ARM : !preview && inGlobalHoldout(config, input.deviceKey);
  const forced = preview?.[slot];
  const trace: DecisionTrace = {
    slot, config, segments, assignment, holdout, preview: !!preview, empty: null, offersConsidered: 0, offersEligible: 0, excluded: [], scores: [],
  };
  const none = (empty: DecisionTrace['empty']): DecideResult => ({ decision: null, assignment, trace: { ...trace, empty } });

  if (holdout) return none('holdout');
  if (arm?.policy === 'control') return none('control');
  if (page.offers.size >= config.constraints.maxOffersPerPage) return none('page');

  const eligible: Offer[] = [];
  for (const c of input.offers) {
    if (forced ? c.offer.id !== forced : !c.offer.slots.includes(slot)) continue;
    trace.offersConsidered++;
    if (arm?.policy === 'offer' && c.offer.id !== arm.offerId) continue;
    const why = forced ? null : page.offers.has(c.offer.id) || (c.offer.category !== undefined && page.categories.has(c.offer.category))
      ? 'page'
      : ineligible(c, slot, profile, input.state, config, input.now);
    if (why === null) eligible.push(c.offer);
    else if (trace.excluded.length < 20) trace.excluded.push({ offerId: c.offer.id, why });
  }
  trace.offersEligible = eligible.length;
  if (forced && !trace.offersConsidered) trace.excluded.push({ offerId: forced, why: 'unpublished' });
  if (!eligible.length) return none('none');

  const scores = await scoreOffers({
    config, profile, segmentId: segment?.id ?? null, offers: eligible,
    ...(input.models ? { models: input.models } : {}), ...(input.onModelError ? { onModelError: input.onModelError } : {}),
  });
  // scoreOffers returns one score per offer, in order.
  // The edge prices a redemption (λ·redemptionCost + ν_o); this shopper is expected to redeem pTreatment of one.
  const candidates: Candidate[] = scores.map((s, i) => ({
    offerId: s.offerId, slot, category: eligible[i]!.category, value: s.value, price: offerPrice(s.pTreatment, config.prices[s.offerId] ?? 0),
  }));
  trace.scores = scores;
  // The measurement holdback: a small random share of decisions shows a random eligible offer or nothing, half each,
  // whatever the values say, so that the edge can measure what each offer adds by its predicted uplift and
  // recalibrate the models (DESIGN.md, Experimentation). Never in a preview or a fixed-offer arm.
  let holdback: HoldbackDecision | undefined;
  if (!forced && arm?.policy !== 'offer' && (config.holdback ?? 0) > 0 && input.random() < config.holdback) {
    const j = Math.min(eligible.length - 1, Math.floor(input.random() * eligible.length));
    holdback = { offerId: eligible[j]!.id, decile: scores[j]!.decile ?? upliftDecile(scores[j]!.uplift), shown: input.random() < 0.5 };
    if (!holdback.shown) return { ...none('holdback'), holdback };
  }
  // A fixed-offer arm (and a forced preview) shows its offer whatever its net value: that is what is measured.
  // One slot per decision: chooseOffers' single-slot case, without the multi-slot matching's bytes.
  const chosen = holdback ? candidates.find((c) => c.offerId === holdback.offerId) : forced || arm?.policy === 'offer' ? candidates[0] : bestOffer(candidates);
  if (!chosen) return none('price');

  const index = candidates.indexOf(chosen);
  const offer = eligible[index]!;
  const score = scores[index]!;
  const reason = `Segment ${segment?.id ?? 'none'}: value ${round(chosen.value)} (${score.source}) minus price ${round(chosen.price)}, ` +
    `best of ${eligible.length} eligible offers.`;
  const decision: Decision = {
    offerId: offer.id, content: offer.content, segment: segment?.id ?? null,
    experiment: assignment?.experiment ?? null, arm: assignment?.arm ?? null, reason,
  };
  if (preview) decision.preview = true;
  // explain() shows the profile as the decision saw it: the profile object changes with the next event. A copy (it
  // is JSON) rather than the values explain() may name, so naming them stays in the explanation's part.
  trace.chosen = { decision, value: chosen.value, price: chosen.price, score, offer, profile: JSON.parse(JSON.stringify(profile)) };
  if (holdback) trace.holdback = true;
  return { decision, assignment, trace, ...(holdback ? { holdback } : {}) };
}

// The words for ineligible's codes (ineligibility, reasonText) are reasons.ts's, imported from there: a re-export
// here would put them in the npm package's first load.
export { compileOffers, ineligible, JUST_BOUGHT_DAYS } from './eligibility.ts';
export type { CompiledOffer } from './eligibility.ts';
export type { Explanation, Feature } from './explain.ts';
export type { DecisionTrace } from './explanation.ts';
export { explainDecision } from './explanation.ts';
