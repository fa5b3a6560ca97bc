// The observable oracle: the oracle's decisions and prices, from the true purchase probabilities only as far as the
// on-device profile reveals them (boosted trees fitted to the truth on profile features). Each run then splits the
// gap to the oracle into information loss (oracle − observable) and decision loss (observable − Edgewise).
import type { Profile, SiteConfig } from '../protocol/index.ts';
import { offerValue } from '../protocol/economics.ts';
import { refresh } from '../client-sdk/src/profile/index.ts';
import { featureVector } from '../client-sdk/src/scoring/features.ts';
import type { FeatureSpec } from '../protocol/index.ts';
import { fitGbt, predictGbt, type Gbt } from '../models/train/gbt.ts';
import { pooledInputs } from '../models/train/pooled.ts';
import type { TestVisit } from './models.ts';
import { oracleDuals } from './oracle.ts';
import type { Policy, Visit } from './policy.ts';
import { compileOffers, deviceConfig, eligibleOffers } from './site.ts';
import { CATEGORIES, type World } from './world.ts';

/** E[p | profile] for no offer and each offer. */
export interface ObservableTruth {
  estimate(profile: Profile): { pControl: number; pTreatment: Record<string, number> };
  seconds: number;
}

/** The features the fit reads: the pooled model's profile inputs and the price level, raw (trees need no scaling). */
const INPUTS: FeatureSpec[] = [...pooledInputs(CATEGORIES), { kind: 'numeric', name: 'price_level', source: 'priceLevel', fill: 0 }];

/**
 * Fits, on the earlier test's shoppers (profiles of all ages), boosted trees to each shopper's
 * true P(buy | no offer) and P(buy | offer) as soft labels: the best estimate of the truth the profile allows, up to
 * the fit. At most `rows` visits, evenly spaced, bound the fit's time.
 * @example const truth = fitObservableTruth(world, earlierTest(world, site, 30_000))
 */
export function fitObservableTruth(world: World, all: readonly TestVisit[], rows = 40_000): ObservableTruth {
  const started = performance.now();
  const step = Math.max(1, all.length / rows);
  const visits = Array.from({ length: Math.min(rows, all.length) }, (_, i) => all[Math.floor(i * step)]!);
  const X = visits.map((v) => featureVector(INPUTS, v.profile));
  const options = { trees: 150, depth: 4, rate: 0.1 };
  const control = fitGbt(X, visits.map((v) => v.pControl), options);
  const treated = new Map<string, Gbt>(world.offers.map((o) => [o.id, fitGbt(X, visits.map((v) => v.pTreatment[o.id]!), options)]));
  return {
    estimate(profile) {
      const x = [featureVector(INPUTS, profile)];
      return { pControl: predictGbt(control, x)[0]!, pTreatment: Object.fromEntries([...treated].map(([id, m]) => [id, predictGbt(m, x)[0]!])) };
    },
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * The oracle's policy on estimated truth: each morning the exact per-shopper dual for what is left of the period's
 * budget and units (estimates from each shopper's profile as it stands), and at each visit the offer of largest
 * value net of its price, estimated from the profile at that visit. No holdout, as the oracle.
 * @example observableOracle(world, site, fitObservableTruth(world, earlierTest(world, site, 30_000)))
 */
export function observableOracle(world: World, site: SiteConfig, truth: ObservableTruth): Policy {
  const config = deviceConfig(site, 1, world.start);
  const compiled = compileOffers(config);
  const O = world.offers.length;
  const S = world.shoppers.length;
  const index = new Map(world.offers.map((t, o) => [t.id, o]));
  // The offer's margin as the marketer states it, and what a redemption truly gives away.
  const economics = world.offers.map((t, o) => ({ margin: site.offers[o]!.margin, redemptionCost: t.discountCost }));
  const value = new Float64Array(S * O);
  const cost = new Float64Array(S * O);
  const units = new Float64Array(S * O);
  // Estimates move with profiles: recomputed for shoppers who visited since, and for everyone once a week.
  const stale = new Uint8Array(S).fill(1);
  const fill = (i: number, profile: Profile) => {
    const e = truth.estimate(profile);
    world.offers.forEach((t, o) => {
      const pT = e.pTreatment[t.id]!;
      const k = i * O + o;
      value[k] = offerValue(pT, e.pControl, economics[o]!);
      units[k] = pT;
      cost[k] = pT * economics[o]!.redemptionCost;
    });
  };
  let lambda = 0;
  let nu: Float64Array = new Float64Array(O);
  return {
    name: 'oracle-observable',
    startDay({ day, days, now, ledger, states }) {
      const refreshAll = day % 7 === 0;
      const eligible = new Uint8Array(S * O);
      states.forEach((state, i) => {
        const profile = refresh(state, now);
        if (refreshAll || stale[i]) fill(i, profile);
        stale[i] = 0;
        for (const c of eligibleOffers(config, compiled, state, now)) eligible[i * O + index.get(c.offer.id)!] = 1;
      });
      const n = Float64Array.from(world.shoppers, (s) => s.visitRate * (days - day));
      const inventory = world.offers.map((t) => {
        const cap = world.inventory[t.id];
        return cap === null || cap === undefined ? null : Math.max(0, cap - (ledger.period.redeemed[t.id] ?? 0));
      });
      ({ lambda, nu } = oracleDuals(n, value, cost, units, eligible, O, Math.max(0, site.constraints.budget - ledger.period.spend), inventory));
    },
    decide(visit: Visit) {
      const i = visit.shopper.index;
      fill(i, visit.profile);
      stale[i] = 1;
      let best = 0;
      let arg: string | null = null;
      for (const c of eligibleOffers(config, compiled, visit.state, visit.now)) {
        if (!visit.open(c.offer.id)) continue;
        const o = index.get(c.offer.id)!;
        const k = i * O + o;
        const net = value[k]! - lambda * cost[k]! - nu[o]! * units[k]!;
        if (net > best) [best, arg] = [net, c.offer.id];
      }
      return arg;
    },
    summary: () => ({ budgetDual: Math.round(lambda * 1e4) / 1e4, fitSeconds: Math.round(truth.seconds * 10) / 10 }),
  };
}
