// The counter of a site: one Durable Object per site, addressed by name.
import type { OutcomeCounter } from './counter.ts';

export function counterFor(env: Env, site: string): DurableObjectStub<OutcomeCounter> {
  return env.OUTCOME_COUNTER.get(env.OUTCOME_COUNTER.idFromName(site));
}
