// The site as a marketer would configure it for this world: the demo site's segments and offers, with segment
// sizes and baselines from analytics, what each coupon costs per redemption, and uplift priors that are only guesses.
import type { DeviceConfig, SiteConfig } from '../protocol/index.ts';
import { siteConfigSchema } from '../protocol/index.ts';
import { refresh, type ProfileState } from '../client-sdk/src/profile/index.ts';
import { matchSegments } from '../client-sdk/src/segments/index.ts';
import { compileOffers, ineligible, type CompiledOffer } from '../client-sdk/src/decide/index.ts';
import { compileDeviceConfig } from '../worker/src/publish/compile.ts';
import { DAY, ORDER_MARGIN, stream, type World } from './world.ts';

/**
 * The experiment on the hero slot: by default one personalised arm beside the global holdout (what the programme
 * earns is measured against the holdout); with `explore`/`control` shares, also a no-offer control arm and one
 * exploration arm per offer, for the whole period (costly: see simulator/README.md).
 */
export const LOOP_EXPERIMENT = 'hero-loop';

export interface SiteOptions {
  /** Share of shoppers in whole-period exploration arms (split evenly over the offers). Default 0. */
  explore: number;
  /** Share in a whole-period no-offer control arm. Default 0. */
  control: number;
  /** Share of the hard budget the LP may plan with: the rest is a reserve against noise. */
  budgetShare: number;
  /** Share of decisions in the measurement holdback (the site config's `holdback`). */
  holdback: number;
  /** Run the loop experiment as a bandit: new shoppers' arms follow the edge's Thompson shares. */
  bandit: boolean;
}

export const DEFAULT_SITE_OPTIONS: SiteOptions = { explore: 0, control: 0, budgetShare: 0.9, bandit: false, holdback: 0.03 };

/** The whole-period arms Edgewise used to run (18% of shoppers): for measuring them, and for `--bandit`. */
export const FIXED_ARMS: Pick<SiteOptions, 'explore' | 'control'> = { explore: 0.1, control: 0.08 };

/**
 * The marketer's config. Segment sizes are the expected visits of the segment's shoppers in the period, and
 * baselines their conversion rate, as analytics would tell; an offer's cost per redemption is what its coupon
 * gives away (the shop knows its own coupons); priors are the true segment-average uplift times a random factor
 * in [0.3, 1.7] plus noise of 0.6 points: usually the right sign, rarely the right size, and wrong for some
 * segments. Models, not priors, decide for shoppers a model scores.
 */
export function marketerConfig(world: World, states: readonly ProfileState[], options: SiteOptions = DEFAULT_SITE_OPTIONS): SiteConfig {
  const base = world.site;
  const rng = stream(world.seed, 'marketer');
  const members = new Map<string, number[]>(base.segments.map((s) => [s.id, []]));
  world.shoppers.forEach((shopper, i) => {
    const [primary] = matchSegments(base, refresh(states[i]!, world.start));
    if (primary) members.get(primary.id)!.push(shopper.index);
  });
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const segments = base.segments.map((segment) => {
    const ids = members.get(segment.id)!;
    const visits = ids.reduce((sum, i) => sum + world.shoppers[i]!.visitRate * world.days, 0);
    const baseline = mean(ids.map((i) => world.shoppers[i]!.pControl));
    return { ...segment, size: Math.max(1, Math.round(visits)), baseline: Math.min(1, Math.max(0.001, baseline || segment.baseline)) };
  });
  const truth = new Map(world.offers.map((t) => [t.id, t]));
  const offers = base.offers.map((offer) => {
    const t = truth.get(offer.id)!;
    const upliftPrior: Record<string, number> = {};
    for (const segment of base.segments) {
      const ids = members.get(segment.id)!;
      if (!ids.length) continue;
      const trueUplift = mean(ids.map((i) => world.shoppers[i]!.pTreatment[offer.id]! - world.shoppers[i]!.pControl));
      const guess = trueUplift * (0.3 + 1.4 * rng()) + 0.006 * (2 * rng() - 1) * Math.sqrt(3);
      upliftPrior[segment.id] = Math.round(Math.max(-1, Math.min(1, guess)) * 1e5) / 1e5;
    }
    return {
      ...offer, margin: ORDER_MARGIN, redemptionCost: t.discountCost,
      inventory: world.inventory[offer.id] ?? null, upliftPrior,
    };
  });
  const each = options.explore / offers.length;
  const arms = [
    { id: 'personalised', weight: 1 - options.explore - options.control, policy: 'personalised' as const },
    ...(options.control > 0 ? [{ id: 'control', weight: options.control, policy: 'control' as const }] : []),
    ...(each > 0 ? offers.map((o) => ({ id: `explore-${o.id}`, weight: each, policy: 'offer' as const, offerId: o.id })) : []),
  ];
  return siteConfigSchema.parse({
    ...base,
    autoPublish: true,
    holdback: options.holdback,
    segments,
    offers,
    experiments: [{ id: LOOP_EXPERIMENT, slot: 'hero', version: 1, status: 'running', bandit: options.bandit, arms }],
    constraints: {
      ...base.constraints,
      budget: Math.floor(world.budget * options.budgetShare),
      periodStart: new Date(world.start).toISOString(),
      periodEnd: new Date(world.start + world.days * DAY).toISOString(),
    },
  });
}

/** The config devices would receive, with the given prices (no LP: the baselines do not use prices). */
export function deviceConfig(
  site: SiteConfig, version: number, now: number, prices: Record<string, number> = {}, posteriors: DeviceConfig['posteriors'] = {},
  calibration?: Record<string, number[]>,
): DeviceConfig {
  return compileDeviceConfig(site, { version, publishedAt: new Date(now).toISOString(), prices, posteriors, ...(calibration ? { calibration } : {}) });
}

/**
 * The offers the SDK's own eligibility rules allow this shopper in the hero slot now (conditions, frequency caps,
 * nothing just bought), for policies that choose without the SDK's decide().
 */
export function eligibleOffers(config: DeviceConfig, compiled: readonly CompiledOffer[], state: ProfileState, now: number): CompiledOffer[] {
  return compiled.filter((c) => ineligible(c, 'hero', state.profile, state, config, now) === null);
}

export { compileOffers };
