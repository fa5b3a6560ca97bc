// The editable source config of a site: what a marketer PUTs and GETs through the admin API.
import { z } from 'zod';
import { customerValueSchema } from './customer-value.ts';
import { experimentSchema } from './experiments.ts';
import { idSchema, isoDateTimeSchema } from './ids.ts';
import { modelManifestSchema } from './models.ts';
import { offerSchema } from './offers.ts';
import { segmentSchema } from './segments.ts';
import { MAX_REVENUE_LEVELS } from './outcomes.ts';

/** The contract version; a device keeps its last good config when it meets a version it does not know. */
export const SCHEMA_VERSION = 1;

/** Default revenue levels: [0, cap]. Two levels give the narrowest revenue intervals for a given ε (see README). */
export const DEFAULT_REVENUE_LEVELS = [0, 200];

export const privacySchema = z
  .strictObject({
    epsilon: z.number().positive().max(10).default(Math.log(3)).describe('ε of the conversion bit (randomised response) in each report set.'),
    revenueEpsilon: z.number().positive().max(10).default(Math.log(3)).describe('ε of the revenue level (k-ary randomised response) in each report set.'),
    revenueLevels: z
      .array(z.number().nonnegative())
      .min(2)
      .max(MAX_REVENUE_LEVELS)
      .default(DEFAULT_REVENUE_LEVELS)
      .describe('Increasing amounts, the first 0: revenue in a window is clipped to the last and rounded at random to a level (unbiased below the last).'),
    dailyEpsilon: z
      .number()
      .positive()
      .max(100)
      .default(7)
      .describe('Per-device daily budget: units opened on one day may together cost at most this much ε; beyond it nothing more is reported that day.'),
    k: z.number().int().min(1).default(20).describe('Result cells with fewer reports are hidden.'),
  })
  .superRefine((p, ctx) => {
    if (p.revenueLevels[0] !== 0)
      ctx.addIssue({ code: 'custom', path: ['revenueLevels', 0], message: `the first revenue level must be 0 (no purchase), received ${p.revenueLevels[0]}` });
    p.revenueLevels.forEach((level, i) => {
      if (i > 0 && !(level > p.revenueLevels[i - 1]!))
        ctx.addIssue({ code: 'custom', path: ['revenueLevels', i], message: `revenue levels must increase: ${level} follows ${p.revenueLevels[i - 1]}` });
    });
    if (p.dailyEpsilon < p.epsilon + p.revenueEpsilon)
      ctx.addIssue({
        code: 'custom', path: ['dailyEpsilon'],
        message: `a report set costs epsilon + revenueEpsilon = ${round(p.epsilon + p.revenueEpsilon)}; a daily budget of ${p.dailyEpsilon} would never allow one`,
      });
  });

const round = (x: number) => Math.round(x * 1000) / 1000;

