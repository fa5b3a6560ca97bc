// The analyst's problem file (`edgewise optimize --in problem.json`), validated with zod so errors name the field.
import { z } from 'zod';
import type { OfferProblem } from './problem.ts';

const finite = z.number().refine(Number.isFinite, 'expected a finite number');

export const lpSegmentSchema = z.strictObject({
  id: z.string().min(1),
  size: finite.nonnegative().describe('Shoppers in the period (n_s).'),
  maxOffers: finite.nonnegative().describe('Offers one shopper may receive (m_s).'),
});

export const lpOfferSchema = z.strictObject({
  id: z.string().min(1),
  cost: finite.describe('Cost of one unit used (c_o): of one redemption when `units` gives P(redeem), else of one show; negative for an offer that earns.'),
  inventory: finite.nonnegative().nullable().optional().describe('Units available (I_o); absent or null: unlimited.'),
});

export const offerProblemSchema = z
  .strictObject({
    segments: z.array(lpSegmentSchema),
    offers: z.array(lpOfferSchema),
    value: z.record(z.string(), z.record(z.string(), finite)).describe('segment id -> offer id -> v_so; missing: ineligible.'),
    units: z
      .record(z.string(), z.record(z.string(), finite.nonnegative()))
      .optional()
      .describe('segment id -> offer id -> u_so, units one shopper given the offer uses in expectation (P(redeem)); missing: 1.'),
    budget: finite.describe('Total discount budget (B).'),
  })
  .superRefine((problem, ctx) => {
    const segmentIds = new Set<string>();
    problem.segments.forEach((s, i) => {
      if (segmentIds.has(s.id)) ctx.addIssue({ code: 'custom', path: ['segments', i, 'id'], message: `duplicate segment id "${s.id}"` });
      segmentIds.add(s.id);
    });
    const offerIds = new Set<string>();
    problem.offers.forEach((o, i) => {
      if (offerIds.has(o.id)) ctx.addIssue({ code: 'custom', path: ['offers', i, 'id'], message: `duplicate offer id "${o.id}"` });
      offerIds.add(o.id);
    });
    for (const [segmentId, row] of [...Object.entries(problem.value), ...Object.entries(problem.units ?? {})]) {
      if (!segmentIds.has(segmentId)) ctx.addIssue({ code: 'custom', path: ['value', segmentId], message: `unknown segment "${segmentId}"` });
      for (const offerId of Object.keys(row))
        if (!offerIds.has(offerId)) ctx.addIssue({ code: 'custom', path: ['value', segmentId, offerId], message: `unknown offer "${offerId}"` });
    }
  });

/** The problem file as written; identical to `OfferProblem`. */
export type OfferProblemInput = z.input<typeof offerProblemSchema>;

// The schema's output must stay assignable to the solver's input.
const _assignable: (p: z.output<typeof offerProblemSchema>) => OfferProblem = (p) => p;
void _assignable;
