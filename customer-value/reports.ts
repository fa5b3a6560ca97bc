// What the edge reads from devices' customer-value reports: the debiased histogram, the BG/NBD fit from it, and
// what share of reporting shoppers each VAP tier holds under the site's model.
import type { CustomerValue } from '../protocol/customer-value.ts';
import { debiasCategories } from '../stats/randomised-response.ts';
import type { BgNbdParams } from './bgnbd.ts';
import { forecastCustomer, unitDays, type Forecast } from './forecast.ts';
import { fitFromHistogram } from './histogram-fit.ts';
import { cellCount, describeCells, type Cell } from './histogram.ts';

/** Fewer reports than this many per cell leave the fit to noise: it is not attempted. */
export const MIN_REPORTS_PER_CELL = 10;

import type { TierShares } from '../protocol/customer-value-answer.ts';

export interface ReportAnalysis {
  reports: number;
  cells: Cell[];
  /** Unbiased estimates of the shoppers per cell (may be negative), and the nearest non-negative histogram. */
  estimates: number[];
  projected: number[];
  /** Share of reporting shoppers who have bought. */
  buyerShare: number;
  /** BG/NBD fitted from the reports, in the model's time unit; null with `fitProblem` when not attempted or failed. */
  fit: { params: BgNbdParams; standardErrors: BgNbdParams | null; boundary: string | null; buyers: number } | null;
  fitProblem: string | null;
  /** Among reporting buyers, the share in each tier under the site's model (spend: the population's mean). */
  tiers: { value: TierShares; attrition: TierShares; potential: TierShares } | null;
  /** Each cell's forecast at its middle (null for "no purchase yet"), for segment shares; weights are `projected`. */
  forecasts: (Forecast | null)[];
}

/** A cell's middle: x, t_x and T in days (an open top x bucket counts as 1.5 × its lower edge). */
function middle(cell: Cell): { x: number; txDays: number; TDays: number } {
  const T = (cell.age[0] + cell.age[1]) / 2;
  const x = cell.x[1] === null ? Math.round(cell.x[0] * 1.5) : (cell.x[0] + cell.x[1]) / 2;
  return { x, txDays: x === 0 ? 0 : ((cell.recency[0] + cell.recency[1]) / 2) * T, TDays: T };
}

const emptyShares = (): TierShares => ({ low: 0, medium: 0, high: 0 });

/**
 * Reads reported cell counts (k-ary randomised response at the report's ε, summed over the periods wanted) under
 * the site's customer-value section.
 * @example const analysis = analyseReports(config.customerValue, counts)
 */
export function analyseReports(model: CustomerValue, reported: readonly number[]): ReportAnalysis {
  const grid = model.report;
  if (!grid) throw new RangeError('customerValue.report: the site takes no reports');
  const k = cellCount(grid);
  if (reported.length !== k) throw new RangeError(`counts: expected one count per cell (${k}), received ${reported.length}`);
  const cells = describeCells(grid);
  const debiased = debiasCategories(reported, grid.epsilon);
  const reports = debiased.reports;
  const days = unitDays(model.timeUnit);
  const forecasts = cells.map((cell) => {
    if (!cell.purchased) return null;
    const m = middle(cell);
    return forecastCustomer(model, { x: m.x, tx: m.txDays / days, T: m.TDays / days, m: Number.NaN });
  });
  const buyers = debiased.projected.reduce((s, c, i) => s + (i === 0 ? 0 : c), 0);
  let tiers: ReportAnalysis['tiers'] = null;
  if (buyers > 0) {
    tiers = { value: emptyShares(), attrition: emptyShares(), potential: emptyShares() };
    forecasts.forEach((f, i) => {
      if (!f) return;
      const w = debiased.projected[i]! / buyers;
      tiers!.value[f.valueTier] += w;
      tiers!.attrition[f.attritionRisk] += w;
      tiers!.potential[f.potentialTier] += w;
    });
  }
  let fit: ReportAnalysis['fit'] = null;
  let fitProblem: string | null = null;
  if (reports < MIN_REPORTS_PER_CELL * k) fitProblem = `${reports} reports; the fit needs at least ${MIN_REPORTS_PER_CELL * k} (${MIN_REPORTS_PER_CELL} per cell)`;
  else {
    try {
      const f = fitFromHistogram(reported, grid, { epsilon: grid.epsilon, unitDays: days, start: model.bgnbd });
      fit = { params: f.params, standardErrors: f.standardErrors, boundary: f.boundary, buyers: f.customers };
      if (!f.converged) fitProblem = 'the fit did not converge';
    } catch (error) {
      fitProblem = (error as Error).message;
    }
  }
  return {
    reports, cells, estimates: debiased.estimates, projected: debiased.projected, buyerShare: reports ? buyers / reports : 0,
    fit, fitProblem, tiers, forecasts,
  };
}