export const constraintsSchema = z.strictObject({
  budget: z.number().nonnegative().describe('Total discount budget for the period, in the site currency.'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as "EUR"').default('EUR').describe('Currency of budget, margins and costs.'),
  periodStart: isoDateTimeSchema.optional().describe('Start of the budget period (for pacing).'),
  periodEnd: isoDateTimeSchema.optional().describe('End of the budget period (for pacing).'),
  maxOffersPerPage: z.number().int().min(0).max(20).default(1).describe('Offers one page may show across its slots.'),
});

export const siteConfigSchema = z
  .strictObject({
    schemaVersion: z.literal(SCHEMA_VERSION).describe('Contract version; 1.'),
    site: idSchema.describe('Site id, as in the script tag\'s data-site and the URLs.'),
    name: z.string().max(120).optional().describe('Display name of the shop.'),
    allowedOrigins: z
      .array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'expected an origin such as "https://shop.example"'))
      .default([])
      .describe('Origins allowed to call the device API (CORS).'),
    consent: z.enum(['required', 'implied']).default('implied').describe('required: nothing is stored before consent(true).'),
    privacy: privacySchema.prefault({}).describe('How outcome reports are anonymised, what each costs in ε, and which results are shown.'),
    globalHoldout: z.number().min(0).max(0.5).default(0.05).describe('Share of shoppers never personalised.'),
    attributionDays: z
      .number()
      .min(0)
      .max(90)
      .default(7)
      .describe("An experiment unit's window in days from its first exposure: purchases in it count, and its report set is sent once it closes."),
    holdbackDays: z
      .number()
      .min(0)
      .max(90)
      .default(1)
      .describe("A holdback decision's window in days: short, since it measures one decision."),
    autoPublish: z.boolean().default(false).describe('The feedback loop publishes new prices and posteriors itself.'),
    savedGroups: z.record(idSchema, z.array(z.union([z.string(), z.number()]))).default({}).describe('Lists for $inGroup.'),
    segments: z.array(segmentSchema).max(500).describe('Shopper segments; a shopper belongs to the matching one of highest priority.'),
    offers: z.array(offerSchema).max(5000).describe('Every offer that may be shown.'),
    experiments: z.array(experimentSchema).max(100).default([]).describe('Tests, holdouts and bandits per slot.'),
    constraints: constraintsSchema.describe('Business constraints the edge LP plans under.'),
    models: z.array(modelManifestSchema).max(50).default([]).describe('ONNX models served to devices, by manifest.'),
    customerValue: customerValueSchema
      .optional()
      .describe('Fitted lifetime-value models and VAP tier thresholds: devices compute clv, pAlive and the tiers from them.'),
  })
  .superRefine((config, ctx) => {
    const offerIds = new Set<string>();
    config.offers.forEach((offer, i) => {
      if (offerIds.has(offer.id)) ctx.addIssue({ code: 'custom', path: ['offers', i, 'id'], message: `duplicate offer id "${offer.id}"` });
      offerIds.add(offer.id);
    });
    const segmentIds = new Set<string>();
    config.segments.forEach((segment, i) => {
      if (segmentIds.has(segment.id)) ctx.addIssue({ code: 'custom', path: ['segments', i, 'id'], message: `duplicate segment id "${segment.id}"` });
      segmentIds.add(segment.id);
    });
    config.offers.forEach((offer, i) => {
      for (const segmentId of Object.keys(offer.upliftPrior))
        if (!segmentIds.has(segmentId))
          ctx.addIssue({ code: 'custom', path: ['offers', i, 'upliftPrior', segmentId], message: `unknown segment "${segmentId}"` });
    });
    config.experiments.forEach((experiment, i) => {
      experiment.arms.forEach((arm, j) => {
        if (arm.offerId && !offerIds.has(arm.offerId))
          ctx.addIssue({ code: 'custom', path: ['experiments', i, 'arms', j, 'offerId'], message: `unknown offer "${arm.offerId}"` });
      });
    });
    config.models.forEach((model, i) => {
      model.offers.forEach((offerId, j) => {
        if (!offerIds.has(offerId))
          ctx.addIssue({ code: 'custom', path: ['models', i, 'offers', j], message: `unknown offer "${offerId}"` });
      });
      // A per-offer column must name an offer the model scores: one it lists, or any offer when it lists none.
      for (const [role, ref] of Object.entries(model.outputs)) {
        if (typeof ref === 'string' || !('columns' in ref)) continue;
        for (const offerId of Object.keys(ref.columns))
          if (!offerIds.has(offerId) || (model.offers.length > 0 && !model.offers.includes(offerId)))
            ctx.addIssue({
              code: 'custom', path: ['models', i, 'outputs', role, 'columns', offerId],
              message: offerIds.has(offerId) ? `offer "${offerId}" is not in this model's offers` : `unknown offer "${offerId}"`,
            });
      }
    });
  });

/** The config as a marketer writes it (defaults optional). */
export type SiteConfigInput = z.input<typeof siteConfigSchema>;
/** The config after validation, every default filled in. */
export type SiteConfig = z.output<typeof siteConfigSchema>;
