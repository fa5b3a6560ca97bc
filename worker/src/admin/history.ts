// GET versions, audit and publications (prices over time) of a site.
import { Hono } from 'hono';
import { authorisedSite, requireToken } from '../auth/index.ts';
import type { AppEnv } from '../env.ts';
import { ApiError, positiveIntParam } from '../http/index.ts';
import { getVersion, listAudit, listPublications, listVersions, readPublishedOrRepair } from '../storage/index.ts';

export const adminHistoryRoutes = new Hono<AppEnv>()
  .use('/v1/admin/sites/:site/versions', requireToken)
  .use('/v1/admin/sites/:site/versions/*', requireToken)
  .use('/v1/admin/sites/:site/audit', requireToken)
  .use('/v1/admin/sites/:site/publications', requireToken)
  .get('/v1/admin/sites/:site/versions', async (c) => {
    const site = authorisedSite(c);
    const published = await readPublishedOrRepair(c.env, site);
    const versions = await listVersions(c.env.DB, site, published?.version ?? null, published?.publishedAt ?? null);
    if (versions.length === 0) throw new ApiError(404, 'not_found', `site "${site}" has no config versions`, ['site']);
    return c.json({ site, published: published?.version ?? null, versions });
  })
  .get('/v1/admin/sites/:site/versions/:version', async (c) => {
    const site = authorisedSite(c);
    const version = positiveIntParam(c, 'version');
    return c.json((await getVersion(c.env.DB, site, version)).config);
  })
  .get('/v1/admin/sites/:site/audit', async (c) => {
    const site = authorisedSite(c);
    return c.json({ site, entries: await listAudit(c.env.DB, site) });
  })
  .get('/v1/admin/sites/:site/publications', async (c) => {
    const site = authorisedSite(c);
    return c.json({ site, publications: await listPublications(c.env.DB, site) });
  });
