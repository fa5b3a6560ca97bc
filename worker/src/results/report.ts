// Turns aggregated counts into the results answer: per experiment and arm, debiased rates and every statistic
// of stats/, with cells under the site's k hidden. Arms are the configured ones plus the global holdout.
import { HOLDOUT_ARM, type DeviceConfig, type Experiment, type ExperimentReport } from '../../../protocol/index.ts';
import { analyseExperiment, type ArmCounts, type ExperimentResult } from '../../../stats/experiment.ts';
import type { ArmTotals, ExperimentTotals } from './aggregate.ts';

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

function armCounts(id: string, totals: ArmTotals | undefined): ArmCounts {
  return {
    id,
    exposures: totals?.exposures ?? 0,
    conversions: totals?.conversionOnes ?? 0,
    conversionReports: totals?.conversionReports ?? 0,
    revenue: totals?.revenueBuckets,
  };
}

/** The control arm: the first with policy "control", else the holdout when the site has one, else the first arm. */
export function controlArm(experiment: Experiment, globalHoldout: number): string {
  return experiment.arms.find((arm) => arm.policy === 'control')?.id ?? (globalHoldout > 0 ? HOLDOUT_ARM : experiment.arms[0]!.id);
}

function analyse(experiment: Experiment, arms: Map<string, ArmTotals> | undefined, config: DeviceConfig, withShares: boolean): ExperimentResult {
  const ids = [...experiment.arms.map((a) => a.id), ...(config.globalHoldout > 0 ? [HOLDOUT_ARM] : [])];
  return analyseExperiment(
    { arms: ids.map((id) => armCounts(id, arms?.get(id))), expectedShares: withShares ? expectedShares(experiment, config.globalHoldout) : undefined },
    { epsilon: config.privacy.epsilon, k: config.privacy.k, control: controlArm(experiment, config.globalHoldout) },
  );
}

/**
 * @example experimentResults(deviceConfig, aggregateCells(await counter.cells()))
 */
export function experimentResults(config: DeviceConfig, totals: Map<string, ExperimentTotals>): ExperimentReport[] {
  return config.experiments.map((experiment) => {
    const found = totals.get(`${experiment.id}@${experiment.version}`);
    const overall = analyse(experiment, found?.arms, config, true);
    const segments = [...(found?.bySegment ?? new Map())]
      .filter(([segment]) => segment !== '')
      .map(([segment, arms]) => ({ segment, arms: analyse(experiment, arms, config, false).arms }));
    return {
      id: experiment.id,
      version: experiment.version,
      slot: experiment.slot,
      status: experiment.status,
      bandit: experiment.bandit,
      ...overall,
      segments,
    };
  });
}
