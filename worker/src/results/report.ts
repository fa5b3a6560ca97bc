// Turns aggregated counts into the results answer: per experiment and arm, statistics of complete observations
// only (report sets of units whose window closed), debiased for both mechanisms, with cells under the site's k
// hidden; and, apart, what is still pending and the share of report sets that arrived. Arms are the configured
// ones plus the global holdout.
import { HOLDOUT_ARM, type DeviceConfig, type Experiment, type ExperimentReport } from '../../../protocol/index.ts';
import { slotTraffic } from '../../../protocol/slots.ts';
import { reportingCompleteness } from '../../../stats/completeness.ts';
import { analyseExperiment, type ArmCounts, type ExperimentResult } from '../../../stats/experiment.ts';
import type { ExperimentTotals, UnitTotals } from './aggregate.ts';

/**
 * Expected traffic shares: the holdout takes `globalHoldout` of every device first, the arms split the rest by
 * weight. Bandits move their shares on purpose, so they get no sample-ratio check.
 */
export function expectedShares(experiment: Experiment, globalHoldout: number): Record<string, number> | undefined {
  if (experiment.bandit) return undefined;
  const total = experiment.arms.reduce((sum, arm) => sum + arm.weight, 0);
  const shares: Record<string, number> = {};
  for (const arm of experiment.arms) shares[arm.id] = ((1 - globalHoldout) * arm.weight) / total;
  if (globalHoldout > 0) shares[HOLDOUT_ARM] = globalHoldout;
  return shares;
}

function armCounts(id: string, totals: UnitTotals | undefined, levels: number): ArmCounts {
  return {
    id,
    exposures: totals?.sets ?? 0,
    conversions: totals?.conversionOnes ?? 0,
    conversionReports: totals?.sets ?? 0,
    revenue: totals?.revenueLevels ?? Array<number>(levels).fill(0),
  };
}

const armIds = (experiment: Experiment, config: DeviceConfig) => [
  ...experiment.arms.map((a) => a.id),
  ...(config.globalHoldout > 0 ? [HOLDOUT_ARM] : []),
];

/** The control arm: the first with policy "control", else the holdout when the site has one, else the first arm. */
export function controlArm(experiment: Experiment, globalHoldout: number): string {
  return experiment.arms.find((arm) => arm.policy === 'control')?.id ?? (globalHoldout > 0 ? HOLDOUT_ARM : experiment.arms[0]!.id);
}

function analyse(experiment: Experiment, arms: Map<string, UnitTotals> | undefined, config: DeviceConfig, withShares: boolean): ExperimentResult {
  const { privacy } = config;
  const levels = privacy.revenueLevels.length;
  return analyseExperiment(
    {
      arms: armIds(experiment, config).map((id) => armCounts(id, arms?.get(id), levels)),
      expectedShares: withShares ? expectedShares(experiment, config.globalHoldout) : undefined,
    },
    {
      epsilon: privacy.epsilon, revenueEpsilon: privacy.revenueEpsilon, revenueLevels: privacy.revenueLevels, k: privacy.k,
      control: controlArm(experiment, config.globalHoldout),
    },
  );
}

/**
 * Every experiment of the published config, as of `now` (which units are pending depends on it).
 * @example experimentResults(deviceConfig, aggregateCells(await counter.cells(), 2), Date.now())
 */
export function experimentResults(config: DeviceConfig, totals: Map<string, ExperimentTotals>, now: number): ExperimentReport[] {
  const { shares } = slotTraffic(config.experiments);
  return config.experiments.map((experiment) => {
    const found = totals.get(`${experiment.id}@${experiment.version}`);
    const overall = analyse(experiment, found?.arms, config, true);
    const reporting = reportingCompleteness(
      armIds(experiment, config).map((id) => ({ id, opened: found?.arms.get(id)?.opened ?? {}, arrived: found?.arms.get(id)?.arrived ?? {} })),
      { windowDays: config.attributionDays, now, k: config.privacy.k },
    );
    const segments = [...(found?.bySegment ?? new Map())]
      .filter(([segment]) => segment !== '')
      .map(([segment, arms]) => ({ segment, arms: analyse(experiment, arms, config, false).arms }));
    return {
      id: experiment.id,
      version: experiment.version,
      slot: experiment.slot,
      status: experiment.status,
      bandit: experiment.bandit,
      windowDays: config.attributionDays,
      traffic: shares.find((s) => s.experiment === experiment.id) ?? null,
      ...overall,
      reporting,
      segments,
    };
  });
}
