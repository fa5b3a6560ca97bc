// Sums counter cells into per-unit-group totals, the raw input of statistics: per experiment version and arm (and
// per segment), and per holdback (offer, decile, shown). Opening reports and report sets are kept apart, by day.
import type { CounterCell } from '../outcomes/cells.ts';

/** One group of units (an arm, a holdback cell): what opened, and the report sets that arrived. */
export interface UnitTotals {
  /** Opening reports per UTC day (the day the units opened). */
  opened: Record<string, number>;
  /** Report sets per day their unit opened. */
  arrived: Record<string, number>;
  /** Report sets in all: complete observations, one per unit. */
  sets: number;
  /** Report sets whose conversion bit was 1 (randomised: not yet debiased). */
  conversionOnes: number;
  /** Report sets per revenue level index. */
  revenueLevels: number[];
  /** Report sets per conversion bit (0, 1) and revenue level index, jointly: what a per-unit reward needs. */
  joint: [number[], number[]];
}

export interface ExperimentTotals {
  experiment: string;
  version: number;
  arms: Map<string, UnitTotals>;
  /** segment -> arm -> totals ('' is "no segment reported"). */
  bySegment: Map<string, Map<string, UnitTotals>>;
}

/** A totals record for `levels` revenue levels. */
export function emptyTotals(levels: number): UnitTotals {
  const zeros = () => Array<number>(levels).fill(0);
  return { opened: {}, arrived: {}, sets: 0, conversionOnes: 0, revenueLevels: zeros(), joint: [zeros(), zeros()] };
}

/** Adds one cell to a group's totals (a report set's revenue index past the levels is ignored: ingestion refuses it). */
export function addCell(totals: UnitTotals, cell: CounterCell): void {
  const r = cell.report;
  if (r.kind === 'exposure' || r.kind === 'holdback') totals.opened[cell.day] = (totals.opened[cell.day] ?? 0) + cell.count;
  else if (r.kind === 'outcome' || r.kind === 'holdback-outcome') {
    totals.arrived[r.exposed] = (totals.arrived[r.exposed] ?? 0) + cell.count;
    totals.sets += cell.count;
    if (r.conversion === 1) totals.conversionOnes += cell.count;
    if (r.revenue < totals.revenueLevels.length) {
      totals.revenueLevels[r.revenue]! += cell.count;
      totals.joint[r.conversion]![r.revenue]! += cell.count;
    }
  }
}

/**
 * Groups experiment cells by experiment and version (results are per version: a new version re-randomises), arm
 * and segment. `levels` is the number of revenue levels (privacy.revenueLevels.length).
 * @example aggregateCells(await counter.cells(), 2).get('hero-personalisation@1')
 */
export function aggregateCells(cells: readonly CounterCell[], levels: number): Map<string, ExperimentTotals> {
  const out = new Map<string, ExperimentTotals>();
  for (const cell of cells) {
    const r = cell.report;
    if (r.kind !== 'exposure' && r.kind !== 'outcome') continue;
    const key = `${r.experiment}@${r.version}`;
    let experiment = out.get(key);
    if (!experiment) out.set(key, (experiment = { experiment: r.experiment, version: r.version, arms: new Map(), bySegment: new Map() }));
    let arm = experiment.arms.get(r.arm);
    if (!arm) experiment.arms.set(r.arm, (arm = emptyTotals(levels)));
    addCell(arm, cell);
    const segmentId = r.segment ?? '';
    let segment = experiment.bySegment.get(segmentId);
    if (!segment) experiment.bySegment.set(segmentId, (segment = new Map()));
    let segmentArm = segment.get(r.arm);
    if (!segmentArm) segment.set(r.arm, (segmentArm = emptyTotals(levels)));
    addCell(segmentArm, cell);
  }
  return out;
}

/** A holdback cell's key: offer, decile and shown. */
export const holdbackKey = (offer: string, decile: number, shown: boolean) => `${offer}|${decile}|${shown ? 1 : 0}`;

/**
 * Groups holdback cells by (offer, decile, shown).
 * @example aggregateHoldback(await counter.cells(), 2).get(holdbackKey('new-arrivals', 9, false))
 */
export function aggregateHoldback(cells: readonly CounterCell[], levels: number): Map<string, UnitTotals & { offer: string; decile: number; shown: boolean }> {
  const out = new Map<string, UnitTotals & { offer: string; decile: number; shown: boolean }>();
  for (const cell of cells) {
    const r = cell.report;
    if (r.kind !== 'holdback' && r.kind !== 'holdback-outcome') continue;
    const key = holdbackKey(r.offer, r.decile, r.shown);
    let totals = out.get(key);
    if (!totals) out.set(key, (totals = { ...emptyTotals(levels), offer: r.offer, decile: r.decile, shown: r.shown }));
    addCell(totals, cell);
  }
  return out;
}

/** Per (segment, arm) counts of complete observations, the shape posteriors and segment uplift read. */
export interface SegmentArmCounts {
  segment: string | undefined;
  arm: string;
  /** Report sets (units with a closed window). */
  exposures: number;
  /** Conversion bits equal to 1 among them (randomised). */
  conversions: number;
  conversionReports: number;
}

/**
 * One experiment's totals per (segment, arm); units reported without a segment have `segment` undefined.
 * @example segmentArmCounts(aggregateCells(cells, 2).get('hero@1')!)
 */
export function segmentArmCounts(totals: ExperimentTotals): SegmentArmCounts[] {
  return [...totals.bySegment].flatMap(([segment, arms]) =>
    [...arms].map(([arm, t]) => ({ segment: segment || undefined, arm, exposures: t.sets, conversions: t.conversionOnes, conversionReports: t.sets })),
  );
}
