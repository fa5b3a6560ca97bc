// The editable source config of a site: what a marketer PUTs and GETs through the admin API.
import { z } from 'zod';
import { customerValueSchema } from './customer-value.ts';
import { experimentSchema, type Experiment } from './experiments.ts';
import { slotTraffic } from './slots.ts';
import { idSchema, isoDateTimeSchema } from './ids.ts';
import { modelManifestSchema } from './models.ts';
import { redemptionCostOf } from './economics.ts';
import { offerSchema, offerV1Schema, type OfferV1 } from './offers.ts';
import { segmentSchema } from './segments.ts';
import { MAX_REVENUE_LEVELS } from './outcomes.ts';

/**
 * The contract version; a device keeps its last good config when it meets a version it does not know. 2: offers
 * cost per redemption (`redemptionCost`), not per show; version 1 configs are still accepted and migrated.
 */
export const SCHEMA_VERSION = 2;

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

export const economicsSchema = z.strictObject({
  averageOrderValue: z.number().positive().optional().describe('Mean order value in the site currency: a percent discount costs that share of it per redemption.'),
  shippingCost: z.number().nonnegative().optional().describe('What free shipping costs the shop per order, in the site currency.'),
});

/** Fields of a site config in either schema version; `offers` differs. */
const siteFields = {
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
  holdback: z
    .number()
    .min(0)
    .max(0.2)
    .default(0.03)
    .describe('Share of decisions randomised to measure what offers add: a random eligible offer or nothing, half each, reported by offer and uplift bin.'),
  autoPublish: z.boolean().default(false).describe('The feedback loop publishes new prices and posteriors itself.'),
  savedGroups: z.record(idSchema, z.array(z.union([z.string(), z.number()]))).default({}).describe('Lists for $inGroup.'),
  segments: z.array(segmentSchema).max(500).describe('Shopper segments; a shopper belongs to the matching one of highest priority.'),
  experiments: z.array(experimentSchema).max(100).default([]).describe('Tests, holdouts and bandits per slot.'),
  constraints: constraintsSchema.describe('Business constraints the edge LP plans under.'),
  models: z.array(modelManifestSchema).max(50).default([]).describe('ONNX models served to devices, by manifest.'),
  customerValue: customerValueSchema
    .optional()
    .describe('Fitted lifetime-value models and VAP tier thresholds: devices compute clv, pAlive and the tiers from them.'),
};

type Issue = { path: (string | number)[]; message: string };
interface CheckedConfig {
  offers: readonly { id: string; upliftPrior: Record<string, number> }[];
  segments: readonly { id: string }[];
  experiments: readonly (Pick<Experiment, 'id' | 'slot' | 'status' | 'namespace'> & { arms: readonly { offerId?: string | undefined }[] })[];
  models: readonly { offers: readonly string[]; outputs: Record<string, string | { name: string } | { name: string; columns: Record<string, number> }> }[];
  privacy: { dailyEpsilon: number };
  customerValue?: { report?: { epsilon: number } | undefined } | undefined;
}

/** Checks across sections (ids that refer to each other), shared by both schema versions. */
function crossReferences(config: CheckedConfig): Issue[] {
  const issues: Issue[] = [];
  const report = config.customerValue?.report;
  if (report && report.epsilon > config.privacy.dailyEpsilon)
    issues.push({
      path: ['customerValue', 'report', 'epsilon'],
      message: `one customer-value report costs ${report.epsilon}; privacy.dailyEpsilon (${config.privacy.dailyEpsilon}) would never allow it`,
    });
  const offerIds = new Set<string>();
  config.offers.forEach((offer, i) => {
    if (offerIds.has(offer.id)) issues.push({ path: ['offers', i, 'id'], message: `duplicate offer id "${offer.id}"` });
    offerIds.add(offer.id);
  });
  const segmentIds = new Set<string>();
  config.segments.forEach((segment, i) => {
    if (segmentIds.has(segment.id)) issues.push({ path: ['segments', i, 'id'], message: `duplicate segment id "${segment.id}"` });
    segmentIds.add(segment.id);
  });
  config.offers.forEach((offer, i) => {
    for (const segmentId of Object.keys(offer.upliftPrior))
      if (!segmentIds.has(segmentId)) issues.push({ path: ['offers', i, 'upliftPrior', segmentId], message: `unknown segment "${segmentId}"` });
  });
  config.experiments.forEach((experiment, i) => {
    experiment.arms.forEach((arm, j) => {
      if (arm.offerId && !offerIds.has(arm.offerId))
        issues.push({ path: ['experiments', i, 'arms', j, 'offerId'], message: `unknown offer "${arm.offerId}"` });
    });
    if (experiment.namespace?.id.startsWith('auto:'))
      issues.push({ path: ['experiments', i, 'namespace', 'id'], message: 'namespace ids starting with "auto:" are the edge\'s own split of a slot' });
  });
  // No silently dead experiment: running experiments on one slot either split it or say how they share it.
  for (const conflict of slotTraffic(config.experiments).conflicts)
    issues.push({ path: ['experiments', conflict.index, 'namespace'], message: conflict.message });
  config.models.forEach((model, i) => {
    model.offers.forEach((offerId, j) => {
      if (!offerIds.has(offerId)) issues.push({ path: ['models', i, 'offers', j], message: `unknown offer "${offerId}"` });
    });
    // A per-offer column must name an offer the model scores: one it lists, or any offer when it lists none.
    for (const [role, ref] of Object.entries(model.outputs)) {
      if (typeof ref === 'string' || !('columns' in ref)) continue;
      for (const offerId of Object.keys(ref.columns))
        if (!offerIds.has(offerId) || (model.offers.length > 0 && !model.offers.includes(offerId)))
          issues.push({
            path: ['models', i, 'outputs', role, 'columns', offerId],
            message: offerIds.has(offerId) ? `offer "${offerId}" is not in this model's offers` : `unknown offer "${offerId}"`,
          });
    }
  });
  return issues;
}

