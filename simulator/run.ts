// Runs every policy over the same world, shoppers and days (common random numbers) and sums up the books.
import { applyEvent, recordExposure, refresh, type ProfileState } from '../client-sdk/src/profile/index.ts';
import { nonePolicy, propensityPolicy, randomPolicy } from './baselines.ts';
import { edgewisePolicy } from './edgewise.ts';
import { earlierTest, trainModels, type TestVisit, type TrainedModels } from './models.ts';
import { fitObservableTruth, observableOracle, type ObservableTruth } from './observable.ts';
import { oraclePolicy } from './oracle.ts';
import type { Policy, Visit } from './policy.ts';
import { bookOrder, closeDay, emptyLedger, initialState, purchaseCategory, purchaseEvent, startPeriod, visitEvents, type Ledger } from './shop.ts';
import { DEFAULT_SITE_OPTIONS, marketerConfig, type SiteOptions } from './site.ts';
import { DAY, createWorld, stream, trueValue, type World } from './world.ts';

export const POLICIES = ['none', 'random', 'propensity', 'edgewise-static', 'edgewise', 'oracle-observable', 'oracle'] as const;
/** Also runnable, not by default: edgewise-priors (devices score with the marketer's segment priors, no models). */
export type PolicyName = (typeof POLICIES)[number] | 'edgewise-priors';
export const EXTRA_POLICIES = ['edgewise-priors'] as const;

export interface SimulationOptions {
  seed: number;
  shoppers: number;
  /** Days in one budget period. */
  days: number;
  /** Budget periods in a row (default 1): each starts with the budget and every offer's units afresh. */
  periods?: number;
  /** Policies to run; 'none' always runs, since incremental figures are measured against it. */
  policies?: readonly PolicyName[];
  site?: Partial<SiteOptions>;
  /**
   * Shoppers in the retailer's earlier randomised test the models learn from (default 1.5 × shoppers: one earlier
   * period of a shop of the same size and a half; 30,000 at the default 20,000).
   */
  trainingShoppers?: number;
}

/** One budget period's figures of a policy. */
export interface PeriodResult {
  incrementalProfit: number;
  expectedIncrementalProfit: number;
  spend: number;
  budgetLeft: number;
  violations: { budget: number; inventory: Record<string, number> };
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
  /** Budget left unspent, summed over periods (negative: overrun). */
  budgetLeft: number;
  /** Overruns summed over periods: spend above the budget, and redemptions above an offer's units. */
  violations: { budget: number; inventory: Record<string, number> };
  /** Per budget period. */
  periods: PeriodResult[];
  /** Per offer: times shown, units redeemed, and the true expected incremental profit of those shows. */
  offers: Record<string, { shows: number; redeemed: number; expectedIncrementalProfit: number }>;
  /** Cumulative incremental profit at the end of each day. */
  daily: number[];
  details?: Record<string, unknown>;
  seconds: number;
}

export interface SimulationResult {
  seed: number;
  shoppers: number;
  days: number;
  periods: number;
  visits: number;
  /** Budget of one period. */
  budget: number;
  inventory: Record<string, number | null>;
  /** Budget and inventory overruns by Edgewise (by every policy run, summed, when Edgewise did not run). */
  violations: number;
  violationsBy: Record<string, number>;
  policies: Record<string, PolicyResult>;
}

interface Context {
  world: World;
  site: ReturnType<typeof marketerConfig>;
  models: () => TrainedModels;
  observable: () => ObservableTruth;
}

function makePolicy(name: PolicyName, c: Context): Policy {
  switch (name) {
    case 'none': return nonePolicy();
    case 'random': return randomPolicy(c.site, c.world.start);
    case 'propensity': return propensityPolicy(c.site, c.world.start);
    case 'edgewise': return edgewisePolicy(c.world, c.site, { models: c.models() });
    case 'edgewise-static': return edgewisePolicy(c.world, c.site, { models: c.models(), learn: false });
    case 'edgewise-priors': return edgewisePolicy(c.world, c.site, { name: 'edgewise-priors' });
    case 'oracle-observable': return observableOracle(c.world, c.site, c.observable());
    case 'oracle': return oraclePolicy(c.world, c.site);
  }
}

interface Run {
  ledger: Ledger;
  visits: number;
  seconds: number;
  /** Per period: profit, spend, redemptions and the expected incremental profit at its end. */
  periods: { profit: number; spend: number; redeemed: Record<string, number>; expected: number }[];
}

