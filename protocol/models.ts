// Model manifests: how a served ONNX file maps the on-device profile to its input vector, and which tensor,
// column and row of its outputs hold each score.
import { z } from 'zod';
import { idSchema, sha256Schema } from './ids.ts';

/**
 * One entry of a model's input vector, in order. `numeric` reads a profile attribute (missing -> `fill`);
 * `onehot` is 1 when the attribute equals `value`, else 0.
 */
export const featureSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('numeric').describe('A number read from the profile.'),
    name: z.string().min(1).max(128).describe('Column name in the training data.'),
    source: z.string().min(1).max(128).describe('Profile attribute path on the device, e.g. "recencyDays".'),
    fill: z
      .number()
      .nullable()
      .default(0)
      .describe('Value used when the attribute is missing; null passes it to the model as missing (NaN), so the model\'s own missing-value branches decide.'),
    scale: z.strictObject({ mean: z.number().describe('Subtracted first.'), std: z.number().positive().describe('Then divided by.') }).optional().describe('Standardisation applied before the model.'),
  }),
  z.strictObject({
    kind: z.literal('onehot').describe('1 when a profile attribute equals `value`, else 0.'),
    name: z.string().min(1).max(128).describe('Column name in the training data.'),
    source: z.string().min(1).max(128).describe('Profile attribute path on the device.'),
    value: z.union([z.string(), z.number(), z.boolean()]).describe('The category this input is 1 for.'),
  }),
]);

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
  inputs: z.array(featureSpecSchema).min(1).max(4096).describe('The input vector, in order.'),
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
