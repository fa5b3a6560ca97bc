// Turns totals into the results answer. Statistics come from stats/ once it lands; counts are exact already.
import { HOLDOUT_ARM, type DeviceConfig } from '../../../protocol/index.ts';
import type { ExperimentTotals } from './aggregate.ts';

export function experimentResults(config: DeviceConfig, totals: Map<string, ExperimentTotals>) {
  return config.experiments.map((experiment) => {
    const found = totals.get(`${experiment.id}@${experiment.version}`);
    const armIds = [...experiment.arms.map((a) => a.id), HOLDOUT_ARM];
    return {
      id: experiment.id,
      version: experiment.version,
      slot: experiment.slot,
      arms: armIds.map((id) => {
        const arm = found?.arms.get(id);
        return { id, exposures: arm?.exposures ?? 0, conversionReports: arm?.conversionReports ?? 0, conversionOnes: arm?.conversionOnes ?? 0 };
      }),
    };
  });
}