async function runPolicy(world: World, policy: Policy, periods: number): Promise<Run> {
  const started = performance.now();
  const states: ProfileState[] = world.shoppers.map((s) => initialState(world, s));
  const ledger = emptyLedger();
  const truths = new Map(world.offers.map((t) => [t.id, t]));
  const ends: Run['periods'] = [];
  let visits = 0;
  for (let period = 0; period < periods; period++) {
    startPeriod(ledger, period);
    for (let day = 0; day < world.days; day++) {
      // Days run on from one period to the next: the world's random numbers are keyed on the day of the whole run.
      const at = period * world.days + day;
      const now = world.start + at * DAY;
      // The shop's switch: offers stop once yesterday's books show the period's budget or the offer's units used up.
      const budgetGone = ledger.period.spend >= world.budget;
      const closed = new Set(Object.entries(world.inventory).filter(([id, cap]) => cap !== null && (ledger.period.redeemed[id] ?? 0) >= cap).map(([id]) => id));
      const open = (id: string) => !budgetGone && !closed.has(id);
      await policy.startDay?.({ day, period, days: world.days, now, ledger, states });
      const redeemedBefore = { ...ledger.period.redeemed };
      const spendBefore = ledger.period.spend;
      for (const shopper of world.shoppers) {
        const rng = stream(world.seed, 'visit', shopper.index, at);
        if (rng() >= shopper.visitRate) continue;
        visits++;
        const state = states[shopper.index]!;
        const { t, events } = visitEvents(world, shopper, at, rng);
        for (const event of events) applyEvent(state, event);
        const visit: Visit = {
          world, shopper, state, profile: refresh(state, t), now: t, day, period, open,
          random: stream(world.seed, 'policy', shopper.index, at),
        };
        const offerId = await policy.decide(visit);
        const truth = offerId ? truths.get(offerId) : undefined;
        if (offerId && truth) {
          recordExposure(state, offerId, t);
          const value = trueValue(shopper, truth);
          ledger.shows++;
          ledger.expectedIncrementalProfit += value;
          const tally = (ledger.byOffer[offerId] ??= { shows: 0, expected: 0 });
          tally.shows++;
          tally.expected += value;
        }
        // The purchase draw is the world's: the same shopper on the same day draws the same number under every policy.
        const buy = stream(world.seed, 'buy', shopper.index, at);
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
      closeDay(ledger, redeemedBefore, spendBefore);
    }
    ends.push({ profit: ledger.profit, spend: ledger.period.spend, redeemed: { ...ledger.period.redeemed }, expected: ledger.expectedIncrementalProfit });
  }
  return { ledger, visits, seconds: (performance.now() - started) / 1000, periods: ends };
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

function overruns(world: World, spend: number, redeemed: Record<string, number>): PeriodResult['violations'] {
  const inventory: Record<string, number> = {};
  for (const [id, cap] of Object.entries(world.inventory)) if (cap !== null && (redeemed[id] ?? 0) > cap) inventory[id] = (redeemed[id] ?? 0) - cap;
  const budget = Math.max(0, spend - world.budget);
  return { budget: budget > 1e-9 ? round(budget) : 0, inventory };
}

/**
 * Builds the world for `seed` and runs each policy over it. Deterministic: the same options give the same result.
 * @example const result = await simulate({ seed: 1, shoppers: 2000, days: 14 })
 */
export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
  const periods = options.periods ?? 1;
  const world = createWorld({ seed: options.seed, shoppers: options.shoppers, days: options.days });
  const site = marketerConfig(world, world.shoppers.map((s) => initialState(world, s)), { ...DEFAULT_SITE_OPTIONS, ...options.site });
  const names = [...new Set<PolicyName>(['none', ...(options.policies ?? POLICIES)])];
  const training = options.trainingShoppers ?? Math.round(1.5 * options.shoppers);
  // The retailer's earlier test: Edgewise's models learn from its outcomes, the observable oracle from its truth.
  let visits: TestVisit[] | undefined;
  const test = () => (visits ??= earlierTest(world, site, training));
  let models: TrainedModels | undefined;
  let observable: ObservableTruth | undefined;
  const context: Context = {
    world, site,
    models: () => (models ??= trainModels(world, site, test(), training)),
    observable: () => (observable ??= fitObservableTruth(world, test())),
  };
  const runs = new Map<string, Run & { policy: Policy }>();
  for (const name of names) {
    const policy = makePolicy(name, context);
    runs.set(name, { ...(await runPolicy(world, policy, periods)), policy });
  }
  const none = runs.get('none')!;
  const policies: Record<string, PolicyResult> = {};
  const violationsBy: Record<string, number> = {};
  for (const [name, run] of runs) {
    const l = run.ledger;
    const perPeriod: PeriodResult[] = run.periods.map((end, k) => {
      const before = k ? run.periods[k - 1]! : { profit: 0, expected: 0 };
      const noneBefore = k ? none.periods[k - 1]!.profit : 0;
      return {
        incrementalProfit: round(end.profit - before.profit - (none.periods[k]!.profit - noneBefore)),
        expectedIncrementalProfit: round(end.expected - before.expected),
        spend: round(end.spend),
        budgetLeft: round(world.budget - end.spend),
        violations: overruns(world, end.spend, end.redeemed),
      };
    });
    const inventory: Record<string, number> = {};
    for (const p of perPeriod) for (const [id, n] of Object.entries(p.violations.inventory)) inventory[id] = (inventory[id] ?? 0) + n;
    const budgetOver = perPeriod.reduce((a, p) => a + p.violations.budget, 0);
    violationsBy[name] = perPeriod.reduce((a, p) => a + (p.violations.budget > 0 ? 1 : 0) + Object.keys(p.violations.inventory).length, 0);
    const details = run.policy.summary?.();
    policies[name] = {
      incrementalProfit: round(l.profit - none.ledger.profit),
      expectedIncrementalProfit: round(l.expectedIncrementalProfit),
      profit: round(l.profit),
      spend: round(l.spend),
      conversions: l.conversions,
      incrementalConversions: l.conversions - none.ledger.conversions,
      offersShown: l.shows,
      budgetLeft: round(world.budget * periods - l.spend),
      violations: { budget: round(budgetOver), inventory },
      periods: perPeriod,
      offers: Object.fromEntries(Object.entries(l.byOffer).map(([id, t]) => [id, { shows: t.shows, redeemed: l.redeemed[id] ?? 0, expectedIncrementalProfit: round(t.expected) }])),
      daily: l.dailyProfit.map((p, d) => round(p - none.ledger.dailyProfit[d]!)),
      ...(details ? { details } : {}),
      seconds: round(run.seconds, 2),
    };
  }
  return {
    seed: options.seed, shoppers: options.shoppers, days: options.days, periods, visits: none.visits,
    budget: world.budget, inventory: world.inventory,
    violations: violationsBy.edgewise ?? Object.values(violationsBy).reduce((a, b) => a + b, 0), violationsBy, policies,
  };
}
