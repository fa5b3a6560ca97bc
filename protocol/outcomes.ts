// Outcome reports: the only data that leaves a device. Strict objects: any field outside this whitelist is
// rejected, so no identifier can be stored at the edge even by mistake.
import { z } from 'zod';
import { daySchema, idSchema } from './ids.ts';

/** Largest accepted outcome batch body, in bytes (413 beyond). */
export const MAX_OUTCOME_BATCH_BYTES = 64 * 1024;
/** Largest number of reports in one batch. */
export const MAX_REPORTS_PER_BATCH = 500;

/**
 * Revenue is reported as a bucket index, never as an amount: bucket i covers [edges[i], edges[i+1]).
 * The edge estimates revenue from bucket midpoints (the last bucket counts as its lower edge).
 */
export const REVENUE_BUCKET_EDGES = [0, 10, 25, 50, 100, 200, 500, 1000] as const;

export const outcomeMetricSchema = z.enum(['exposure', 'conversion', 'revenue']);

export const outcomeReportSchema = z
  .strictObject({
    experiment: idSchema,
    version: z.number().int().min(1).describe('The experiment version the device was assigned under.'),
    arm: idSchema,
    segment: idSchema.optional().describe('Coarse segment id, when the site reports by segment.'),
    metric: outcomeMetricSchema,
    value: z
      .number()
      .int()
      .min(0)
      .max(REVENUE_BUCKET_EDGES.length - 1)
      .describe('exposure: 1; conversion: randomised-response bit 0 or 1; revenue: bucket index.'),
  })
  .superRefine((r, ctx) => {
    if (r.metric !== 'revenue' && r.value > 1)
      ctx.addIssue({ code: 'custom', path: ['value'], message: `a ${r.metric} report carries 0 or 1, received ${r.value}` });
  });

export const outcomeBatchSchema = z.strictObject({
  schemaVersion: z.literal(1),
  batchId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/, 'expected a random batch id of 16 to 64 URL-safe characters')
    .describe('Random per batch, fresh each time: a retry reuses it, so the edge counts the batch once.'),
  day: daySchema.optional().describe('Day the batch was made, the finest time that leaves the device.'),
  reports: z.array(outcomeReportSchema).min(1).max(MAX_REPORTS_PER_BATCH),
});

export type OutcomeMetric = z.infer<typeof outcomeMetricSchema>;
export type OutcomeReport = z.infer<typeof outcomeReportSchema>;
export type OutcomeBatch = z.infer<typeof outcomeBatchSchema>;
