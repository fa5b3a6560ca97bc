// The site's customer-value model: fitted BG/NBD and Gamma-Gamma parameters, how lifetime value is counted, and the
// marketer's thresholds for the value, attrition and potential (VAP) tiers. Devices compute their own shopper's
// forecast from it (customer-value/); nothing about the shopper leaves the device for it.
import { z } from 'zod';
import { isoDateTimeSchema } from './ids.ts';

const positive = (what: string) => z.number().positive().finite().describe(what);

export const bgnbdParamsSchema = z.strictObject({
  r: positive('Shape of the purchase-rate distribution (Gamma).'),
  alpha: positive('Scale of the purchase-rate distribution, in the time unit.'),
  a: positive('Beta a of the drop-out probability after a purchase.'),
  b: positive('Beta b of the drop-out probability after a purchase.'),
});

export const gammaGammaParamsSchema = z.strictObject({
  p: positive('Shape of one purchase\'s value around the shopper\'s mean.'),
  q: z.number().gt(1, 'expected q > 1 (the mean spend exists only then)').finite().describe('Shape of the shoppers\' spend rates.'),
  gamma: positive('Scale of the shoppers\' spend rates.'),
});

/** A number's cut points into three tiers: below `medium` is low, from `high` up is high. */
export const tierThresholdsSchema = z
  .strictObject({
    medium: z.number().nonnegative().finite().describe('Lowest value of the medium tier.'),
    high: z.number().nonnegative().finite().describe('Lowest value of the high tier.'),
  })
  .refine((t) => t.medium <= t.high, { message: 'expected medium <= high', path: ['high'] });

/** The three tier names, low to high. */
export const TIERS = ['low', 'medium', 'high'] as const;

/**
 * The coarse, randomised histogram devices report for the edge's own fit: each device's (x, t_x, T) falls in one
 * cell (no purchase yet; else its age bucket × its repeat-purchase bucket × its recency bucket, or x = 0), and the
 * device sends that cell's index through k-ary randomised response once per period.
 */
export const valueReportSchema = z
  .strictObject({
    epsilon: z.number().positive().max(10).default(3).describe('ε of one report (k-ary randomised response over the cells), spent from the daily budget.'),
    periodDays: z.number().int().min(1).max(365).default(28).describe('A device reports at most once in this many days.'),
    ageDays: z
      .array(z.number().positive())
      .min(1)
      .max(8)
      .default([60, 180, 365, 730])
      .describe('Upper edges of the age buckets (days since the first purchase); the last bucket runs to twice the last edge.'),
    frequency: z
      .array(z.number().int().min(1))
      .min(1)
      .max(8)
      .default([1, 2, 4, 7])
      .describe('Lower edges of the repeat-purchase buckets above 0, e.g. [1, 2, 4, 7]: 1 | 2-3 | 4-6 | 7+.'),
    recency: z.number().int().min(1).max(4).default(2).describe('Buckets of t_x/T for x > 0 (equal widths).'),
  })
  .superRefine((r, ctx) => {
    const increasing = (xs: number[], path: string) =>
      xs.forEach((v, i) => {
        if (i > 0 && !(v > xs[i - 1]!)) ctx.addIssue({ code: 'custom', path: [path, i], message: `expected increasing values: ${v} follows ${xs[i - 1]}` });
      });
    increasing(r.ageDays, 'ageDays');
    increasing(r.frequency, 'frequency');
    if (r.frequency[0] !== 1) ctx.addIssue({ code: 'custom', path: ['frequency', 0], message: `the first repeat-purchase bucket starts at 1, received ${r.frequency[0]}` });
  });

export const customerValueSchema = z.strictObject({
  timeUnit: z.enum(['day', 'week']).describe('Time unit the parameters were fitted in (t_x, T and alpha).'),
  bgnbd: bgnbdParamsSchema.describe('BG/NBD: purchases while active and drop-out (Fader, Hardie and Lee 2005).'),
  gammaGamma: gammaGammaParamsSchema.describe('Gamma-Gamma: the value of a repeat purchase.'),
  margin: z.number().min(0).max(1).describe('Share of a purchase\'s value the shop keeps (gross margin), for lifetime value.'),
  horizonDays: z.number().int().min(1).max(3650).default(365).describe('Lifetime value counts purchases expected within this many days.'),
  annualDiscountRate: z.number().min(0).max(1).default(0.1).describe('Future margin is discounted at this rate a year.'),
  tiers: z
    .strictObject({
      value: tierThresholdsSchema.describe('clv (currency) cut into valueTier.'),
      attrition: tierThresholdsSchema
        .refine((t) => t.high <= 1, { message: 'expected thresholds between 0 and 1', path: ['high'] })
        .default({ medium: 0.3, high: 0.6 })
        .describe('1 − pAlive (the chance the shopper has lapsed) cut into attritionRisk.'),
      potential: tierThresholdsSchema.describe('clvIfActive (currency) cut into potentialTier.'),
    })
    .describe('The marketer\'s VAP tiers.'),
  report: valueReportSchema
    .optional()
    .describe('Devices report a randomised histogram cell of (x, t_x, T) for the edge to fit from; absent: no reports.'),
  fitted: z
    .strictObject({
      source: z.enum(['orders', 'histogram']).describe('orders: the shop\'s order history (fit-clv); histogram: devices\' randomised reports.'),
      at: isoDateTimeSchema.describe('When the parameters were fitted.'),
      customers: z.number().nonnegative().describe('Shoppers the fit used.'),
    })
    .optional()
    .describe('Where the parameters come from, for the console.'),
});

export type CustomerValue = z.output<typeof customerValueSchema>;
export type CustomerValueInput = z.input<typeof customerValueSchema>;
export type BgNbdParams = z.output<typeof bgnbdParamsSchema>;
export type GammaGammaParams = z.output<typeof gammaGammaParamsSchema>;
export type TierThresholds = z.output<typeof tierThresholdsSchema>;
export type ValueReport = z.output<typeof valueReportSchema>;
export type Tier = (typeof TIERS)[number];
