// GET /v1/admin/sites/{site}/results: per experiment and arm, counts and statistics.
import { Hono } from 'hono';
import type { DeviceConfig } from '../../../protocol/index.ts';
import { authorisedSite, requireToken } from '../auth/index.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/index.ts';
import { counterFor } from '../outcomes/index.ts';
import { readPublishedOrRepair } from '../storage/index.ts';
import { aggregateCells } from './aggregate.ts';
import { experimentResults } from './report.ts';

export const resultsRoutes = new Hono<AppEnv>()
  .use('/v1/admin/sites/:site/results', requireToken)
  .get('/v1/admin/sites/:site/results', async (c) => {
    const site = authorisedSite(c);
    const record = await readPublishedOrRepair(c.env, site);
    if (!record) throw new ApiError(404, 'not_found', `site "${site}" has no published config`, ['site']);
    const config = JSON.parse(record.body) as DeviceConfig;
    const totals = aggregateCells(await counterFor(c.env, site).cells(), config.privacy.revenueLevels.length);
    return c.json({ site, version: config.version, experiments: experimentResults(config, totals, Date.now()) });
  });
