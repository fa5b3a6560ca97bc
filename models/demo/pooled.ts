// The demo site's own model: one pooled uplift model for every demo offer, trained (seeded) exactly as the
// simulator's Edgewise trains its model, on the simulator's earlier randomised test of the demo shop.
import demoConfig from '../../demo/site-config.json';
import { redemptionCostOf, siteConfigSchema } from '../../protocol/index.ts';
import { earlierTest, POOLED_L2, type TestVisit } from '../../simulator/models.ts';
import { initialState } from '../../simulator/shop.ts';
import { marketerConfig } from '../../simulator/site.ts';
import { CATEGORIES, ORDER_VALUE, createWorld } from '../../simulator/world.ts';
import { trainPooledUpliftModel } from '../pipeline/pooled.ts';
import type { TrainedModel } from '../pipeline/index.ts';
import type { PooledOffer } from '../train/pooled.ts';

/** The simulator's defaults: the world the simulator's Edgewise is measured on, and its earlier test's size. */
export const DEMO_WORLD = { seed: 1, shoppers: 20_000, days: 28 } as const;
export const DEMO_TEST_SHOPPERS = 30_000;

/**
 * The demo offers as the pooled learner reads them: id, category and cost per redemption from the demo config's
 * own economics (what devices are told). Throws when the simulator's order value or marketer's cost of a redemption
 * differ from them: the model's depth terms would then not be the ones the shop's devices use.
 */
export function demoOffers(simulated: readonly { id: string; redemptionCost?: number | undefined }[]): { offers: PooledOffer[]; averageOrderValue: number } {
  const site = siteConfigSchema.parse(demoConfig);
  const averageOrderValue = site.economics?.averageOrderValue;
  if (averageOrderValue !== ORDER_VALUE) throw new Error(`demo/site-config.json: economics.averageOrderValue is ${averageOrderValue}, the simulator's order value ${ORDER_VALUE}`);
  const offers = site.offers.map((o) => ({ id: o.id, category: o.category, redemptionCost: redemptionCostOf(o, site.economics ?? {}) ?? 0 }));
  for (const offer of offers) {
    const cost = simulated.find((s) => s.id === offer.id)?.redemptionCost;
    if (cost !== offer.redemptionCost) throw new Error(`offer ${offer.id}: the demo config's cost per redemption is ${offer.redemptionCost}, the simulator's ${cost}`);
  }
  return { offers, averageOrderValue };
}

/**
 * Trains `demo-pooled`: the simulator's world at its defaults (seed 1, 20,000 shoppers, 28 days), the marketer's
 * config of it, and 30,000 other shoppers of that world in an earlier test (each shown one offer they were
 * eligible for, or none, at random), fitted by trainPooledUpliftModel with the simulator's L2 and seed.
 * @example const { model, rows } = trainDemoPooled()
 */
export function trainDemoPooled(): { model: TrainedModel; rows: TestVisit[] } {
  const world = createWorld(DEMO_WORLD);
  const site = marketerConfig(world, world.shoppers.map((s) => initialState(world, s)));
  const rows = earlierTest(world, site, DEMO_TEST_SHOPPERS);
  const { offers, averageOrderValue } = demoOffers(site.offers);
  const data = `simulated shoppers of the demo shop: the simulator's earlier randomised test (simulator/models.ts earlierTest; world seed ${DEMO_WORLD.seed}, ${DEMO_WORLD.days}-day period), ${DEMO_TEST_SHOPPERS} shoppers, one visit each`;
  const model = trainPooledUpliftModel(rows, offers, {
    id: 'demo-pooled', data, categories: CATEGORIES, averageOrderValue, seed: world.seed, l2: POOLED_L2,
  });
  return { model, rows };
}
