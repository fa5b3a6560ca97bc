// Model manifests: how a served ONNX file maps the on-device profile to its input vector, and which tensor,
// column and row of its outputs hold each score.
import { z } from 'zod';
import { idSchema, sha256Schema } from './ids.ts';

const featureName = z.string().min(1).max(128).describe('Column name in the training data.');
const scaleSchema = z
  .strictObject({ mean: z.number().describe('Subtracted first.'), std: z.number().positive().describe('Then divided by.') })
  .optional()
  .describe('Standardisation applied last, after fill, transform and product.');

/**
 * One entry of a model's input vector, in order. `numeric` reads a profile attribute (missing -> `fill`), optionally
 * as log(1 + x) and times an earlier input; `onehot` is 1 when the attribute equals `value`; `share` is one entry of
 * a map attribute over the map's total (the share of a shopper's interest that is in shoes); `atLeast` is 1 when the
 * attribute reaches `threshold`. The preprocessing a trainer did, written down so the device repeats it exactly.
 */
export const featureSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('numeric').describe('A number read from the profile.'),
    name: featureName,
    source: z.string().min(1).max(128).describe('Profile attribute path on the device, e.g. "recencyDays".'),
    fill: z
      .number()
      .nullable()
      .default(0)
      .describe('Value used when the attribute is missing; null passes it to the model as missing (NaN), so the model\'s own missing-value branches decide.'),
    transform: z.enum(['log1p']).optional().describe('log1p: log(1 + x) of the (filled) value, for counts and amounts with long tails.'),
    times: featureName.optional().describe('Name of an earlier input: this value (after transform, before scaling) times that one\'s: a feature cross.'),
    scale: scaleSchema,
  }),
  z.strictObject({
    kind: z.literal('onehot').describe('1 when a profile attribute equals `value`, else 0.'),
    name: featureName,
    source: z.string().min(1).max(128).describe('Profile attribute path on the device.'),
    value: z.union([z.string(), z.number(), z.boolean()]).describe('The category this input is 1 for.'),
  }),
  z.strictObject({
    kind: z.literal('share').describe('One entry of a map attribute over the sum of its entries, 0 to 1.'),
    name: featureName,
    source: z.string().min(1).max(128).describe('Path of the entry, e.g. "categoryAffinity.shoes"; its map is the path before the last dot.'),
    fill: z.number().default(0).describe('Value used when the map is empty.'),
    scale: scaleSchema,
  }),
  z.strictObject({
    kind: z.literal('atLeast').describe('1 when a numeric profile attribute is at least `threshold`, else 0 (missing: 0).'),
    name: featureName,
    source: z.string().min(1).max(128).describe('Profile attribute path on the device.'),
    threshold: z.number().describe('The smallest value that gives 1.'),
  }),
]).superRefine((spec, ctx) => {
  if (spec.kind === 'share' && !spec.source.includes('.'))
    ctx.addIssue({ code: 'custom', path: ['source'], message: `a share reads one entry of a map, e.g. "categoryAffinity.shoes"; received "${spec.source}"` });
});

const outputNameSchema = z.string().min(1).max(256);
const columnSchema = z.number().int().min(0).max(65_535);

/**
 * Where one role's value is in the model's outputs: an output name (its column 0), one column of it, or one
 * column per offer (a pooled model scoring several offers at once). The row is the shopper's (0 on a device).
 */
export const outputRefSchema = z.union([
  outputNameSchema.describe('Output name; the value is its column 0.'),
  z.strictObject({
    name: outputNameSchema.describe('Output name.'),
    column: columnSchema.default(0).describe('Column of a [N, C] output, e.g. 1 for P(class 1) of [N, 2] class probabilities.'),
  }),
  z.strictObject({
    name: outputNameSchema.describe('Output name.'),
    columns: z.record(idSchema, columnSchema).describe('Offer id -> column: one column per offer; offers not listed get no value for this role.'),
  }),
]);

export const modelManifestSchema = z.strictObject({
  id: idSchema.describe('Model id, shown in explanations.'),
  kind: z.enum(['propensity', 'uplift']).describe('propensity: P(buy); uplift: P(buy | offer) - P(buy | no offer).'),
  method: z.string().max(64).optional().describe('How it was trained, e.g. "t-learner-logistic".'),
  sha256: sha256Schema.describe('Content hash of the ONNX file; the file is served at /v1/models/{sha256}.'),
  bytes: z.number().int().positive().optional().describe('File size, for the device\'s download budget.'),
  inputs: z
    .array(featureSpecSchema)
    .min(1)
    .max(4096)
    .describe('The input vector, in order.')
    .superRefine((inputs, ctx) => {
      const seen = new Set<string>();
      inputs.forEach((spec, i) => {
        if (spec.kind === 'numeric' && spec.times !== undefined && !seen.has(spec.times))
          ctx.addIssue({ code: 'custom', path: [i, 'times'], message: `"${spec.times}" is not the name of an earlier input` });
        seen.add(spec.name);
      });
    }),
  inputName: z.string().default('input').describe('Name of the ONNX graph input (float32 [1, n]).'),
  outputs: z
    .record(z.string(), outputRefSchema)
    .describe('Role ("p_treatment", "p_control", "uplift" or "probability") to where its value is: an output name (column 0), { name, column } or { name, columns: { offerId: column } }.'),
  offers: z.array(idSchema).default([]).describe('Offers the model scores; empty means every offer.'),
  metrics: z.record(z.string(), z.number()).default({}).describe('Training metrics on the internal holdout.'),
});

export type FeatureSpec = z.infer<typeof featureSpecSchema>;
export type OutputRef = z.infer<typeof outputRefSchema>;
export type ModelManifest = z.infer<typeof modelManifestSchema>;