const siteConfigV2Schema = z
  .strictObject({
    schemaVersion: z.literal(SCHEMA_VERSION).describe('Contract version: 2 (1 is accepted and migrated).'),
    ...siteFields,
    economics: economicsSchema.default({}).describe('What orders are worth, to turn discounts into a cost per redemption.'),
    offers: z.array(offerSchema).max(5000).describe('Every offer that may be shown.'),
  })
  .superRefine((config, ctx) => {
    for (const issue of crossReferences(config)) ctx.addIssue({ code: 'custom', ...issue });
    config.offers.forEach((offer, i) => {
      if (redemptionCostOf(offer, config.economics) !== null) return;
      const why = offer.discount.kind === 'percent'
        ? `a ${offer.discount.value}% discount costs that share of an order: set redemptionCost, or economics.averageOrderValue`
        : 'free shipping costs what shipping costs the shop: set redemptionCost, or economics.shippingCost';
      ctx.addIssue({ code: 'custom', path: ['offers', i, 'redemptionCost'], message: why });
    });
  });

const siteConfigV1Fields = z.strictObject({
  schemaVersion: z.literal(1).describe('Contract version 1: offers cost per show. Migrated to version 2.'),
  ...siteFields,
  offers: z.array(offerV1Schema).max(5000).describe('Every offer that may be shown.'),
});

/** Mean P(buy | shown) of an offer under a version 1 config's own segment baselines and priors, by segment size. */
function plannedRedemptionRate(offer: OfferV1, segments: readonly { id: string; size: number; baseline: number }[]): number {
  let shoppers = 0;
  let buyers = 0;
  for (const s of segments) {
    const p = Math.min(1, Math.max(0, s.baseline + (offer.upliftPrior[s.id] ?? 0)));
    shoppers += s.size;
    buyers += s.size * p;
  }
  return shoppers > 0 ? buyers / shoppers : 0;
}

/**
 * Version 1 to 2: each offer's cost per show becomes a cost per redemption. Where the discount says it (an
 * amount, or none) that is the cost; otherwise the version 1 cost over the offer's planned redemption rate (the
 * config's own baselines and priors), which keeps the spend the marketer planned.
 * @example migrateSiteConfigV1(v1).offers[0].redemptionCost
 */
export function migrateSiteConfigV1(v1: z.output<typeof siteConfigV1Fields>): z.input<typeof siteConfigV2Schema> {
  const offers = v1.offers.map(({ cost, ...offer }) => {
    const derived = redemptionCostOf(offer, {});
    const rate = plannedRedemptionRate({ ...offer, cost }, v1.segments);
    const redemptionCost = derived ?? (rate > 0 ? Math.round((cost / rate) * 1e4) / 1e4 : cost);
    return { ...offer, redemptionCost };
  });
  return { ...v1, schemaVersion: SCHEMA_VERSION, economics: {}, offers };
}

const siteConfigV1Schema = siteConfigV1Fields
  .superRefine((config, ctx) => {
    for (const issue of crossReferences(config)) ctx.addIssue({ code: 'custom', ...issue });
  })
  .transform(migrateSiteConfigV1)
  .pipe(siteConfigV2Schema);

/**
 * The site config a marketer PUTs: version 2, or version 1 migrated to it. Its output is always version 2.
 * @example siteConfigSchema.parse(JSON.parse(text)).schemaVersion // 2
 */
export const siteConfigSchema = z.discriminatedUnion('schemaVersion', [siteConfigV2Schema, siteConfigV1Schema]);

/** The config as a marketer writes it (defaults optional). */
export type SiteConfigInput = z.input<typeof siteConfigSchema>;
/** The config after validation, every default filled in. */
export type SiteConfig = z.output<typeof siteConfigSchema>;
