// Worker entry: the HTTP app, the feedback loop on the cron trigger, and the outcome counter Durable Object.
import { app } from './app.ts';

export { OutcomeCounter } from './outcomes/index.ts';

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
