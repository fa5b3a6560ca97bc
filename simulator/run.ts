// Runs every policy over the same world, shoppers and days (common random numbers) and sums up the books.
import { applyEvent, recordExposure, refresh, type ProfileState } from '../client-sdk/src/profile/index.ts';
import { nonePolicy, propensityPolicy, randomPolicy } from './baselines.ts';
import { edgewisePolicy } from './edgewise.ts';
import { trainModels, type TrainedModels } from './models.ts';
import { oraclePolicy } from './oracle.ts';
import type { Policy, Visit } from './policy.ts';
import { bookOrder, emptyLedger, initialState, purchaseCategory, purchaseEvent, visitEvents, type Ledger } from './shop.ts';
import { DEFAULT_SITE_OPTIONS, marketerConfig, type SiteOptions } from './site.ts';
import { DAY, createWorld, stream, trueValue, type World } from './world.ts';

export const POLICIES = ['none', 'random', 'propensity', 'edgewise-static', 'edgewise', 'oracle'] as const;
/** Also runnable, not by default: edgewise-models (the loop, devices scoring with uplift models; see README). */
export type PolicyName = (typeof POLICIES)[number] | 'edgewise-models';

export interface SimulationOptions {
  seed: number;
  shoppers: number;
  days: number;
  /** Policies to run; 'none' always runs, since incremental figures are measured against it. */
  policies?: readonly PolicyName[];
  site?: Partial<SiteOptions>;
  /** Shoppers in the retailer's earlier test that Edgewise's uplift models are trained on (default 30,000). */
  trainingShoppers?: number;
}

export interface PolicyResult {
  /** Profit minus the profit of `none` over the same shoppers and days (realised, common random numbers). */
  incrementalProfit: number;
  /** Σ over the offers shown of their true expected incremental profit: the same, without purchase noise. */
  expectedIncrementalProfit: number;
  profit: number;
  spend: number;
  conversions: number;
  incrementalConversions: number;
  offersShown: number;
  /** Budget left unspent (negative: overrun). */
  budgetLeft: number;
  violations: { budget: number; inventory: Record<string, number> };
  /** Cumulative incremental profit at the end of each day. */
  daily: number[];
  details?: Record<string, unknown>;
  seconds: number;
}

export interface SimulationResult {
  seed: number;
  shoppers: number;
  days: number;
  visits: number;
  budget: number;
  inventory: Record<string, number | null>;
  /** Budget and inventory overruns by Edgewise (by every policy run, summed, when Edgewise did not run). */
  violations: number;
  violationsBy: Record<string, number>;
  policies: Record<string, PolicyResult>;
}

function makePolicy(name: PolicyName, world: World, site: ReturnType<typeof marketerConfig>, models: () => TrainedModels): Policy {
  switch (name) {
    case 'none': return nonePolicy();
    case 'random': return randomPolicy(site, world.start);
    case 'propensity': return propensityPolicy(site, world.start);
    case 'edgewise': return edgewisePolicy(world, site);
    case 'edgewise-models': return edgewisePolicy(world, site, { models: models(), name: 'edgewise-models' });
    case 'edgewise-static': return edgewisePolicy(world, site, { learn: false });
    case 'oracle': return oraclePolicy(world, site);
  }
}

