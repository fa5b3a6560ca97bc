// POST publish and rollback: make a stored version the one devices get.
import { Hono } from 'hono';
import { publishRequestSchema, rollbackRequestSchema } from '../../../protocol/index.ts';
import { authorisedSite, requireToken } from '../auth/index.ts';
import type { AppEnv } from '../env.ts';
import { ApiError, readJson } from '../http/index.ts';
import { publishVersion } from '../publish/index.ts';
import { listPublications } from '../storage/index.ts';

const SMALL_BODY = 4 * 1024;

export const adminPublishRoutes = new Hono<AppEnv>()
  .use('/v1/admin/sites/:site/publish', requireToken)
  .use('/v1/admin/sites/:site/rollback', requireToken)
  .post('/v1/admin/sites/:site/publish', async (c) => {
    const site = authorisedSite(c);
    const { version } = await readJson(c, publishRequestSchema, SMALL_BODY, 'bad_request');
    return c.json(await publishVersion(c.env, site, version, { actor: c.get('actor'), reason: 'publish' }));
  })
  .post('/v1/admin/sites/:site/rollback', async (c) => {
    const site = authorisedSite(c);
    const request = await readJson(c, rollbackRequestSchema, SMALL_BODY, 'bad_request');
    let target = request.version;
    if (target === undefined) {
      const [current, ...earlier] = await listPublications(c.env.DB, site);
      if (!current) throw new ApiError(404, 'not_found', `site "${site}" has never been published`, ['site']);
      const previous = earlier.find((p) => p.version !== current.version);
      if (!previous) throw new ApiError(409, 'conflict', `site "${site}" has no earlier published version to roll back to`);
      target = previous.version;
    }
    return c.json(await publishVersion(c.env, site, target, { actor: c.get('actor'), reason: 'rollback' }));
  });
