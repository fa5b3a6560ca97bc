// Edgewise as it runs for real, in process: each shopper's device runs the SDK's decide() (segments, model or
// prior scores, edge prices, local choice, experiment assignment) and sends randomised-response outcome reports; each
// night the edge aggregates them, debiases, learns segment uplift, updates bandit posteriors and re-solves the LP.
import type { DeviceConfig, SiteConfig } from '../protocol/index.ts';
import { compileOffers, decideSlot, type CompiledOffer } from '../client-sdk/src/decide/index.ts';
import { Outbox, closeUnits, openUnit, type OutcomeContext, type UnitPlace } from '../client-sdk/src/sync/index.ts';
import type { Assignment } from '../client-sdk/src/store/index.ts';
import { priceOffers } from '../optimiser/index.ts';
import { debiasCount } from '../stats/index.ts';
import { rewardPosteriorsFor, rewardTerms } from '../worker/src/publish/bandits.ts';
import { plannedCostPerShopper } from '../worker/src/feedback/spend.ts';
import { observedUplift } from '../worker/src/feedback/uplift.ts';
import { aggregateCells, type UnitTotals } from '../worker/src/results/aggregate.ts';
import { experimentResults } from '../worker/src/results/report.ts';
import { ReportCounter } from '../worker/src/outcomes/cells.ts';
import type { Policy, Visit } from './policy.ts';
import { LOOP_EXPERIMENT, deviceConfig } from './site.ts';
import type { TrainedModels } from './models.ts';
import { ORDER_VALUE, type World } from './world.ts';

/**
 * Decisions per reported shopper: the control arm's debiased per-shopper conversion rate over the planned
 * per-decision baseline (segment baselines weighted by size), at least 1.
 */
export function decisionsPerShopper(site: SiteConfig, control: UnitTotals | undefined, epsilon: number): number {
  if (!control || control.sets < 50) return 1;
  const rate = debiasCount(control.conversionOnes, control.sets, epsilon).clamped / control.sets;
  const size = site.segments.reduce((a, s) => a + s.size, 0);
  const baseline = site.segments.reduce((a, s) => a + s.size * s.baseline, 0) / (size || 1);
  return baseline > 0 ? Math.max(1, rate / baseline) : 1;
}

export interface EdgewiseOptions {
  /** Learn from experiments each night (the loop). false: priors and the first prices all period. */
  learn?: boolean;
  /** Uplift models shipped in the config and scored on the device; without them devices score with priors. */
  models?: TrainedModels;
  name?: string;
}

/**
 * The Edgewise policy. The edge keeps the marketer's priors as the shrinkage prior and publishes, each night,
 * upliftPrior = the segment uplift learnt from the exploration arms (the worker's observedUplift: stats/segmentUplift
 * on debiased counts, shrunk toward the marketer's priors),
 * prices from optimiser/priceOffers with the budget spent and units redeemed so far (the shop's books), and bandit
 * posteriors (stats/devicePosteriors), compiled by the worker's compileDeviceConfig.
 */
