// GET /v1/admin/sites: the sites this token may manage, with their latest and published versions.
import { Hono } from 'hono';
import { requireToken } from '../auth/index.ts';
import type { AppEnv } from '../env.ts';

export const adminSiteRoutes = new Hono<AppEnv>()
  .use('/v1/admin/sites', requireToken)
  .get('/v1/admin/sites', async (c) => {
    const { results } = await c.env.DB.prepare(
      `SELECT v.site AS site, MAX(v.version) AS latest,
         (SELECT p.version FROM publications p WHERE p.site = v.site ORDER BY p.id DESC LIMIT 1) AS published
       FROM config_versions v GROUP BY v.site ORDER BY v.site`,
    ).all<{ site: string; latest: number; published: number | null }>();
    const sites = c.get('sites');
    const visible = sites.includes('*') ? results : results.filter((row) => sites.includes(row.site));
    return c.json({ sites: visible });
  });
