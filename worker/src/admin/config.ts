// GET/PUT /v1/admin/sites/{site}/config: the editable source config. A PUT stores a new version; it never publishes.
import { Hono } from 'hono';
import { MAX_CONFIG_BYTES, siteConfigSchema } from '../../../protocol/index.ts';
import { authorisedSite, requireToken } from '../auth/index.ts';
import type { AppEnv } from '../env.ts';
import { ApiError, readJson } from '../http/index.ts';
import { summariseChange } from '../publish/index.ts';
import { appendAudit, insertVersion, latestVersion } from '../storage/index.ts';

/** `If-Match: "3"` (or 3): the version the editor started from; a newer one on the server is a 409. */
function expectedBase(header: string | undefined): number | null {
  if (header === undefined) return null;
  const n = Number(header.trim().replace(/^W\//, '').replace(/"/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new ApiError(400, 'bad_request', `If-Match: expected a config version number, received ${header}`);
  return n;
}

export const adminConfigRoutes = new Hono<AppEnv>()
  .use('/v1/admin/sites/:site/config', requireToken)
  .get('/v1/admin/sites/:site/config', async (c) => {
    const site = authorisedSite(c);
    const latest = await latestVersion(c.env.DB, site);
    if (!latest) throw new ApiError(404, 'not_found', `site "${site}" has no config yet; PUT one first`, ['site']);
    c.header('ETag', `"${latest.version}"`);
    return c.json(latest.config);
  })
  .put('/v1/admin/sites/:site/config', async (c) => {
    const site = authorisedSite(c);
    const config = await readJson(c, siteConfigSchema, MAX_CONFIG_BYTES, 'invalid_config');
    if (config.site !== site)
      throw new ApiError(400, 'invalid_config', `site: the body is for site "${config.site}" but the URL names "${site}"`, ['site']);
    const latest = await latestVersion(c.env.DB, site);
    const base = expectedBase(c.req.header('if-match'));
    const current = latest?.version ?? 0;
    if (base !== null && base !== current)
      throw new ApiError(409, 'conflict', `the config was edited from version ${base} but version ${current} is now the latest; reload and reapply your change`);
    const version = current + 1;
    const summary = summariseChange(latest?.config ?? null, config);
    await insertVersion(c.env.DB, site, version, config, c.get('actor'), summary);
    await appendAudit(c.env.DB, { site, actor: c.get('actor'), action: 'config.put', version, summary });
    c.header('ETag', `"${version}"`);
    return c.json({ version }, 201);
  });
