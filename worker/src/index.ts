// Worker entry: the HTTP app, the feedback loop on the cron trigger, and the outcome counter Durable Object.
import { app } from './app.ts';
import { publishedSites, runFeedbackLoop } from './feedback/index.ts';
import { repairPublished } from './storage/index.ts';

export { OutcomeCounter } from './outcomes/index.ts';

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    // One site failing (a bad solve, a missing version) must not stop the others; each failure is logged. KV is
    // brought in line with D1 first: a KV write that failed after its publication committed is repaired here.
    for (const site of await publishedSites(env.DB)) {
      ctx.waitUntil(
        repairPublished(env, site)
          .then(() => runFeedbackLoop(env, site, 'cron'))
          .catch((error: unknown) => console.error(`feedback loop failed for site ${site}`, error)),
      );
    }
  },
} satisfies ExportedHandler<Env>;
