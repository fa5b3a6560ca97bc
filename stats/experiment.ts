// One experiment's results from its aggregated counts: every per-arm and versus-control statistic the results
// route and `edgewise stats` show, with randomised-response debiasing and small-cell suppression applied.
import { probBeatsControl } from './bayes.ts';
import { compareRates, estimateRate } from './proportions.ts';
import { revenueLift, revenuePerExposure } from './revenue.ts';
import { sequentialTest, type SequentialTest } from './sequential.ts';
import { srmTest, type SrmTest } from './srm.ts';
import { isReportable } from './suppress.ts';

/**
 * Aggregated counts of one arm. At the edge these are complete observations only: report sets of units whose
 * window has closed, each carrying one conversion bit and one revenue level.
 */
export interface ArmCounts {
  id: string;
  /** Units counted (exposures with a report set). */
  exposures: number;
  /** Conversion bits equal to 1 (the noisy bits themselves under randomised response). */
  conversions: number;
  /** Conversion bits received (0s and 1s); defaults to `exposures`, one per unit. */
  conversionReports?: number | undefined;
  /** Report sets per revenue level index (options.revenueLevels). */
  revenue?: readonly number[] | undefined;
}

export interface ExperimentCounts {
  /** The control arm comes first unless `options.control` names another. */
  arms: readonly ArmCounts[];
  /** Configured weight per arm id, for the sample-ratio check; leave out for bandits (their shares move). */
  expectedShares?: Readonly<Record<string, number>> | undefined;
}

export interface AnalysisOptions {
  /** Randomised-response ε when `conversions` are noisy bits; leave out for exact counts. */
  epsilon?: number | undefined;
  /** The amounts the revenue level indices stand for (privacy.revenueLevels); needed when arms carry `revenue`. */
  revenueLevels?: readonly number[] | undefined;
  /** k-ary randomised-response ε of the revenue levels; leave out for exact levels. */
  revenueEpsilon?: number | undefined;
  /** Two-sided level of every interval and test (default 0.05). */
  alpha?: number | undefined;
  /** Arms resting on fewer than k exposure or conversion reports are hidden (default 1: all shown). */
  k?: number | undefined;
  /** Mixture scale of the sequential test (default DEFAULT_TAU). */
  tau?: number | undefined;
  /** Id of the control arm (default the first arm). */
  control?: string | undefined;
}

export interface ArmResult {
  id: string;
  control: boolean;
  /** True when the arm rests on fewer than k reports: every number below is then null. */
  hidden: boolean;
  exposures: number | null;
  /** Estimated true conversions, clamped to [0, reports] for display. */
  conversions: number | null;
  /** Unbiased estimate of true conversions (may be negative under randomised response). */
  conversionsUnbiased: number | null;
  /** Ones as reported (before debiasing). */
  conversionsReported: number | null;
  conversionReports: number | null;
  /** Conversion rate clamped to [0, 1]; `rateUnbiased` is the value used in every comparison. */
  rate: number | null;
  rateUnbiased: number | null;
  rateCi: [number, number] | null;
  /** Versus control (null on the control arm): rate difference, its interval `ci`, relative lift and interval. */
  absoluteLift: number | null;
  ci: [number, number] | null;
  relativeLift: number | null;
  relativeLiftCi: [number, number] | null;
  zScore: number | null;
  /** Two-sided p-value of the pooled two-proportion z-test (valid for one look). */
  pValue: number | null;
  /** Posterior probability that this arm's true rate beats control's (uniform priors, exact RR likelihood). */
  probBeatsControl: number | null;
  /** Always-valid mSPRT: status, p-value and confidence sequence, valid however often the results are read. */
  sequential: SequentialTest | null;
  revenue: number[] | null;
  revenuePerExposure: number | null;
  revenuePerExposureCi: [number, number] | null;
  revenueLift: number | null;
  revenueLiftCi: [number, number] | null;
}

export interface ExperimentResult {
  control: string;
  alpha: number;
  epsilon: number | null;
  /** The revenue levels and their ε (null: exact), as analysed. */
  revenueLevels: number[] | null;
  revenueEpsilon: number | null;
  k: number;
  arms: ArmResult[];
  /** Sample-ratio check on all exposures (hidden arms included; the χ² reveals no single cell), or null. */
  srm: SrmTest | null;
}

function hiddenArm(id: string, control: boolean): ArmResult {
  return {
    id, control, hidden: true, exposures: null, conversions: null, conversionsUnbiased: null, conversionsReported: null,
    conversionReports: null, rate: null, rateUnbiased: null, rateCi: null, absoluteLift: null, ci: null, relativeLift: null,
    relativeLiftCi: null, zScore: null, pValue: null, probBeatsControl: null, sequential: null, revenue: null,
    revenuePerExposure: null, revenuePerExposureCi: null, revenueLift: null, revenueLiftCi: null,
  };
}

