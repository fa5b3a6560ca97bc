// Explanations: what a shopper sees under "Why this offer?", built from the numbers the decision used.
import type { Offer } from '../../../protocol/offers.ts';
import type { Profile } from '../../../protocol/profile.ts';
import type { Segment } from '../../../protocol/segments.ts';
import { readPath, type Condition } from '../conditions/index.ts';

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
  segment: string | null;
  segments: string[];
  experiment: string | null;
  arm: string | null;
  /** One sentence a shopper can read. */
  reason: string;
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

function conditionPaths(condition: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(condition)) for (const c of condition) conditionPaths(c, out);
  else if (condition && typeof condition === 'object')
    for (const key in condition as Condition)
      if (key[0] === '$') conditionPaths((condition as Condition)[key], out);
      else out.add(key);
  return out;
}

/**
 * The three attributes that mattered most: the largest linear-score contributions, or else the attributes the
 * shopper's segment is defined by.
 * @example topFeatures(offer, segment, profile)
 */
export function topFeatures(offer: Offer | undefined, segment: Segment | undefined, profile: Profile): Feature[] {
  if (offer?.score && Object.keys(offer.score.weights).length) {
    return Object.entries(offer.score.weights)
      .map(([name, weight]) => {
        const value = readPath(profile, name);
        return { name, value, contribution: weight * (typeof value === 'number' ? value : 0) };
      })
      .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
      .slice(0, 3);
  }
  if (!segment) return [];
  return [...conditionPaths(segment.condition, new Set())].slice(0, 3).map((name) => ({ name, value: readPath(profile, name) }));
}

export const round = (x: number) => Math.round(x * 1000) / 1000;
