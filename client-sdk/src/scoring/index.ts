// Scoring: per shopper and offer, the purchase probability with and without the offer, and their difference.
import type { DeviceConfig, Offer, Profile } from '../../../protocol/index.ts';

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

/**
 * Scores every offer for this shopper.
 * @example const scores = await scoreOffers({ config, profile, segmentId: 'vip', offers })
 */
export async function scoreOffers(input: ScoreInput): Promise<OfferScore[]> {
  return input.offers.map((offer) => scoreWithoutModel(input, offer));
}
