// Segments: named groups of shoppers, defined by a condition over the on-device profile.
import { z } from 'zod';
import { conditionSchema } from './condition.ts';
import { idSchema } from './ids.ts';

export const segmentSchema = z.strictObject({
  id: idSchema.describe('Stable id, used in reports as the coarse segment.'),
  name: z.string().min(1).max(120).describe('Name a marketer reads.'),
  description: z.string().max(500).optional().describe('What the segment means in business terms.'),
  condition: conditionSchema.describe('Mongo-style condition over profile attributes; `{}` matches everyone.'),
  priority: z
    .number()
    .int()
    .describe('A shopper in several segments is reported and priced in the one with the highest priority.'),
  size: z
    .number()
    .nonnegative()
    .default(1000)
    .describe('Expected shoppers in the budget period; the edge LP plans with it.'),
  maxOffers: z
    .number()
    .int()
    .min(0)
    .max(20)
    .default(1)
    .describe('Offers a shopper of this segment may receive in the budget period (slots in the LP).'),
  baseline: z
    .number()
    .min(0)
    .max(1)
    .default(0.05)
    .describe('Prior purchase probability without an offer: the lookalike prior for cold start.'),
});

export type Segment = z.infer<typeof segmentSchema>;
