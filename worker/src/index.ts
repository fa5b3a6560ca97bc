// Worker entry: the HTTP app, the feedback loop on the cron trigger, and the outcome counter Durable Object.
import { app } from './app.ts';
import { publishedSites, runFeedbackLoop } from './feedback/index.ts';

export { OutcomeCounter } from './outcomes/index.ts';

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    // One site failing (a bad solve, a missing version) must not stop the others; each failure is logged.
    for (const site of await publishedSites(env.DB)) {
      ctx.waitUntil(
        runFeedbackLoop(env, site, 'cron').catch((error: unknown) => console.error(`feedback loop failed for site ${site}`, error)),
      );
    }
  },
} satisfies ExportedHandler<Env>;
