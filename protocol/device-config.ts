// The published device config: the source config compiled with prices, bandit posteriors and model URLs.
// Devices receive only this. It is a type (not a schema) because the SDK must not ship zod; the edge builds it
// from a validated SiteConfig, and `deviceConfigSchema` checks it in tests.
import { z } from 'zod';
import { customerValueSchema } from './customer-value.ts';
import { experimentSchema } from './experiments.ts';
import { idSchema } from './ids.ts';
import { modelManifestSchema } from './models.ts';
import { deviceOfferSchema } from './offers.ts';
import { segmentSchema } from './segments.ts';
import { SCHEMA_VERSION, constraintsSchema, privacySchema } from './site-config.ts';

/**
 * Normal posterior of one arm's profit per exposure within one segment ("*" for all segments): the bandit's reward,
 * from report sets (stats/reward.ts). Publications made before it carry Beta posteriors, which bandits ignore.
 */
export const posteriorSchema = z.strictObject({
  mean: z.number().describe('Posterior mean profit per exposure, in the site currency.'),
  sd: z.number().nonnegative().describe('Posterior standard deviation: sampling and both mechanisms\' noise.'),
  units: z.number().int().nonnegative().describe('Report sets behind it.'),
});

export const deviceModelSchema = modelManifestSchema.extend({
  url: z.string().describe('Where the device fetches the ONNX file, relative to the API origin.'),
});

export const deviceConfigSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  site: idSchema,
  version: z.number().int().min(1).describe('The source config version this was compiled from.'),
  publishedAt: z.string().describe('When it was published (edge clock, ISO 8601).'),
  consent: z.enum(['required', 'implied']),
  privacy: privacySchema,
  globalHoldout: z.number(),
  attributionDays: z.number(),
  holdbackDays: z.number(),
  holdback: z.number().describe('Share of decisions in the measurement holdback.'),
  savedGroups: z.record(z.string(), z.array(z.union([z.string(), z.number()]))),
  segments: z.array(segmentSchema),
  offers: z.array(deviceOfferSchema),
  experiments: z.array(experimentSchema),
  constraints: constraintsSchema,
  prices: z
    .record(idSchema, z.number())
    .describe('Price per expected redemption, λ·redemptionCost_o + ν_o, from the edge: a device charges an offer pT·price.'),
  posteriors: z
    .record(idSchema, z.record(z.string(), z.record(idSchema, posteriorSchema)))
    .describe('experiment -> segment ("*" for all) -> arm -> posterior of the profit per exposure, for bandits.'),
  learnedUplift: z
    .record(z.string(), z.record(idSchema, z.number().min(-1).max(1)))
    .describe(
      'segment -> offer -> uplift observed in experiments (shrunk toward the priors), from the feedback loop. ' +
        'Devices score with it before the offer\'s upliftPrior, so what the edge learns reaches every shopper.',
    ),
  banditShares: z
    .record(idSchema, z.record(z.string(), z.record(idSchema, z.number().min(0).max(1))))
    .describe(
      'experiment -> segment ("*" for all) -> arm -> share of new assignments: Thompson sampling over the posteriors with ' +
        'the arm weights as prior, or the weights until the posteriors show at 95% that moving earns more, computed at the ' +
        'edge with the exploration floor, so devices assign bandit arms by hash like any weighted arm.',
    ),
  models: z.array(deviceModelSchema),
  calibration: z
    .record(idSchema, z.array(z.number().min(-1).max(1)).length(10))
    .optional()
    .describe('offer -> additive correction of a model\'s predicted uplift per decile (protocol/holdback.ts), from the measurement holdback.'),
  customerValue: customerValueSchema.nullable().describe('The site\'s customer-value model, or null: devices then compute no VAP attributes.'),
});

export type DeviceConfig = z.infer<typeof deviceConfigSchema>;
export type DeviceModel = z.infer<typeof deviceModelSchema>;
export type Posterior = z.infer<typeof posteriorSchema>;
export type BanditShares = DeviceConfig['banditShares'];
