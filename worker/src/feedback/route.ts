// POST /v1/admin/sites/{site}/feedback: run the feedback loop now (what the cron trigger does every 15 minutes).
import { Hono } from 'hono';
import { authorisedSite, requireToken } from '../auth/index.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/index.ts';
import { runFeedbackLoop } from './loop.ts';

export const feedbackRoutes = new Hono<AppEnv>()
  .use('/v1/admin/sites/:site/feedback', requireToken)
  .post('/v1/admin/sites/:site/feedback', async (c) => {
    const site = authorisedSite(c);
    const report = await runFeedbackLoop(c.env, site, c.get('actor'));
    if (!report) throw new ApiError(404, 'not_found', `site "${site}" has no published config`, ['site']);
    return c.json(report);
  });
