// Simulated experiments run through the real code: each unit's report set is made by the device's own reporting
// code (client-sdk/src/sync/units.ts reportSet: randomised response and k-ary randomised response), counted as the
// edge's counter counts them, and analysed by the edge's results (aggregateCells, experimentResults: debiasing,
// intervals, tests). Used by the coverage test and the non-return study.
import type { DeviceConfig, ExperimentReport, OpeningReport, OutcomeReport } from '../../protocol/index.ts';
import { reportSet, type OutcomeContext } from '../../client-sdk/src/sync/units.ts';
import { demoConfig } from '../../client-sdk/src/testing/fixtures.ts';
import type { StoredEvent } from '../../client-sdk/src/events/index.ts';
import { ReportCounter } from '../../worker/src/outcomes/cells.ts';
import { aggregateCells } from '../../worker/src/results/aggregate.ts';
import { experimentResults } from '../../worker/src/results/report.ts';
import type { ArmResult } from '../../stats/experiment.ts';
import { mulberry32 } from '../../stats/prng.ts';

const DAY = 86_400_000;
/** Units open on this day; results are read ten days later, when every 7-day window has closed. */
export const T0 = Date.parse('2026-11-02T10:00:00Z');
export const EXPERIMENT = 'sim';

/** One arm's truth: each unit buys with probability `rate`, a buyer spends `spend()`. */
export interface ArmTruth {
  id: string;
  policy: 'control' | 'personalised';
  rate: number;
  /** Probability that a unit's shopper comes back after the window (else its report set never arrives). */
  returnIfBought?: number;
  returnIfNot?: number;
}

export interface Scenario {
  /** Units per arm. */
  units: number;
  arms: ArmTruth[];
  /** A buyer's spend in the window. */
  spend: (rng: () => number) => number;
  privacy: DeviceConfig['privacy'];
}

/** The device config the edge analyses with: one experiment of these arms, no global holdout, k = 1. */
export function scenarioConfig(s: Scenario): DeviceConfig {
  return demoConfig({
    globalHoldout: 0,
    privacy: s.privacy,
    experiments: [{
      id: EXPERIMENT, slot: 'hero', version: 1, status: 'running', bandit: false, explorationFloor: 0.01,
      arms: s.arms.map((a) => ({ id: a.id, weight: 1, policy: a.policy })),
    }],
  });
}

/**
 * Runs one experiment: every unit's opening report and (if its shopper returns) its report set go through the
 * device's code and the edge's counter; returns the edge's results for it and the units' true outcomes.
 * @example const { report } = simulateExperiment(scenario, scenarioConfig(scenario), mulberry32(1))
 */
export function simulateExperiment(s: Scenario, config: DeviceConfig, rng: () => number): { report: ExperimentReport; truth: Record<string, { bought: number; revenue: number }> } {
  const counter = new ReportCounter();
  const day = new Date(T0).toISOString().slice(0, 10);
  const later = new Date(T0 + 8 * DAY).toISOString().slice(0, 10);
  const ctx: OutcomeContext = { privacy: s.privacy, attributionDays: 7, holdbackDays: 1, now: T0 + 8 * DAY, random: rng };
  const truth: Record<string, { bought: number; revenue: number }> = {};
  const cap = s.privacy.revenueLevels[s.privacy.revenueLevels.length - 1]!;
  for (const arm of s.arms) {
    const opened: OpeningReport = { kind: 'exposure', experiment: EXPERIMENT, version: 1, arm: arm.id };
    const unit = { opened, at: T0, until: T0 + 7 * DAY };
    const sets: OutcomeReport[] = [];
    const t = (truth[arm.id] = { bought: 0, revenue: 0 });
    for (let i = 0; i < s.units; i++) {
      const bought = rng() < arm.rate;
      const purchases: StoredEvent[] = bought ? [{ t: T0 + DAY, type: 'purchase', value: s.spend(rng), items: [] }] : [];
      t.bought += bought ? 1 : 0;
      t.revenue += bought ? Math.min(cap, purchases[0]!.value!) : 0;
      const set = reportSet(unit, purchases, ctx);
      if (rng() < (bought ? arm.returnIfBought ?? 1 : arm.returnIfNot ?? 1)) sets.push(set);
    }
    counter.ingest(day, Array<OutcomeReport>(s.units).fill(opened));
    counter.ingest(later, sets);
  }
  const totals = aggregateCells(counter.cells(), s.privacy.revenueLevels.length);
  const [report] = experimentResults(config, totals, T0 + 10 * DAY);
  return { report: report!, truth };
}

/**
 * A buyer's spend: one to three items of the demo catalogue's prices, so some baskets pass the last revenue level.
 * @example catalogueSpend(rng) // 45, or 124, or 334, ...
 */
