// Sums counter cells into per-experiment, per-arm (optionally per-segment) totals: the raw input of statistics.
import { REVENUE_BUCKET_EDGES } from '../../../protocol/index.ts';
import type { CounterCell } from '../outcomes/cells.ts';

export interface ArmTotals {
  arm: string;
  exposures: number;
  /** Conversion reports that said 1 (randomised response: not yet debiased). */
  conversionOnes: number;
  /** Conversion reports in all (ones and zeros). */
  conversionReports: number;
  /** Revenue reports per bucket index. */
  revenueBuckets: number[];
}

export interface ExperimentTotals {
  experiment: string;
  version: number;
  arms: Map<string, ArmTotals>;
  /** segment -> arm -> totals ('' is "no segment reported"). */
  bySegment: Map<string, Map<string, ArmTotals>>;
}

function emptyArm(arm: string): ArmTotals {
  return { arm, exposures: 0, conversionOnes: 0, conversionReports: 0, revenueBuckets: REVENUE_BUCKET_EDGES.map(() => 0) };
}

function add(totals: ArmTotals, cell: CounterCell): void {
  if (cell.metric === 'exposure') totals.exposures += cell.count;
  else if (cell.metric === 'conversion') {
    totals.conversionReports += cell.count;
    if (cell.value === 1) totals.conversionOnes += cell.count;
  } else if (cell.metric === 'revenue' && cell.value < totals.revenueBuckets.length) totals.revenueBuckets[cell.value]! += cell.count;
}

/**
 * Groups cells by experiment and version (results are per experiment version: a new version re-randomises).
 * @example aggregateCells(await counter.cells()).get('hero-personalisation@1')
 */
export function aggregateCells(cells: readonly CounterCell[]): Map<string, ExperimentTotals> {
  const out = new Map<string, ExperimentTotals>();
  for (const cell of cells) {
    const key = `${cell.experiment}@${cell.version}`;
    let experiment = out.get(key);
    if (!experiment) {
      experiment = { experiment: cell.experiment, version: cell.version, arms: new Map(), bySegment: new Map() };
      out.set(key, experiment);
    }
    let arm = experiment.arms.get(cell.arm);
    if (!arm) experiment.arms.set(cell.arm, (arm = emptyArm(cell.arm)));
    add(arm, cell);
    let segment = experiment.bySegment.get(cell.segment);
    if (!segment) experiment.bySegment.set(cell.segment, (segment = new Map()));
    let segmentArm = segment.get(cell.arm);
    if (!segmentArm) segment.set(cell.arm, (segmentArm = emptyArm(cell.arm)));
    add(segmentArm, cell);
  }
  return out;
}
