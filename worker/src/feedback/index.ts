// The scheduled feedback loop and its admin trigger.
export { runFeedbackLoop, publishedSites } from './loop.ts';
export type { FeedbackReport } from './loop.ts';
export { feedbackRoutes } from './route.ts';
