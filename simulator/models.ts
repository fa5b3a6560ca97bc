// Uplift models for the simulated shop, trained the way a retailer would: on its own earlier randomised test (a
// separate population drawn from the same world), with the project's training pipeline, shipped as ONNX and
// scored on the device by the SDK's model runtime.
import type { ModelManifest, SiteConfig } from '../protocol/index.ts';
import { trainPooledUpliftModel } from '../models/pipeline/pooled.ts';
import type { PooledRow } from '../models/train/pooled.ts';
import { applyEvent, refresh } from '../client-sdk/src/profile/index.ts';
import { initialState, purchaseCategory, purchaseEvent, visitEvents } from './shop.ts';
import { compileOffers, deviceConfig, eligibleOffers } from './site.ts';
import { CATEGORIES, ORDER_VALUE, createWorld, stream, type World } from './world.ts';

/** The pooled model's L2 penalty: chosen on seeds 1-3 of the simulator (simulator/README.md). */
export const POOLED_L2 = 0.02;

export interface TrainedModels {
  manifests: ModelManifest[];
  /** Model bytes by sha256, what the edge would serve at /v1/models/{sha256}. */
  bytes: Map<string, Uint8Array>;
  /** Rows of the earlier test. */
  rows: number;
}

/** One visit of the earlier test: the shopper's profile then, the offer shown (or none), and the outcome. */
export interface TestVisit extends PooledRow {
  /** The shopper's truth (for the observable oracle's fit, never for Edgewise's). */
  pControl: number;
  pTreatment: Record<string, number>;
}

/**
 * The retailer's earlier randomised test: `shoppers` other shoppers of the same world. Each visits as usual (no
 * offers) until their test visit, on a random day of a period, so that profiles of every age are in it; at that
 * visit they are shown one of the offers they are eligible for then (the SDK's own eligibility rules), or none, at
 * random, and their purchase is drawn from the truth. One row per shopper. (Randomising every visit instead gives
 * more rows but teaches the model what the test's own coupons did to the discount share: it loses in simulation.)
 * @example const visits = earlierTest(world, site, 30_000)
 */
export function earlierTest(world: World, site: SiteConfig, shoppers: number): TestVisit[] {
  const past = createWorld({ seed: (world.seed ^ 0x5bd1e995) >>> 0, shoppers, days: world.days, start: world.start });
  const config = deviceConfig(site, 1, world.start);
  const compiled = compileOffers(config);
  return past.shoppers.map((shopper) => {
    const state = initialState(past, shopper);
    const testDay = Math.floor(stream(past.seed, 'test-day', shopper.index)() * past.days);
    for (let day = 0; day < testDay; day++) {
      const rng = stream(past.seed, 'visit', shopper.index, day);
      if (rng() >= shopper.visitRate) continue;
      const visit = visitEvents(past, shopper, day, rng);
      for (const event of visit.events) applyEvent(state, event);
      const buy = stream(past.seed, 'buy', shopper.index, day);
      if (buy() < shopper.pControl) applyEvent(state, purchaseEvent(visit.t + 600_000, purchaseCategory(shopper, undefined, buy), buy));
    }
    const rng = stream(past.seed, 'past-test', shopper.index);
    const { t, events } = visitEvents(past, shopper, testDay, rng);
    for (const event of events) applyEvent(state, event);
    const arms = [null, ...eligibleOffers(config, compiled, state, t).map((c) => c.offer.id)];
    const offerId = arms[Math.floor(rng() * arms.length)]!;
    const bought = rng() < (offerId ? shopper.pTreatment[offerId]! : shopper.pControl) ? 1 : 0;
    return { profile: structuredClone(refresh(state, t)), offerId, bought, pControl: shopper.pControl, pTreatment: shopper.pTreatment };
  });
}

/**
 * One pooled uplift model for every offer (models/pipeline/pooled.ts), trained on the earlier test.
 * @example const { manifests, bytes } = trainModels(world, site, earlierTest(world, site, 30_000), 30_000)
 */
export function trainModels(world: World, site: SiteConfig, rows: readonly TestVisit[], shoppers: number): TrainedModels {
  const offers = site.offers.map((o) => ({ id: o.id, category: o.category, redemptionCost: o.redemptionCost ?? 0 }));
  const model = trainPooledUpliftModel(rows, offers, {
    id: 'sim-pooled', data: `simulated earlier test: ${shoppers} shoppers, ${rows.length} visits`, categories: CATEGORIES, averageOrderValue: ORDER_VALUE,
    seed: world.seed, l2: POOLED_L2,
  });
  return { manifests: [model.manifest], bytes: new Map([[model.manifest.sha256, model.bytes]]), rows: rows.length };
}
