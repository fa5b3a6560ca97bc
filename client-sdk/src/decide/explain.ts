// Explanations: what a shopper sees under "Why this offer?", built from the numbers the decision used.
import type { DeviceOffer as Offer } from '../../../protocol/offers.ts';
import type { Profile } from '../../../protocol/profile.ts';
import type { Segment } from '../../../protocol/segments.ts';
import { readPath, type Condition } from '../conditions/index.ts';
import type { Fact } from './words.ts';

/** One profile attribute that drove the decision. */
export interface Feature {
  name: string;
  value: unknown;
  /** weight · value, when the offer has a linear score. */
  contribution?: number;
}

/** Everything explain(slot) shows; nothing here leaves the device. */
export interface Explanation {
  slot: string;
  offerId: string | null;
  title: string | null;
  /** The segment the shopper is priced and reported in (highest priority), its name, and every match by id. */
  segment: string | null;
  segmentName: string | null;
  segments: string[];
  /** Names of the other segments the shopper matches (not the one above). */
  otherSegments: string[];
  experiment: string | null;
  arm: string | null;
  /** For the shopper: why this offer (or none), in words, without model ids or prices. */
  reason: string;
  /** For the shopper: what the decision used from their profile, in words ("Purchases ever made: 3"). */
  used: Fact[];
  /** For the developer: the numbers, and what would make an offer show here. */
  developer: string;
  /** A QA preview decision (`?edgewise-preview`): nothing about it was stored or reported. */
  preview: boolean;
  value: number | null;
  price: number | null;
  uplift: number | null;
  source: string | null;
  topFeatures: Feature[];
  offersConsidered: number;
  offersEligible: number;
  /** Up to 20 offers that were left out, and why. */
  excluded: { offerId: string; why: string }[];
}

/**
 * The attribute paths a condition reads, added to `out`.
 * @example conditionPaths({ $or: [{ frequency: { $gte: 5 } }, { valueTier: 'high' }] }, new Set()) // {'frequency', 'valueTier'}
 */
export function conditionPaths(condition: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(condition)) for (const c of condition) conditionPaths(c, out);
  else if (condition && typeof condition === 'object')
    for (const key in condition as Condition)
      if (key[0] === '$') conditionPaths((condition as Condition)[key], out);
      else out.add(key);
  return out;
}

/**
 * The attributes an explanation may name: the linear score's inputs, or else (up to three) attributes the shopper's
 * segment is defined by. decide() reads their values when it decides (the profile changes with the next event).
 * @example featureNames(offer, segment) // ['frequency', 'categoryAffinity.women']
 */
export function featureNames(offer: Offer | undefined, segment: Segment | undefined): string[] {
  if (offer?.score && Object.keys(offer.score.weights).length) return Object.keys(offer.score.weights);
  return segment ? [...conditionPaths(segment.condition, new Set())].slice(0, 3) : [];
}

/**
 * The three attributes that mattered most, from `featureNames` and their values: the largest linear-score
 * contributions, or else the segment's attributes.
 * @example rankFeatures(offer, [['frequency', 4]])
 */
export function rankFeatures(offer: Offer | undefined, seen: [name: string, value: unknown][]): Feature[] {
  const weights = offer?.score?.weights;
  if (!weights || !Object.keys(weights).length) return seen.map(([name, value]) => ({ name, value }));
  return seen
    .map(([name, value]) => ({ name, value, contribution: weights[name]! * (typeof value === 'number' ? value : 0) }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, 3);
}

/**
 * The three attributes that mattered most for this profile now.
 * @example topFeatures(offer, segment, profile)
 */
export function topFeatures(offer: Offer | undefined, segment: Segment | undefined, profile: Profile): Feature[] {
  return rankFeatures(offer, featureNames(offer, segment).map((name) => [name, readPath(profile, name)]));
}

export const round = (x: number) => Math.round(x * 1000) / 1000;