async function runPolicy(world: World, policy: Policy): Promise<{ ledger: Ledger; visits: number; seconds: number }> {
  const started = performance.now();
  const states: ProfileState[] = world.shoppers.map((s) => initialState(world, s));
  const ledger = emptyLedger();
  const truths = new Map(world.offers.map((t) => [t.id, t]));
  let visits = 0;
  for (let day = 0; day < world.days; day++) {
    const now = world.start + day * DAY;
    // The shop's switch: offers stop once yesterday's books show the budget or the offer's units used up.
    const budgetGone = ledger.spend >= world.budget;
    const closed = new Set(Object.entries(world.inventory).filter(([id, cap]) => cap !== null && (ledger.redeemed[id] ?? 0) >= cap).map(([id]) => id));
    const open = (id: string) => !budgetGone && !closed.has(id);
    await policy.startDay?.({ day, now, ledger, states });
    for (const shopper of world.shoppers) {
      const rng = stream(world.seed, 'visit', shopper.index, day);
      if (rng() >= shopper.visitRate) continue;
      visits++;
      const state = states[shopper.index]!;
      const { t, events } = visitEvents(world, shopper, day, rng);
      for (const event of events) applyEvent(state, event);
      const visit: Visit = {
        world, shopper, state, profile: refresh(state, t), now: t, day, open,
        random: stream(world.seed, policy.name, shopper.index, day),
      };
      const offerId = await policy.decide(visit);
      const truth = offerId ? truths.get(offerId) : undefined;
      if (offerId && truth) {
        recordExposure(state, offerId, t);
        ledger.shows++;
        ledger.expectedIncrementalProfit += trueValue(shopper, truth);
      }
      // The purchase draw is the world's: the same shopper on the same day draws the same number under every policy.
      const buy = stream(world.seed, 'buy', shopper.index, day);
      const p = truth ? shopper.pTreatment[truth.id]! : shopper.pControl;
      const purchased = buy() < p;
      if (purchased) {
        const offer = offerId ? world.site.offers.find((o) => o.id === offerId) : undefined;
        const coupon = truth && truth.discountCost > 0 ? offerId!.toUpperCase() : undefined;
        applyEvent(state, purchaseEvent(t + 600_000, purchaseCategory(shopper, offer?.category, buy), buy, coupon));
        bookOrder(ledger, truth ? offerId : null, truth?.discountCost ?? 0);
      }
      policy.afterVisit?.(visit, offerId, purchased);
    }
    ledger.dailyProfit.push(ledger.profit);
    ledger.dailySpend.push(ledger.spend);
  }
  return { ledger, visits, seconds: (performance.now() - started) / 1000 };
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Builds the world for `seed` and runs each policy over it. Deterministic: the same options give the same result.
 * @example const result = await simulate({ seed: 1, shoppers: 2000, days: 14 })
 */
export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
  const world = createWorld({ seed: options.seed, shoppers: options.shoppers, days: options.days });
  const site = marketerConfig(world, world.shoppers.map((s) => initialState(world, s)), { ...DEFAULT_SITE_OPTIONS, ...options.site });
  const names = [...new Set<PolicyName>(['none', ...(options.policies ?? POLICIES)])];
  let models: TrainedModels | undefined;
  const trained = () => (models ??= trainModels(world, options.trainingShoppers ?? 30_000));
  const runs = new Map<string, Awaited<ReturnType<typeof runPolicy>> & { policy: Policy }>();
  for (const name of names) {
    const policy = makePolicy(name, world, site, trained);
    runs.set(name, { ...(await runPolicy(world, policy)), policy });
  }
  const none = runs.get('none')!.ledger;
  const policies: Record<string, PolicyResult> = {};
  const violationsBy: Record<string, number> = {};
  for (const [name, run] of runs) {
    const l = run.ledger;
    const inventory: Record<string, number> = {};
    for (const [id, cap] of Object.entries(world.inventory)) if (cap !== null && (l.redeemed[id] ?? 0) > cap) inventory[id] = (l.redeemed[id] ?? 0) - cap;
    const budgetOver = Math.max(0, l.spend - world.budget);
    violationsBy[name] = (budgetOver > 1e-9 ? 1 : 0) + Object.keys(inventory).length;
    const details = run.policy.summary?.();
    policies[name] = {
      incrementalProfit: round(l.profit - none.profit),
      expectedIncrementalProfit: round(l.expectedIncrementalProfit),
      profit: round(l.profit),
      spend: round(l.spend),
      conversions: l.conversions,
      incrementalConversions: l.conversions - none.conversions,
      offersShown: l.shows,
      budgetLeft: round(world.budget - l.spend),
      violations: { budget: round(budgetOver), inventory },
      daily: l.dailyProfit.map((p, d) => round(p - none.dailyProfit[d]!)),
      ...(details ? { details } : {}),
      seconds: round(run.seconds, 2),
    };
  }
  return {
    seed: options.seed, shoppers: options.shoppers, days: options.days, visits: runs.get('none')!.visits,
    budget: world.budget, inventory: world.inventory,
    violations: violationsBy.edgewise ?? Object.values(violationsBy).reduce((a, b) => a + b, 0), violationsBy, policies,
  };
}