/**
 * Analyses one experiment. Throws a RangeError naming the field when counts are inconsistent.
 * @example
 * analyseExperiment(
 *   { arms: [{ id: 'control', exposures: 1000, conversions: 200 }, { id: 'offer', exposures: 1000, conversions: 240 }],
 *     expectedShares: { control: 1, offer: 1 } },
 * ).arms[1] // { rate: 0.24, absoluteLift: 0.04, pValue: 0.0308, probBeatsControl: 0.985, ... }
 */
export function analyseExperiment(counts: ExperimentCounts, options: AnalysisOptions = {}): ExperimentResult {
  const alpha = options.alpha ?? 0.05;
  const k = options.k ?? 1;
  const { epsilon } = options;
  const controlId = options.control ?? counts.arms[0]?.id;
  const controlCounts = counts.arms.find((arm) => arm.id === controlId);
  if (!controlCounts) throw new RangeError(`control: expected one of the arm ids, received ${String(controlId)}`);
  counts.arms.forEach((arm, i) => {
    const reports = arm.conversionReports ?? arm.exposures;
    if (!(arm.exposures >= 0)) throw new RangeError(`arms[${i}].exposures: expected a count >= 0, received ${arm.exposures}`);
    if (!(arm.conversions >= 0) || arm.conversions > reports) {
      throw new RangeError(`arms[${i}].conversions: expected a count between 0 and ${reports} (the conversion reports), received ${arm.conversions}`);
    }
    if (arm.revenue && !options.revenueLevels)
      throw new RangeError(`arms[${i}].revenue: revenue counts need options.revenueLevels, the amounts their indices stand for`);
  });

  // An arm is shown once it has k units; its rate (and every comparison) once it also has k conversion bits.
  const shown = (arm: ArmCounts) => isReportable(arm.exposures, k);
  const rateOf = (arm: ArmCounts) => {
    const reports = arm.conversionReports ?? arm.exposures;
    return isReportable(reports, k) ? estimateRate(arm.conversions, reports, { epsilon, alpha }) : undefined;
  };
  const revenueOf = (arm: ArmCounts) => {
    if (!arm.revenue) return undefined;
    const reports = arm.revenue.reduce((sum, c) => sum + c, 0);
    return isReportable(reports, k) ? revenuePerExposure(arm.revenue, options.revenueLevels!, { epsilon: options.revenueEpsilon, alpha }) : undefined;
  };
  const controlShown = shown(controlCounts);
  const controlRate = controlShown ? rateOf(controlCounts) : undefined;
  const controlRevenue = controlShown ? revenueOf(controlCounts) : undefined;

  const arms = counts.arms.map((arm): ArmResult => {
    const isControl = arm.id === controlId;
    if (!shown(arm)) return hiddenArm(arm.id, isControl);
    const rate = rateOf(arm);
    const revenue = revenueOf(arm);
    const result: ArmResult = {
      ...hiddenArm(arm.id, isControl),
      hidden: false,
      exposures: arm.exposures,
      conversions: rate ? rate.rate * rate.reports : null,
      conversionsUnbiased: rate ? rate.conversions : null,
      // Conversion cells under k stay hidden even when the arm's exposures are shown.
      conversionsReported: rate ? arm.conversions : null,
      conversionReports: rate ? rate.reports : null,
      rate: rate?.rate ?? null,
      rateUnbiased: rate?.unbiased ?? null,
      rateCi: rate?.ci ?? null,
      revenue: arm.revenue ? [...arm.revenue] : null,
      revenuePerExposure: revenue?.perExposure ?? null,
      revenuePerExposureCi: revenue?.ci ?? null,
    };
    if (!isControl && rate && controlRate) {
      const comparison = compareRates(controlRate, rate, alpha);
      result.absoluteLift = comparison.absoluteLift;
      result.ci = comparison.absoluteLiftCi;
      result.relativeLift = comparison.relativeLift;
      result.relativeLiftCi = comparison.relativeLiftCi;
      result.zScore = comparison.z;
      result.pValue = comparison.pValue;
      result.probBeatsControl = probBeatsControl(controlRate, rate, epsilon);
      result.sequential = sequentialTest(comparison.absoluteLift, controlRate.variance + rate.variance, { alpha, tau: options.tau });
    }
    if (!isControl && revenue && controlRevenue) {
      const lift = revenueLift(controlRevenue, revenue, alpha);
      result.revenueLift = lift.lift;
      result.revenueLiftCi = lift.ci;
    }
    return result;
  });

  let srm: SrmTest | null = null;
  if (counts.expectedShares) {
    srm = srmTest(Object.fromEntries(counts.arms.map((arm) => [arm.id, arm.exposures])), counts.expectedShares);
  }
  return {
    control: controlCounts.id, alpha, epsilon: epsilon ?? null, revenueLevels: options.revenueLevels ? [...options.revenueLevels] : null,
    revenueEpsilon: options.revenueEpsilon ?? null, k, arms, srm,
  };
}
