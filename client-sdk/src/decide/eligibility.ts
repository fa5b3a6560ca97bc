// Which offers a shopper may get in a slot right now: slot, validity window, condition, frequency cap, and
// nothing they just bought.
import type { DeviceConfig } from '../../../protocol/device-config.ts';
import type { DeviceOffer as Offer } from '../../../protocol/offers.ts';
import type { Profile } from '../../../protocol/profile.ts';
import { evaluateCondition } from '../conditions/index.ts';
import type { ProfileState } from '../profile/index.ts';

const DAY = 86_400_000;
/** An offer promoting an item bought within this many days is not shown. */
export const JUST_BOUGHT_DAYS = 30;

/** Offers with their validity window parsed once per config, not once per decision. */
export interface CompiledOffer {
  offer: Offer;
  from: number;
  to: number;
}

export function compileOffers(config: DeviceConfig): CompiledOffer[] {
  return config.offers.map((offer) => ({
    offer,
    from: offer.validFrom ? Date.parse(offer.validFrom) : -Infinity,
    // A bare day as validTo means the whole of that day.
    to: offer.validTo ? Date.parse(offer.validTo) + (offer.validTo.length === 10 ? DAY - 1 : 0) : Infinity,
  }));
}

/**
 * Why an offer is left out, as a code for the decision's trace (its words: reasonText, reasons.ts); null when
 * eligible.
 * @example ineligible(compiled, 'hero', profile, state, config, Date.now()) // 'cap:3:7'
 */
export function ineligible(
  c: CompiledOffer, slot: string, profile: Profile, state: ProfileState, config: DeviceConfig, now: number,
): string | null {
  const offer = c.offer;
  if (!offer.slots.includes(slot)) return 'slot';
  if (now < c.from || now > c.to) return 'dates';
  if (!evaluateCondition(profile, offer.eligibility, config.savedGroups)) return 'condition';
  const cap = offer.frequencyCap;
  if (cap) {
    const since = now - cap.days * DAY;
    let shown = 0;
    // A counting loop, not filter(): decide runs per page and every allocation here is GC work in the shop's tab.
    for (const t of state.exposures[offer.id] ?? []) if (t > since) shown++;
    if (shown >= cap.count) return `cap:${cap.count}:${cap.days}`;
  }
  const recent = now - JUST_BOUGHT_DAYS * DAY;
  for (const item of offer.items) {
    const day = profile.purchasedItems[item];
    if (day && Date.parse(day) >= recent - DAY) return `bought:${item}`;
  }
  return null;
}
