// Experiments: randomised tests, holdouts and bandits on a slot.
import { z } from 'zod';
import { idSchema } from './ids.ts';

export const armSchema = z.strictObject({
  id: idSchema.describe('Arm id, reported with outcomes; "holdout" is reserved for the global holdout.'),
  weight: z.number().nonnegative().describe('Relative share of traffic; weights need not sum to 1.'),
  policy: z
    .enum(['personalised', 'control', 'offer'])
    .describe('personalised: the optimiser chooses; control: no offer; offer: always `offerId`.'),
  offerId: idSchema.optional().describe('The fixed offer of a `policy: "offer"` arm.'),
});

export const experimentSchema = z
  .strictObject({
    id: idSchema.describe('Experiment id, reported with outcomes.'),
    name: z.string().max(120).optional().describe('Name a marketer reads.'),
    slot: idSchema.describe('The slot the experiment decides.'),
    seed: z.string().max(64).optional().describe('Hash seed for assignment; defaults to the id.'),
    version: z.number().int().min(1).default(1).describe('Bumping it re-randomises every device.'),
    namespace: z
      .strictObject({
        id: idSchema
          .or(z.string().regex(/^auto:[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/))
          .describe('Namespace id; the hash that places a device in the namespace uses it. "auto:<slot>" is the edge\'s own split of a slot.'),
        range: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).describe('[start, end) share of the namespace this experiment takes.'),
      })
      .optional()
      .describe(
        'Experiments in one namespace with disjoint ranges never share a shopper. Leave it out and the edge splits a slot\'s ' +
          'traffic evenly between its running experiments (namespace "auto:<slot>").',
      ),
    status: z.enum(['draft', 'running', 'paused', 'stopped']).default('running').describe('Only running experiments assign devices and take reports.'),
    bandit: z
      .boolean()
      .default(false)
      .describe(
        'Thompson sampling over the arms\' profit per exposure, per segment, instead of fixed weights: the weights are the prior ' +
          'and stay the shares until the reports show, at 95%, that moving traffic earns more.',
      ),
    explorationFloor: z
      .number()
      .min(0)
      .max(0.5)
      .default(0.01)
      .describe('Bandit: minimum share per arm (an arm weighted below it keeps its weighted share at least).'),
    arms: z.array(armSchema).min(1).describe('The variants; the first control arm is what others are compared with.'),
  })
  .superRefine((e, ctx) => {
    const seen = new Set<string>();
    e.arms.forEach((arm, i) => {
      if (seen.has(arm.id)) ctx.addIssue({ code: 'custom', path: ['arms', i, 'id'], message: `duplicate arm id "${arm.id}"` });
      seen.add(arm.id);
      if (arm.policy === 'offer' && !arm.offerId)
        ctx.addIssue({ code: 'custom', path: ['arms', i, 'offerId'], message: 'an arm with policy "offer" needs an offerId' });
    });
    if (e.arms.every((a) => a.weight === 0))
      ctx.addIssue({ code: 'custom', path: ['arms'], message: 'at least one arm needs a positive weight' });
    if (e.namespace && e.namespace.range[0] >= e.namespace.range[1])
      ctx.addIssue({ code: 'custom', path: ['namespace', 'range'], message: 'range start must be below its end' });
  });

export type Arm = z.infer<typeof armSchema>;
export type Experiment = z.infer<typeof experimentSchema>;

/** Name of the arm that the global holdout is reported as. */
export const HOLDOUT_ARM = 'holdout';

