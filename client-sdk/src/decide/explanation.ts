// Building explain(slot)'s Explanation from what a decision used: only when asked (sdk-explain.js in the script
// tag). Two readers: the shopper ("Why this offer?": words, no model ids or prices) and the developer (the numbers,
// and what would make an offer show).
import type { DeviceConfig } from '../../../protocol/device-config.ts';
import type { DeviceOffer as Offer } from '../../../protocol/offers.ts';
import type { Segment } from '../../../protocol/segments.ts';
import type { OfferScore } from '../scoring/index.ts';
import { HOLDOUT_ARM } from '../experiments/index.ts';
import type { Assignment } from '../store/index.ts';
import { featureNames, rankFeatures, round, type Explanation } from './explain.ts';
import { readPath } from '../conditions/index.ts';
import type { Profile } from '../../../protocol/profile.ts';
import { offerPrice } from '../../../protocol/economics.ts';
import type { Decision } from './index.ts';
import { describeFact } from './words.ts';
import { reasonText } from './reasons.ts';

/** What one decision used, kept per slot until explain(slot) asks. Holds no reference to the live profile. */
export interface DecisionTrace {
  slot: string;
  /** The config the decision ran on (offers, segments, prices, currency). */
  config: DeviceConfig;
  /** Every segment matched, highest priority first. */
  segments: Segment[];
  assignment: Assignment | null;
  holdout: boolean;
  /** A QA preview (`?edgewise-preview`): holdout and arms skipped, nothing stored or reported. */
  preview: boolean;
  /** Why no offer: global holdout, control arm, page full, nothing eligible, nothing worth its price. */
  empty: 'holdout' | 'control' | 'page' | 'none' | 'price' | 'holdback' | null;
  /** This decision was in the measurement holdback (a random offer, or nothing). */
  holdback?: boolean;
  offersConsidered: number;
  offersEligible: number;
  /** Codes (eligibility.ts); the Explanation has them in words (reasonText). */
  excluded: { offerId: string; why: string }[];
  /** The eligible offers' scores (value before the edge price), in offer order. */
  scores: OfferScore[];
  /** The chosen offer, and a copy of the profile as the decision read it. */
  chosen?: { decision: Decision; value: number; price: number; score: OfferScore; offer: Offer; profile: Profile };
}

/**
 * The rule a developer needs when nothing shows: the same text in explain() and in the READMEs (README.md and
 * client-sdk/README.md quote it; explanation.test.ts holds them to it).
 */
export const WHAT_MAKES_AN_OFFER_SHOW =
  'An offer shows when it lists the slot, is within its dates, its eligibility matches, its frequency cap is not reached, ' +
  'and its value for this shopper is above its edge price. The value is the expected incremental profit, ' +
  '(pT − pC)·margin − pT·redemptionCost. Where the site\'s uplift model scores the offer, pT and pC are the model\'s, for ' +
  'every shopper, a first visit\'s included. Only for an offer no uplift model scores, or when the model cannot be loaded, ' +
  'the uplift pT − pC is the one the edge learnt for the shopper\'s segment, else the offer\'s upliftPrior for that ' +
  'segment, else 0, and with 0 the offer never shows. The price is pT times the edge\'s price per redemption.';

const scoreSource = (s: OfferScore, segment: Segment | undefined) =>
  s.source === 'prior'
    ? s.uplift === 0
      ? `no upliftPrior for segment "${segment?.id ?? 'none'}" and nothing learnt yet, so its uplift is 0`
      : `upliftPrior ${round(s.uplift)} for segment "${segment?.id ?? 'none'}"`
    : `${s.source} score, uplift ${round(s.uplift)}`;

