// The policies Edgewise is compared with: no offers, a random eligible offer, and offers to the likeliest buyers.
import type { DeviceConfig, SiteConfig } from '../protocol/index.ts';
import { scoreWithoutModel } from '../client-sdk/src/scoring/index.ts';
import { matchSegments } from '../client-sdk/src/segments/index.ts';
import type { Policy, Visit } from './policy.ts';
import { compileOffers, deviceConfig, eligibleOffers } from './site.ts';

/** Never shows an offer: the baseline every incremental figure is measured against. */
export function nonePolicy(): Policy {
  return { name: 'none', decide: () => null };
}

/** Shows a uniformly random eligible offer on every visit until the shop switches offers off. */
export function randomPolicy(site: SiteConfig, start: number): Policy {
  const config = deviceConfig(site, 1, start);
  const compiled = compileOffers(config);
  return {
    name: 'random',
    decide(visit: Visit) {
      const open = eligibleOffers(config, compiled, visit.state, visit.now).filter((c) => visit.open(c.offer.id));
      return open.length ? open[Math.floor(visit.random() * open.length)]!.offer.id : null;
    },
  };
}

/**
 * Response targeting, the usual practice without uplift: shows the offer with the highest predicted P(buy | offer)
 * (the SDK's prior scores) to shoppers whose predicted P(buy) is at least `threshold`, ignoring whether they would
 * have bought anyway.
 */
export function propensityPolicy(site: SiteConfig, start: number, threshold = 0.06): Policy {
  const config: DeviceConfig = deviceConfig(site, 1, start);
  const compiled = compileOffers(config);
  return {
    name: 'propensity',
    decide(visit: Visit) {
      const open = eligibleOffers(config, compiled, visit.state, visit.now).filter((c) => visit.open(c.offer.id));
      if (!open.length) return null;
      const [segment] = matchSegments(config, visit.profile);
      const input = { config, profile: visit.profile, segmentId: segment?.id ?? null, offers: open.map((c) => c.offer) };
      let best: { id: string; p: number } | null = null;
      for (const c of open) {
        const score = scoreWithoutModel(input, c.offer);
        if (!best || score.pTreatment > best.p) best = { id: c.offer.id, p: score.pTreatment };
      }
      return best && best.p >= threshold ? best.id : null;
    },
  };
}
