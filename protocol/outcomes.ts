// Outcome reports: the only data that leaves a device. Strict objects: any field outside this whitelist is
// rejected, so no identifier can be stored at the edge even by mistake.
//
// A device reports per *unit* (an experiment exposure, or a holdback decision). A unit yields an opening report
// when it starts (labels only: nothing about the shopper's outcome exists yet) and exactly one report set when its
// window closes, whatever the shopper did: the conversion bit by randomised response and the revenue level by
// k-ary randomised response, in one report of one size. Another kind of unit is added here as another pair of
// report kinds in `outcomeReportSchema` plus its entry in `UNIT_KINDS`.
import { z } from 'zod';
import { daySchema, idSchema } from './ids.ts';

/** The wire format's version; devices with batches of an older version drop them. */
export const OUTCOME_SCHEMA_VERSION = 2;
/** Largest accepted outcome batch body, in bytes (413 beyond). */
export const MAX_OUTCOME_BATCH_BYTES = 64 * 1024;
/** Largest number of reports in one batch: 200 report sets (~170 bytes each) stay well under the body limit. */
export const MAX_REPORTS_PER_BATCH = 200;
/** Most revenue levels a site may configure (privacy.revenueLevels). */
export const MAX_REVENUE_LEVELS = 16;
/** A device pads every batch body with spaces to a multiple of this many bytes, so its size says nothing. */
export const BATCH_PAD_BYTES = 512;

const experimentLabels = {
  experiment: idSchema,
  version: z.number().int().min(1).describe('The experiment version the device was assigned under.'),
  arm: idSchema,
  segment: idSchema.optional().describe('Coarse segment id at assignment, sent as it is (not randomised).'),
};

const holdbackLabels = {
  offer: idSchema.describe('The offer the decision chose (shown, or held back).'),
  decile: z.number().int().min(0).max(9).describe("Decile 0-9 of the model's predicted uplift for that offer."),
  shown: z.boolean().describe('false: the offer was held back and nothing shown.'),
};

/** What a closed unit reports about its outcome: both fields always, for buyers and non-buyers alike. */
const reportSet = {
  exposed: daySchema.describe('UTC day the unit opened (already sent in its opening report); groups units by cohort.'),
  conversion: z
    .union([z.literal(0), z.literal(1)])
    .describe('Bought within the window, by randomised response: the true bit with probability e^ε/(1+e^ε).'),
  revenue: z
    .number()
    .int()
    .min(0)
    .max(MAX_REVENUE_LEVELS - 1)
    .describe('Index into privacy.revenueLevels: revenue in the window rounded at random to a level, then k-ary randomised response.'),
};

/** Most cells a customer-value histogram may have (customerValue.report's grid; the default has 46). */
export const MAX_VALUE_CELLS = 256;

/**
 * A customer-value unit: once per period every reporting device opens one (labels only: the period), and its
 * report set is its (x, t_x, T) histogram cell by k-ary randomised response at customerValue.report.epsilon,
 * for buyers and non-buyers alike (cell 0 is "no purchase yet").
 */
const valueLabels = { period: daySchema.describe('First UTC day of the reporting period (days since 1970-01-01 divisible by periodDays).') };

export const exposureReportSchema = z.strictObject({ kind: z.literal('exposure'), ...experimentLabels });
export const experimentOutcomeSchema = z.strictObject({ kind: z.literal('outcome'), ...experimentLabels, ...reportSet });
export const holdbackReportSchema = z.strictObject({ kind: z.literal('holdback'), ...holdbackLabels });
export const holdbackOutcomeSchema = z.strictObject({ kind: z.literal('holdback-outcome'), ...holdbackLabels, ...reportSet });
export const valueReportOpenSchema = z.strictObject({ kind: z.literal('value'), ...valueLabels });
export const valueOutcomeSchema = z.strictObject({
  kind: z.literal('value-outcome'),
  ...valueLabels,
  cell: z.number().int().min(0).max(MAX_VALUE_CELLS - 1).describe('The histogram cell, by k-ary randomised response.'),
});

export const outcomeReportSchema = z.discriminatedUnion('kind', [
  exposureReportSchema,
  experimentOutcomeSchema,
  holdbackReportSchema,
  holdbackOutcomeSchema,
  valueReportOpenSchema,
  valueOutcomeSchema,
]);

/**
 * Each kind of unit: the kind of its opening report and of its report set. The device and the edge read this one
 * table (the device through its type only), so a new kind of unit is one new row.
 */
export const UNIT_KINDS = {
  experiment: { opens: 'exposure', closes: 'outcome' },
  holdback: { opens: 'holdback', closes: 'holdback-outcome' },
  value: { opens: 'value', closes: 'value-outcome' },
} as const;

export const outcomeBatchSchema = z.strictObject({
  schemaVersion: z.literal(OUTCOME_SCHEMA_VERSION),
  batchId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/, 'expected a random batch id of 16 to 64 URL-safe characters')
    .describe('Random per batch, fresh each time: a retry reuses it, so the edge counts the batch once.'),
  day: daySchema.optional().describe('Day the batch was made, the finest time that leaves the device.'),
  reports: z.array(outcomeReportSchema).min(1).max(MAX_REPORTS_PER_BATCH),
});

export type OutcomeReport = z.infer<typeof outcomeReportSchema>;
export type OutcomeBatch = z.infer<typeof outcomeBatchSchema>;
export type ReportKind = OutcomeReport['kind'];
export type ExposureReport = z.infer<typeof exposureReportSchema>;
export type ExperimentOutcome = z.infer<typeof experimentOutcomeSchema>;
export type HoldbackReport = z.infer<typeof holdbackReportSchema>;
export type HoldbackOutcome = z.infer<typeof holdbackOutcomeSchema>;
export type ValueReportOpen = z.infer<typeof valueReportOpenSchema>;
export type ValueOutcome = z.infer<typeof valueOutcomeSchema>;
/** An outcome unit's opening report: its labels. */
export type OpeningReport = ExposureReport | HoldbackReport;
/** An outcome unit's report set. */
export type ClosingReport = ExperimentOutcome | HoldbackOutcome;
export type UnitKind = keyof typeof UNIT_KINDS;