/** The developer's account: numbers, ids, and what to change. */
function developerNote(trace: DecisionTrace): string {
  const { config, slot, assignment } = trace;
  const segment = trace.segments[0];
  const qa = ' For QA, add ?edgewise-preview to the page URL (or ?edgewise-preview=' + slot + ':OFFER_ID to force one offer).';
  const measure = `the measurement holdback (holdback ${config.holdback}: that share of decisions shows a random eligible offer or nothing, half each, so the edge can measure what offers add)`;
  if (trace.chosen && trace.holdback) return `Offer "${trace.chosen.decision.offerId}" chosen at random by ${measure}.`;
  if (trace.chosen) return `${trace.chosen.decision.reason}${trace.preview ? ' QA preview: nothing stored or reported.' : ''}`;
  switch (trace.empty) {
    case 'holdout':
      return `Global holdout: this device is among the ${round(config.globalHoldout * 100)}% of shoppers (globalHoldout ${config.globalHoldout}) never personalised.${qa}`;
    case 'control':
      return `Experiment "${assignment?.experiment}": arm "${assignment?.arm}" is a control arm and shows nothing.${qa}`;
    case 'holdback':
      return `Nothing shown: this decision was held back by ${measure}.`;
    case 'page':
      return `This page already shows constraints.maxOffersPerPage (${config.constraints.maxOffersPerPage}) offers; a page_view event starts a new page.`;
    case 'price': {
      // The price of an offer for this shopper is its price per redemption times the redemptions expected (pT).
      const lines = trace.scores.map((s) => `"${s.offerId}": value ${round(s.value)} (${scoreSource(s, segment)}) is not above its price ${round(offerPrice(s.pTreatment, config.prices[s.offerId] ?? 0))}`);
      return `No eligible offer is worth more than its edge price: ${lines.join('; ')}. ${WHAT_MAKES_AN_OFFER_SHOW}`;
    }
    default:
      if (!trace.offersConsidered && !trace.excluded.length) return `No offer in config version ${config.version} lists the slot "${slot}". ${WHAT_MAKES_AN_OFFER_SHOW}`;
      return `${trace.offersConsidered} offers list the slot "${slot}", none is eligible: ${excluded(trace).map((e) => `"${e.offerId}": ${e.why}`).join('; ')}. ${WHAT_MAKES_AN_OFFER_SHOW}`;
  }
}

/** The offers left out, with why in words. */
const excluded = (trace: DecisionTrace) => trace.excluded.map((e) => ({ offerId: e.offerId, why: reasonText(e.why) }));

/** The shopper's account, in words. */
function shopperReason(trace: DecisionTrace): string {
  const segment = trace.segments[0];
  const arm = trace.assignment?.arm;
  if (trace.preview && trace.chosen) return 'Shown as a preview, to check how the page looks: nothing about it is stored or reported.';
  if (trace.holdback || trace.empty === 'holdback')
    return 'This shop picks a small share of its offers at random, or shows none, to measure what its offers really add; this was one of those times.';
  if (trace.chosen) {
    const group = segment ? ` you are among this shop's "${segment.name}"` : '';
    const test = trace.assignment && arm !== HOLDOUT_ARM ? ' This shop is testing its offers, and you are in a group that gets personalised ones.' : '';
    return `Picked in your browser from what you viewed and bought on this shop${group ? `:${group}` : ''}.${test}`;
  }
  switch (trace.empty) {
    case 'holdout':
      return 'This shop shows no personalised offers to a small share of visitors, picked at random to measure what offers add, and you are one of them.';
    case 'control':
      return 'This shop is testing whether offers help, and you are in the comparison group, which sees none.';
    case 'page':
      return 'This page already shows as many offers as the shop allows.';
    case 'price':
      return 'None of the offers here is likely to be useful enough to you right now, so none is shown.';
    default:
      return 'No offer fits you here right now.';
  }
}

/**
 * The shopper-readable and developer-readable explanation of a decision.
 * @example const explanation = await explainDecision((await decide(input)).trace)
 */
export async function explainDecision(trace: DecisionTrace): Promise<Explanation> {
  const { assignment, chosen } = trace;
  const segment = trace.segments[0];
  const currency = trace.config.constraints.currency;
  const explanation: Explanation = {
    slot: trace.slot, offerId: null, title: null, segment: segment?.id ?? null, segmentName: segment?.name ?? null,
    segments: trace.segments.map((s) => s.id), otherSegments: trace.segments.slice(1).map((s) => s.name),
    experiment: assignment?.experiment ?? null, arm: assignment?.arm ?? (trace.holdout ? HOLDOUT_ARM : null),
    reason: shopperReason(trace), used: [], developer: developerNote(trace), preview: trace.preview,
    value: null, price: null, uplift: null, source: null, topFeatures: [], offersConsidered: trace.offersConsidered,
    offersEligible: trace.offersEligible, excluded: excluded(trace),
  };
  if (!chosen) return explanation;
  const d = chosen.decision;
  const seen = featureNames(chosen.offer, segment).map((name): [string, unknown] => [name, readPath(chosen.profile, name)]);
  const topFeatures = rankFeatures(chosen.offer, seen);
  return {
    ...explanation, offerId: d.offerId, title: d.content.title, value: round(chosen.value), price: round(chosen.price),
    uplift: round(chosen.score.uplift), source: chosen.score.source, topFeatures,
    used: topFeatures.map((f) => describeFact(f.name, f.value, currency)),
  };
}
