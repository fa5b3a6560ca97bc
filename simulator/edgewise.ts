// Edgewise as it runs for real, in process: each shopper's device runs the SDK's decide() (segments, model scores,
// edge prices, local choice, the measurement holdback, experiment assignment) and reports through the SDK's units;
// each night the edge paces its prices from the shop's books and, in the loop, recalibrates from the holdback.
import type { DeviceConfig, SiteConfig } from '../protocol/index.ts';
import { compileOffers, decide, type CompiledOffer } from '../client-sdk/src/decide/index.ts';
import { Outbox, closeUnits, openUnit, type OutcomeContext, type UnitPlace } from '../client-sdk/src/sync/index.ts';
import type { Assignment } from '../client-sdk/src/store/index.ts';
import { paceDuals, priceOffers, pricesPerRedemption, startingLambda, type PacedDay } from '../optimiser/index.ts';
import { rewardPosteriorsFor, rewardTerms } from '../worker/src/publish/bandits.ts';
import { plannedCostPerShopper } from '../worker/src/feedback/spend.ts';
import { redemptionCosts } from '../worker/src/feedback/pacing.ts';
import { upliftCalibration, type Calibration } from '../stats/calibration.ts';
import { holdbackAggregates } from '../worker/src/results/holdback.ts';
import { aggregateCells } from '../worker/src/results/aggregate.ts';
import { experimentResults } from '../worker/src/results/report.ts';
import { ReportCounter } from '../worker/src/outcomes/cells.ts';
import type { DayStart, Policy, Visit } from './policy.ts';
import { LOOP_EXPERIMENT, deviceConfig } from './site.ts';
import type { TrainedModels } from './models.ts';
import { DAY, ORDER_VALUE, type World } from './world.ts';

export interface EdgewiseOptions {
  /**
   * The loop: learn from what was measured. Across budget periods the prices start where the last period's pacing
   * ended, not from the plan. false (edgewise-static): every period starts from the plan, as the first did.
   */
  learn?: boolean;
  /** Uplift models shipped in the config and scored on the device; without them devices score with segment priors. */
  models?: TrainedModels;
  name?: string;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The Edgewise policy. Each period starts from the edge LP's prices for the marketer's segment plan (or, in the loop
 * after the first period, from where pacing ended); each night after that the prices are paced by the shop's books
 * (optimiser/pacing.ts: spend and redemptions yesterday against the budget and units left per day), and the device
 * config is compiled by the worker's compileDeviceConfig with prices per redemption λ·redemptionCost + ν_o. The
 * loop also recalibrates the models each night from the holdback decisions measured so far (stats/calibration.ts).
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
  const redemptionCost = redemptionCosts(site);
  let modelErrors = 0;
  let config: DeviceConfig;
  let compiled: CompiledOffer[];
  let version = 0;
  let failedSolves = 0;
  let lambda = 0;
  let nu: Record<string, number> = {};
  const lambdas: number[] = [];
  // The budget price in force and the books' spend of each day of the current period: the next period starts from them.
  let period: PacedDay[] = [];
  const shiftLog: number[] = [];

  let calibration: Calibration | undefined;
  const holdbacks = { shown: 0, held: 0 };
  // Diagnostics only (the summary): the true uplift of holdback decisions, by offer and decile.
  const holdbackTruth: Record<string, { n: number; uplift: number }> = {};

  /** The plan's prices: the edge LP on the marketer's segments for the whole period ahead. */
  const planPrices = (now: number) => {
    const result = priceOffers(working, { now: new Date(now), spent: 0, used: {} });
    if (result.status !== 'optimal' || !result.duals) {
      // As the worker does: a failed solve keeps the previous prices (or none before the first).
      failedSolves++;
      return;
    }
    lambda = result.duals.budget;
    nu = { ...result.duals.inventory };
    allocation = result.allocation;
  };

  const pace = ({ day, days, ledger }: DayStart) => {
    const books = ledger.period;
    const units = Object.fromEntries(site.offers.map((o) => [o.id, {
      cap: o.inventory, used: books.redeemed[o.id] ?? 0, usedLastDay: books.dailyRedeemed.at(-1)?.[o.id] ?? 0,
    }]));
    ({ lambda, nu } = paceDuals({
      budget: site.constraints.budget, spent: books.spend, spentLastDay: books.dailySpend.at(-1) ?? 0, daysLeft: days - day,
      lambda, nu, units, redemptionCost,
    }));
  };

  const publish = (now: number, posteriors: DeviceConfig['posteriors']) => {
    const shifts = calibration ? Object.fromEntries(Object.entries(calibration.offers).map(([id, c]) => [id, c.shift])) : undefined;
    config = deviceConfig(working, ++version, now, pricesPerRedemption(lambda, nu, redemptionCost), posteriors, shifts);
    compiled = compileOffers(config);
  };

  const context = (visit: Visit): OutcomeContext => ({
    privacy: site.privacy, attributionDays: site.attributionDays, holdbackDays: site.holdbackDays, now: visit.now, random: visit.random,
  });

