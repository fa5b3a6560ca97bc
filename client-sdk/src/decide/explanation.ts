// Building explain(slot)'s Explanation from what a decision used: only when asked (sdk-explain.js in the script tag).
import type { Offer } from '../../../protocol/offers.ts';
import type { Segment } from '../../../protocol/segments.ts';
import type { OfferScore } from '../scoring/index.ts';
import { HOLDOUT_ARM } from '../experiments/index.ts';
import type { Assignment } from '../store/index.ts';
import { rankFeatures, round, type Explanation } from './explain.ts';
import type { Decision } from './index.ts';

/** What one decision used, kept per slot until explain(slot) asks. Holds no reference to the live profile. */
export interface DecisionTrace {
  slot: string;
  /** Every segment matched, highest priority first. */
  segments: Segment[];
  assignment: Assignment | null;
  holdout: boolean;
  /** Why no offer: global holdout, control arm, page full, nothing eligible, nothing worth its price. */
  empty: 'holdout' | 'control' | 'page' | 'none' | 'price' | null;
  offersConsidered: number;
  offersEligible: number;
  excluded: { offerId: string; why: string }[];
  /** The chosen offer; `seen` holds the values of its `featureNames` when it was chosen. */
  chosen?: { decision: Decision; value: number; price: number; score: OfferScore; offer: Offer; seen: [string, unknown][] };
}

/**
 * The shopper-readable explanation of a decision.
 * @example const explanation = await explainDecision((await decide(input)).trace)
 */
export async function explainDecision(trace: DecisionTrace): Promise<Explanation> {
  const { assignment, chosen } = trace;
  const segment = trace.segments[0];
  const explanation: Explanation = {
    slot: trace.slot, offerId: null, title: null, segment: segment?.id ?? null, segments: trace.segments.map((s) => s.id),
    experiment: assignment?.experiment ?? null, arm: assignment?.arm ?? (trace.holdout ? HOLDOUT_ARM : null), reason: '',
    value: null, price: null, uplift: null, source: null, topFeatures: [], offersConsidered: trace.offersConsidered,
    offersEligible: trace.offersEligible, excluded: trace.excluded,
  };
  if (chosen) {
    const d = chosen.decision;
    return {
      ...explanation, offerId: d.offerId, title: d.content.title, reason: d.reason, value: round(chosen.value),
      price: round(chosen.price), uplift: round(chosen.score.uplift), source: chosen.score.source, topFeatures: rankFeatures(chosen.offer, chosen.seen),
    };
  }
  const reasons = {
    holdout: 'You are in the global holdout: this shop shows you no personalised offers.',
    control: `Experiment ${assignment?.experiment}: your group (${assignment?.arm}) sees no offer.`,
    page: 'This page already shows its offers.',
    none: 'No offer is available to you here right now.',
    price: 'No offer is worth more than its price for you, so none is shown.',
  };
  return { ...explanation, reason: reasons[trace.empty ?? 'none'] };
}