export function edgewisePolicy(world: World, site: SiteConfig, options: EdgewiseOptions = {}): Policy {
  const learn = options.learn ?? true;
  const counter = new ReportCounter();
  let lastNow = 0;
  /** The last optimal plan's allocation: a personalised bandit arm's expected redemption cost per shopper. */
  let allocation: Record<string, Record<string, number>> | null = null;
  const assignments = new Map<number, Map<string, Assignment>>();
  // Each device's units and purchases, as the SDK keeps them without IndexedDB.
  const places = new Map<number, UnitPlace>();
  const placeOf = (shopper: number): UnitPlace => {
    let place = places.get(shopper);
    if (!place) places.set(shopper, (place = { store: null, memory: { units: [], budget: null, events: [] } }));
    return place;
  };
  const models = options.models;
  let working: SiteConfig = models ? { ...site, models: models.manifests } : site;
  const modelOptions = models ? { fetchBytes: async (m: { sha256: string }) => models.bytes.get(m.sha256)! } : undefined;
  let modelErrors = 0;
  let config: DeviceConfig;
  let compiled: CompiledOffer[];
  let version = 0;
  let failedSolves = 0;
  let learnt: Record<string, Record<string, number>> = {};
  let shopperScale = 1;
  const epsilon = site.privacy.epsilon;
  const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

  const baseCost = new Map(site.offers.map((o) => [o.id, o.redemptionCost ?? 0]));
  let costScale = 1;
  let plannedToDate = 0;
  let plannedDaily = 0;

  let lastSpent = 0;
  let lastUsed: Record<string, number> = {};
  const stopped = new Set<string>();

  /**
   * Sell-out guard: an offer whose units left would not cover another day at yesterday's rate (times 1.5), or every
   * discount when the budget left would not, is expired (validTo now). Prices alone cannot stop it: exploration
   * arms show their offer whatever its price, and devices of one segment all act alike.
   */
  const expireUnaffordable = (now: number, spent: number, used: Record<string, number>) => {
    const budgetLeft = working.constraints.budget - spent;
    const budgetGone = budgetLeft < 1.5 * (spent - lastSpent);
    for (const offer of working.offers) {
      const rate = (used[offer.id] ?? 0) - (lastUsed[offer.id] ?? 0);
      const soldOut = offer.inventory !== null && offer.inventory - (used[offer.id] ?? 0) < 1.5 * rate + 1;
      if (soldOut || (budgetGone && baseCost.get(offer.id)! > 0)) stopped.add(offer.id);
    }
    lastSpent = spent;
    lastUsed = { ...used };
    const expired = new Date(now - 1000).toISOString();
    working = { ...working, offers: working.offers.map((o) => (stopped.has(o.id) ? { ...o, validTo: expired } : o)) };
  };

  const publish = (now: number, spent: number, used: Record<string, number>, posteriors: DeviceConfig['posteriors'], daysLeft: number) => {
    expireUnaffordable(now, spent, used);
    // Cost calibration from the shop's books: the offers' costs are the marketer's average redemption rates, but
    // targeted shoppers redeem more often than average; scaling by spent / planned corrects the LP's budget row.
    if (plannedToDate > 0) costScale = Math.min(3, Math.max(0.5, spent / plannedToDate));
    working = { ...working, offers: working.offers.map((o) => ({ ...o, cost: baseCost.get(o.id)! * costScale })) };
    const result = priceOffers(working, { now: new Date(now), spent, used });
    if (result.status === 'optimal') {
      allocation = result.allocation;
      // Planned spend per day: the LP's allocation for the personalised arm's share of visits, plus what the
      // fixed-offer (exploration) arms cost at the offers' planned cost per show.
      // In the marketer's (uncalibrated) costs, so that spent / planned is the factor they are off by.
      const cost = baseCost;
      const experiment = working.experiments[0]!;
      const total = experiment.arms.reduce((a, arm) => a + arm.weight, 0);
      const share = (id: string) => ((1 - working.globalHoldout) * (experiment.arms.find((a) => a.id === id)?.weight ?? 0)) / total;
      let planned = 0;
      let visits = 0;
      for (const segment of result.plan.problem.segments) {
        visits += segment.size;
        for (const [offerId, x] of Object.entries(result.allocation[segment.id] ?? {})) planned += share('personalised') * segment.size * x * cost.get(offerId)!;
      }
      for (const arm of experiment.arms) if (arm.policy === 'offer' && arm.offerId) planned += share(arm.id) * visits * cost.get(arm.offerId)!;
      plannedDaily = planned / Math.max(1, daysLeft);
    }
    let prices = result.prices;
    if (result.status !== 'optimal' || !prices) {
      // As the worker does: a failed solve keeps the previous prices, or prices everything out at the first publish.
      failedSolves++;
      prices = version ? config.prices : Object.fromEntries(working.offers.map((o) => [o.id, Number.MAX_SAFE_INTEGER]));
    }
    config = deviceConfig(working, ++version, now, prices, posteriors);
    compiled = compileOffers(config);
  };

  const context = (visit: Visit): OutcomeContext => ({
    privacy: site.privacy, attributionDays: site.attributionDays, holdbackDays: site.holdbackDays, now: visit.now, random: visit.random,
  });

  return {
    name: options.name ?? (learn ? 'edgewise' : 'edgewise-static'),
    startDay({ day, now, ledger }) {
      lastNow = now;
      if (day === 0) return publish(now, 0, {}, {}, world.days);
      plannedToDate += plannedDaily;
      const cells = counter.cells();
      const experiment = working.experiments[0]!;
      const all = aggregateCells(cells, site.privacy.revenueLevels.length);
      const totals = all.get(`${LOOP_EXPERIMENT}@${experiment.version}`);
      // Bandits are rewarded by profit per exposure, as the worker's feedback loop does it.
      const costPerShopper = allocation ? plannedCostPerShopper(working, allocation) : 0;
      const posteriors = rewardPosteriorsFor(working.experiments, all, site.privacy, (arm) => rewardTerms(arm, working, costPerShopper));
      if (learn && totals) {
        // Reports measure conversion per shopper over the attribution window; the LP and devices value one
        // decision. The control arm's per-shopper rate over the planned per-decision baseline converts between them:
        // the worker's observedUplift runs in per-shopper units (priors scaled up), its answer is scaled back down.
        const k = decisionsPerShopper(working, totals.arms.get('control'), epsilon);
        const scaledSource = { ...site, offers: site.offers.map((o) => ({ ...o, upliftPrior: Object.fromEntries(Object.entries(o.upliftPrior).map(([seg, u]) => [seg, u * k])) })) };
        learnt = Object.fromEntries(Object.entries(observedUplift(all, config, scaledSource)).map(([seg, row]) => [seg, Object.fromEntries(Object.entries(row).map(([o, u]) => [o, u / k]))]));
        shopperScale = k;
        // Priors updated from observed uplift: devices score with upliftPrior, the LP values with it.
        working = {
          ...working,
          offers: working.offers.map((offer) => {
            const upliftPrior = { ...offer.upliftPrior };
            for (const [segment, byOffer] of Object.entries(learnt)) if (segment !== '*' && byOffer[offer.id] !== undefined) upliftPrior[segment] = byOffer[offer.id]!;
            return { ...offer, upliftPrior };
          }),
        };
      }
      publish(now, ledger.spend, ledger.redeemed, posteriors, world.days - day);
    },
    async decide(visit: Visit) {
      const mine = assignments.get(visit.shopper.index) ?? new Map<string, Assignment>();
      assignments.set(visit.shopper.index, mine);
      const ctx = context(visit);
      const today = dayOf(visit.now);
      const place = placeOf(visit.shopper.index);
      // On load the SDK sends the report set of every unit whose window has closed.
      counter.ingest(today, await closeUnits(place, ctx, new Outbox()));
      const out = await decideSlot({
        config, offers: compiled, state: visit.state, profile: visit.profile, slot: 'hero', deviceKey: visit.shopper.key,
        assignments: mine, page: { offers: new Set(), categories: new Set() }, now: visit.now, random: visit.random,
        ...(modelOptions ? { models: modelOptions, onModelError: () => void modelErrors++ } : {}),
      });
      const a = out.assignment;
      if (a) {
        mine.set(a.experiment, a);
        if (!a.exposureReported) {
          const opening = { kind: 'exposure' as const, experiment: a.experiment, version: a.version, arm: a.arm, ...(a.segment ? { segment: a.segment } : {}) };
          const opened = await openUnit(place, opening, ctx, site.attributionDays, new Outbox());
          a.exposureReported = opened !== null;
          if (opened) counter.ingest(today, [opened]);
        }
      }
      const offerId = out.decision?.offerId ?? null;
      return offerId && visit.open(offerId) ? offerId : null;
    },
    afterVisit(visit, _offerId, purchased) {
      // The device keeps its purchases; a unit's report set is made from them once its window closes.
      if (purchased) placeOf(visit.shopper.index).memory.events.push({ t: visit.now, type: 'purchase', value: ORDER_VALUE, items: [] });
    },
    summary() {
      const report = experimentResults(config, aggregateCells(counter.cells(), site.privacy.revenueLevels.length), lastNow)[0];
      const arm = (id: string) => report?.arms.find((a) => a.id === id);
      const personalised = arm('personalised');
      const control = arm('control');
      return {
        configVersions: version,
        models: models ? models.manifests.length : 0,
        modelErrors,
        failedSolves,
        prices: Object.fromEntries(Object.entries(config.prices).map(([k, v]) => [k, Math.round(v * 1000) / 1000])),
        experiment: {
          personalised: personalised ? { exposures: personalised.exposures, rate: personalised.rate } : null,
          control: control ? { exposures: control.exposures, rate: control.rate } : null,
        },
        decisionsPerShopper: Math.round(shopperScale * 100) / 100,
        costScale: Math.round(costScale * 1000) / 1000,
        stoppedOffers: [...stopped],
        learntUplift: Object.fromEntries(Object.entries(learnt).map(([seg, row]) => [seg, Object.fromEntries(Object.entries(row).map(([o, v]) => [o, Math.round(v * 1e5) / 1e5]))])),
      };
    },
  };
}