  return {
    name: options.name ?? (learn ? 'edgewise' : 'edgewise-static'),
    startDay(start) {
      const { day, days, now } = start;
      lastNow = now;
      // The budget period moves on with the days: the LP paces against it.
      const periodStart = world.start + start.period * days * DAY;
      working = { ...working, constraints: { ...working.constraints, periodStart: new Date(periodStart).toISOString(), periodEnd: new Date(periodStart + days * DAY).toISOString() } };
      if (day > 0) period[day - 1]!.spend = start.ledger.period.dailySpend.at(-1) ?? 0;
      if (day === 0 && (start.period === 0 || !learn)) planPrices(now);
      else if (day === 0) {
        // The loop starts a new period where last period's books put the budget price: the λ at which its spend
        // curve meets the budget per day (else where pacing ended). Units start afresh from the plan.
        const learnt = startingLambda(period, site.constraints.budget / days) ?? lambda;
        planPrices(now);
        lambda = learnt;
      } else pace(start);
      if (day === 0) period = [];
      period.push({ lambda, spend: 0 });
      lambdas.push(r3(lambda));
      // The loop recalibrates the models from every holdback decision measured so far (all periods).
      if (learn && version > 0) {
        calibration = upliftCalibration(holdbackAggregates(counter.cells(), config, now), site.privacy.epsilon);
        shiftLog.push(r3(100 * Math.max(0, ...Object.values(calibration.offers).flatMap((c) => c.shift.map(Math.abs)))));
      }
      // Bandits are rewarded by profit per exposure, as the worker's feedback loop does it.
      const all = aggregateCells(counter.cells(), site.privacy.revenueLevels.length);
      const costPerShopper = allocation ? plannedCostPerShopper(working, allocation) : 0;
      publish(now, rewardPosteriorsFor(working.experiments, all, site.privacy, (arm) => rewardTerms(arm, working, costPerShopper)));
    },
    async decide(visit: Visit) {
      const mine = assignments.get(visit.shopper.index) ?? new Map<string, Assignment>();
      assignments.set(visit.shopper.index, mine);
      const ctx = context(visit);
      const today = new Date(visit.now).toISOString().slice(0, 10);
      const place = placeOf(visit.shopper.index);
      // On load the SDK sends the report set of every unit whose window has closed.
      counter.ingest(today, await closeUnits(place, ctx, new Outbox()));
      // decide(), not decideSlot(): no explanation is asked for, so none is built.
      const out = await decide({
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
      const h = out.holdback;
      if (h) {
        holdbacks[h.shown ? 'shown' : 'held']++;
        const k = `${h.offerId}/${h.decile}`;
        const tally = (holdbackTruth[k] ??= { n: 0, uplift: 0 });
        tally.n++;
        tally.uplift += visit.shopper.pTreatment[h.offerId]! - visit.shopper.pControl;
        const opened = await openUnit(place, { kind: 'holdback', offer: h.offerId, decile: h.decile, shown: h.shown }, ctx, site.holdbackDays, new Outbox());
        if (opened) counter.ingest(today, [opened]);
      }
      const offerId = out.decision?.offerId ?? null;
      return offerId && visit.open(offerId) ? offerId : null;
    },
    afterVisit(visit, _offerId, purchased) {
      // The device keeps its purchases; a unit's report set is made from them once its window closes.
      if (purchased) placeOf(visit.shopper.index).memory.events.push({ t: visit.now, type: 'purchase', value: ORDER_VALUE, items: [] });
    },
    summary() {
      const measured = holdbackAggregates(counter.cells(), config, lastNow);
      const check = Object.fromEntries(Object.entries(holdbackTruth).map(([k, t]) => {
        const [offer, decile] = k.split('/');
        const sh = measured.find((c) => c.offer === offer && c.decile === Number(decile) && c.shown);
        const he = measured.find((c) => c.offer === offer && c.decile === Number(decile) && !c.shown);
        return [k, { n: t.n, truth: r3((100 * t.uplift) / t.n), measured: sh && he ? r3(100 * (sh.conversionRate - he.conversionRate)) : null, sd: sh && he ? r3(100 * Math.sqrt(sh.conversionRateVariance + he.conversionRateVariance)) : null }];
      }));
      const report = experimentResults(config, aggregateCells(counter.cells(), site.privacy.revenueLevels.length), lastNow)[0];
      const arm = (id: string) => report?.arms.find((a) => a.id === id);
      const personalised = arm('personalised');
      return {
        configVersions: version,
        models: models ? models.manifests.length : 0,
        modelErrors,
        failedSolves,
        holdbacks,
        holdbackCheck: check,
        shiftLog,
        lambdas,
        calibration: calibration
          ? { common: r3(calibration.common * 100), tauOffer: calibration.tauOffer, tauDecile: calibration.tauDecile, maxShift: r3(Math.max(0, ...Object.values(calibration.offers).flatMap((c) => c.shift.map(Math.abs))) * 100), offers: Object.fromEntries(Object.entries(calibration.offers).map(([id, c]) => [id, { residual: r3(c.residual * 100), weight: r3(c.weight), units: c.units }])) }
          : null,
        prices: Object.fromEntries(Object.entries(config.prices).map(([k, v]) => [k, r3(v)])),
        experiment: { personalised: personalised ? { exposures: personalised.exposures, rate: personalised.rate } : null },
      };
    },
  };
}
