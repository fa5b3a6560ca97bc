// GET /v1/sites/{site}/config: the published device config, cacheable and revalidated by ETag.
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError, applyCors, preflight, siteParam } from '../http/index.ts';
import { readPublishedOrRepair } from '../storage/index.ts';

/** Devices revalidate after a minute and may use a stale copy for a day while they do. */
export const CONFIG_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=86400';

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export const deviceConfigRoutes = new Hono<AppEnv>()
  .options('/v1/sites/:site/config', async (c) => {
    const record = await readPublishedOrRepair(c.env, siteParam(c));
    return preflight(c, record?.allowedOrigins ?? []);
  })
  .get('/v1/sites/:site/config', async (c) => {
    const site = siteParam(c);
    const record = await readPublishedOrRepair(c.env, site);
    if (!record) throw new ApiError(404, 'not_found', `site "${site}" has no published config`, ['site']);
    applyCors(c, record.allowedOrigins);
    c.header('ETag', record.etag);
    c.header('Cache-Control', CONFIG_CACHE_CONTROL);
    if (etagMatches(c.req.header('if-none-match'), record.etag)) return c.body(null, 304);
    c.header('Content-Type', 'application/json; charset=utf-8');
    return c.body(record.body, 200);
  });
