// `edgewise stats`: an analyst's experiment counts in, per-arm statistics against control and the SRM check out.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MAX_REVENUE_LEVELS, formatPath } from '../../protocol/index.ts';
import { analyseExperiment, type ArmResult } from '../../stats/index.ts';
import { CliError, numberOption, parseOptions, required, type Command } from '../command.ts';

const HELP = `usage: edgewise stats --in counts.json [--alpha 0.05] [--k 1] [--tau 0.01]

counts.json: {"arms": [{"id", "exposures", "conversions", "conversionReports"?, "revenue"?}],
"expectedShares"?: {armId: weight}, "epsilon"?: ε, "revenueLevels"?: [0, ...], "revenueEpsilon"?: ε}. The first
arm is control. "revenue" counts report sets per revenue level index of "revenueLevels" (required with it). With
"epsilon", conversions are randomised-response bits (kept with probability e^ε/(1+e^ε)) out of
"conversionReports" (default: exposures) and are debiased; with "revenueEpsilon", revenue level indices went
through k-ary randomised response and are debiased too.
Prints {"arms": {armId: {"rate", "absoluteLift", "relativeLift", "ci", "pValue", "probBeatsControl", ...}},
"srm": {"chi2", "df", "pValue", "expected"} or null}. "ci" is the interval of the absolute lift; "rateCi" and
"relativeLiftCi" the others; "sequential" is an always-valid mSPRT (status "continue" or "reject") with mixture
scale --tau on the rate difference. --k hides arms with fewer than k exposure or conversion reports.`;

const count = z.number().int().nonnegative();

const countsSchema = z
  .strictObject({
    arms: z
      .array(
        z.strictObject({
          id: z.string().min(1, 'expected a non-empty arm id'),
          exposures: count,
          conversions: count,
          conversionReports: count.optional(),
          revenue: z.array(count).max(MAX_REVENUE_LEVELS, `expected at most ${MAX_REVENUE_LEVELS} level counts`).optional(),
        }),
      )
      .min(1, 'expected at least one arm (the first is control)'),
    expectedShares: z.record(z.string(), z.number().nonnegative()).optional(),
    epsilon: z.number().positive().max(10).optional(),
    revenueLevels: z.array(z.number().nonnegative()).min(2).max(MAX_REVENUE_LEVELS).optional(),
    revenueEpsilon: z.number().positive().max(10).optional(),
  })
  .superRefine((input, ctx) => {
    const ids = new Set<string>();
    input.arms.forEach((arm, i) => {
      if (ids.has(arm.id)) ctx.addIssue({ code: 'custom', path: ['arms', i, 'id'], message: `duplicate arm id "${arm.id}"` });
      ids.add(arm.id);
      const reports = arm.conversionReports ?? arm.exposures;
      const of = arm.conversionReports === undefined ? 'exposures' : 'conversionReports';
      if (arm.conversions > reports) {
        ctx.addIssue({ code: 'custom', path: ['arms', i, 'conversions'], message: `expected at most ${of} (${reports}), received ${arm.conversions}` });
      }
      if (arm.revenue && arm.revenue.length !== input.revenueLevels?.length)
        ctx.addIssue({
          code: 'custom', path: ['arms', i, 'revenue'],
          message: `expected one count per revenue level (${input.revenueLevels?.length ?? 'no "revenueLevels" given'}), received ${arm.revenue.length}`,
        });
    });
    if (!input.expectedShares) return;
    const shares = input.expectedShares;
    for (const arm of input.arms) {
      if (shares[arm.id] === undefined) ctx.addIssue({ code: 'custom', path: ['expectedShares', arm.id], message: `expected a share for arm "${arm.id}", received nothing` });
    }
    for (const key of Object.keys(shares)) {
      if (!ids.has(key)) ctx.addIssue({ code: 'custom', path: ['expectedShares', key], message: `no arm has id "${key}"` });
    }
    if (Object.values(shares).every((share) => share === 0)) {
      ctx.addIssue({ code: 'custom', path: ['expectedShares'], message: 'expected at least one positive share' });
    }
  });

/** Arm statistics in the order an analyst reads them, the headline fields first as issue 6 lists them. */
function present(arm: ArmResult, hasRevenue: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    rate: arm.rate,
    absoluteLift: arm.absoluteLift,
    relativeLift: arm.relativeLift,
    ci: arm.ci,
    pValue: arm.pValue,
    probBeatsControl: arm.probBeatsControl,
    rateCi: arm.rateCi,
    relativeLiftCi: arm.relativeLiftCi,
    zScore: arm.zScore,
    sequential: arm.sequential,
    exposures: arm.exposures,
    conversions: arm.conversions,
    conversionsUnbiased: arm.conversionsUnbiased,
    conversionsReported: arm.conversionsReported,
    conversionReports: arm.conversionReports,
    rateUnbiased: arm.rateUnbiased,
    control: arm.control,
    hidden: arm.hidden,
  };
  if (hasRevenue) {
    Object.assign(out, {
      revenuePerExposure: arm.revenuePerExposure,
      revenuePerExposureCi: arm.revenuePerExposureCi,
      revenueLift: arm.revenueLift,
      revenueLiftCi: arm.revenueLiftCi,
    });
  }
  return out;
}

export const command: Command = {
  summary: 'experiment statistics from counts: rates, lifts with intervals, p-values, P(beats control), SRM',
  async run(argv) {
    const { values } = parseOptions(argv, {
      in: { type: 'string' }, alpha: { type: 'string' }, k: { type: 'string' }, tau: { type: 'string' }, help: { type: 'boolean' },
    });
    if (values.help) return void process.stdout.write(`${HELP}\n`), 0;
    const file = required(values, 'in');
    const alpha = numberOption(values, 'alpha', (x) => x > 0 && x < 1, 'a level between 0 and 1') ?? 0.05;
    const k = numberOption(values, 'k', (x) => Number.isInteger(x) && x >= 1, 'an integer >= 1') ?? 1;
    const tau = numberOption(values, 'tau', (x) => x > 0 && Number.isFinite(x), 'a number > 0') ?? 0.01;
    let text: string;
    try {
      text = readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch (error) {
      throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
    }
    const parsed = countsSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = formatPath(issue.path) || '(top level)';
      const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
      throw new CliError(`${file}: ${where}: ${issue.message}${more}`);
    }
    const input = parsed.data;
    const result = analyseExperiment({ arms: input.arms, expectedShares: input.expectedShares }, {
      epsilon: input.epsilon, revenueLevels: input.revenueLevels, revenueEpsilon: input.revenueEpsilon, alpha, k, tau,
    });
    const arms: Record<string, unknown> = {};
    result.arms.forEach((arm, i) => (arms[arm.id] = present(arm, input.arms[i]!.revenue !== undefined)));
    process.stdout.write(`${JSON.stringify({ arms, srm: result.srm }, null, 2)}\n`);
    return 0;
  },
};
