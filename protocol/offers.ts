// Offers: what can be shown in a slot, what it costs, and who may get it.
import { z } from 'zod';
import { conditionSchema } from './condition.ts';
import { idSchema, isoDateTimeSchema } from './ids.ts';

export const offerContentSchema = z.strictObject({
  title: z.string().min(1).max(200).describe('Headline. Inserted as text, never as HTML.'),
  body: z.string().max(1000).optional().describe('Supporting text. Inserted as text, never as HTML.'),
  image: z.string().max(2000).optional().describe('Image URL (absolute or relative to the shop).'),
  link: z.string().max(2000).optional().describe('Where the offer leads.'),
  cta: z.string().max(60).optional().describe('Button label.'),
});

export const discountSchema = z.strictObject({
  kind: z.enum(['percent', 'amount', 'free_shipping', 'none']).describe('How the discount is expressed.'),
  value: z.number().nonnegative().default(0).describe('Percent (0 to 100) or amount in the site currency.'),
  code: z.string().max(64).optional().describe('Coupon code shown to the shopper, if any.'),
}).refine((d) => d.kind !== 'percent' || d.value <= 100, { message: 'a percent discount is at most 100', path: ['value'] });

/** A linear score used when no model covers the offer: logit = intercept + Σ weight · profile[feature]. */
export const linearScoreSchema = z.strictObject({
  intercept: z.number().describe('Logit of the uplift-free purchase probability.'),
  weights: z.record(z.string(), z.number()).default({}).describe('Profile attribute path to weight.'),
  uplift: z.number().min(-1).max(1).default(0).describe('Added probability of purchase when shown.'),
});

export const frequencyCapSchema = z.strictObject({
  count: z.number().int().min(1).describe('At most this many exposures ...'),
  days: z.number().min(0.01).max(365).describe('... within this many days.'),
});

/** Fields every offer has, in either schema version. */
const offerFields = {
  id: idSchema.describe('Stable offer id; reports and prices refer to it.'),
  name: z.string().max(120).optional().describe('Internal name a marketer reads.'),
  slots: z.array(idSchema).min(1).describe('Slots this offer may fill, e.g. ["hero"].'),
  category: z.string().max(64).optional().describe('At most one offer per category is shown per page.'),
  items: z.array(z.string().max(64)).max(500).default([]).describe('Item ids the offer promotes; never offered right after the shopper bought one of them.'),
  content: offerContentSchema.describe('What the shopper sees.'),
  discount: discountSchema.default({ kind: 'none', value: 0 }).describe('The incentive: what the shopper sees, and (unless redemptionCost says otherwise) what a redemption costs.'),
  margin: z.number().nonnegative().describe('Profit of one purchase before any discount, in the site currency: what an extra purchase earns.'),
  eligibility: conditionSchema.default({}).describe('Who may get the offer; `{}` is everyone.'),
  inventory: z.number().int().nonnegative().nullable().default(null).describe('Units available in the budget period, used by redemptions; null is unlimited.'),
  frequencyCap: frequencyCapSchema.optional().describe('At most so many exposures per shopper within so many days.'),
  validFrom: isoDateTimeSchema.optional().describe('Not shown before this time.'),
  validTo: isoDateTimeSchema.optional().describe('Not shown after this time.'),
  score: linearScoreSchema.optional().describe('Fallback linear score when no model covers this offer.'),
  upliftPrior: z
    .record(z.string(), z.number().min(-1).max(1))
    .default({})
    .describe('Optional expected uplift per segment id, for shoppers no model scores (cold start); models decide otherwise.'),
};

const validityOrder = <T extends { validFrom?: string | undefined; validTo?: string | undefined }>(o: T) =>
  !o.validFrom || !o.validTo || Date.parse(o.validFrom) <= Date.parse(o.validTo);
const validityMessage = { message: 'validFrom must not be after validTo', path: ['validTo'] };

/**
 * An offer (schemaVersion 2). Its cost is per redemption, not per show: a coupon costs the shop only when a buyer
 * uses it (see protocol/economics.ts).
 */
export const offerSchema = z
  .strictObject({
    ...offerFields,
    redemptionCost: z
      .number()
      .nonnegative()
      .optional()
      .describe(
        'What one redemption costs the shop, in the site currency (the discount given, or a gift\'s cost). Derived when absent: ' +
          'a percent of economics.averageOrderValue, the amount, economics.shippingCost, or 0 without a discount.',
      ),
  })
  .refine(validityOrder, validityMessage);

/** An offer as devices receive it: the cost per redemption resolved at publish, so devices never derive it. */
export const deviceOfferSchema = z
  .strictObject({ ...offerFields, redemptionCost: z.number().nonnegative().describe('What one redemption costs the shop.') })
  .refine(validityOrder, validityMessage);

/**
 * An offer as schemaVersion 1 wrote it: `cost` was the expected discount cost per shopper shown, which charged a
 * show as if it were a redemption. Accepted and migrated (site-config.ts `migrateSiteConfigV1`).
 */
export const offerV1Schema = z
  .strictObject({
    ...offerFields,
    cost: z.number().nonnegative().describe('schemaVersion 1: expected discount cost per shopper shown.'),
  })
  .refine(validityOrder, validityMessage);

export type Offer = z.infer<typeof offerSchema>;
export type OfferV1 = z.infer<typeof offerV1Schema>;
export type DeviceOffer = z.infer<typeof deviceOfferSchema>;
export type OfferContent = z.infer<typeof offerContentSchema>;
export type LinearScore = z.infer<typeof linearScoreSchema>;