export const CATALOGUE_PRICES = [35, 45, 49, 59, 65, 69, 75, 79, 120, 145, 189, 210];
export function catalogueSpend(rng: () => number): number {
  const items = rng() < 0.7 ? 1 : rng() < 0.7 ? 2 : 3;
  let total = 0;
  for (let i = 0; i < items; i++) total += CATALOGUE_PRICES[Math.floor(rng() * CATALOGUE_PRICES.length)]!;
  return total;
}

/** E[min(spend, cap)] of catalogueSpend, exactly (1 item 70%, 2 items 21%, 3 items 9%). */
export function expectedClippedSpend(cap: number): number {
  const prices = CATALOGUE_PRICES;
  const mean = (n: number): number => {
    let sum = 0;
    let count = 0;
    const walk = (left: number, total: number) => {
      if (left === 0) {
        sum += Math.min(cap, total);
        count++;
        return;
      }
      for (const p of prices) walk(left - 1, total + p);
    };
    walk(n, 0);
    return sum / count;
  };
  return 0.7 * mean(1) + 0.21 * mean(2) + 0.09 * mean(3);
}

/** One estimate's record over many simulated experiments. */
export interface CoverageRow {
  name: string;
  /** Share of experiments whose 95% interval held the truth. */
  coverage: number;
  /** Mean and standard deviation of estimate − truth. */
  meanError: number;
  sd: number;
}

/**
 * Simulates `experiments` experiments over six scenarios (control rates of 3%, 10% and 27%, with no effect and with
 * a 20% relative lift; buyers spend one to three catalogue items) and records, for each estimate, how often its
 * 95% interval covered the truth and how far its point estimate was off on average. Fieller's relative-lift set
 * counts as covering when unbounded (`unboundedRatios` says how often it was).
 * @example const { rows } = coverageStudy({ experiments: 2000, units: 1000, seed: 2026, privacy })
 */
export function coverageStudy(o: { experiments: number; units: number; seed: number; privacy: DeviceConfig['privacy'] }): { rows: CoverageRow[]; unboundedRatios: number } {
  const perBuyer = expectedClippedSpend(o.privacy.revenueLevels.at(-1)!);
  const scenarios: Scenario[] = [0.03, 0.1, 0.27].flatMap((pc) => [1, 1.2].map((lift) => ({
    units: o.units, privacy: o.privacy, spend: catalogueSpend,
    arms: [{ id: 'control', policy: 'control' as const, rate: pc }, { id: 'offer', policy: 'personalised' as const, rate: pc * lift }],
  })));
  const tallies = new Map<string, { covered: number; errors: number[] }>();
  const tally = (name: string, ci: [number, number] | null, estimate: number | null, truth: number) => {
    const t = tallies.get(name) ?? { covered: 0, errors: [] };
    tallies.set(name, t);
    if (ci && ci[0] <= truth && truth <= ci[1]) t.covered++;
    t.errors.push(estimate! - truth);
  };
  let unboundedRatios = 0;
  const rng = mulberry32(o.seed);
  for (let i = 0; i < o.experiments; i++) {
    const s = scenarios[i % scenarios.length]!;
    const { report } = simulateExperiment(s, scenarioConfig(s), rng);
    const arm = (id: string) => report.arms.find((a) => a.id === id) as ArmResult;
    const [control, offer] = [arm('control'), arm('offer')];
    const [pc, pt] = [s.arms[0]!.rate, s.arms[1]!.rate];
    tally('control rate', control.rateCi, control.rateUnbiased, pc);
    tally('offer rate', offer.rateCi, offer.rateUnbiased, pt);
    tally('lift (rate difference)', offer.ci, offer.absoluteLift, pt - pc);
    tally('control revenue per exposure', control.revenuePerExposureCi, control.revenuePerExposure, pc * perBuyer);
    tally('offer revenue per exposure', offer.revenuePerExposureCi, offer.revenuePerExposure, pt * perBuyer);
    tally('revenue lift', offer.revenueLiftCi, offer.revenueLift, (pt - pc) * perBuyer);
    if (offer.relativeLiftCi === null) unboundedRatios++;
    tally('relative lift', offer.relativeLiftCi ?? [-Infinity, Infinity], offer.relativeLift, pt / pc - 1);
  }
  const rows = [...tallies].map(([name, t]) => {
    const meanError = t.errors.reduce((a, b) => a + b, 0) / t.errors.length;
    const sd = Math.sqrt(t.errors.reduce((a, b) => a + (b - meanError) ** 2, 0) / (t.errors.length - 1));
    return { name, coverage: t.covered / t.errors.length, meanError, sd };
  });
  return { rows, unboundedRatios: unboundedRatios / o.experiments };
}
