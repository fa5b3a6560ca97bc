// GET/PUT /v1/admin/sites/{site}/config: the editable source config. A PUT stores a new version; it never publishes.
import { Hono } from 'hono';
import { MAX_CONFIG_BYTES, siteConfigSchema } from '../../../protocol/index.ts';
import { authorisedSite, requireToken } from '../auth/index.ts';
import type { AppEnv } from '../env.ts';
import { ApiError, readJson } from '../http/index.ts';
import { summariseChange } from '../publish/index.ts';
import { insertVersion, latestVersion } from '../storage/index.ts';

/**
 * `If-Match: "3"` (or 3): the version the editor started from; a newer one on the server is a 409. `*` asks only
 * that some version exists. Anything else, an empty header included, is a 400: a guard that silently did
 * nothing would let an editor overwrite a change it never saw.
 */
function expectedBase(header: string | undefined): number | '*' | null {
  if (header === undefined) return null;
  const text = header.trim();
  if (text === '*') return '*';
  const match = /^(?:W\/)?(?:"([0-9]{1,15})"|([0-9]{1,15}))$/.exec(text);
  if (!match) throw new ApiError(400, 'bad_request', `If-Match: expected a config version such as "3", received ${JSON.stringify(header)}`, ['If-Match']);
  return Number(match[1] ?? match[2]);
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
    if (base === '*' && current === 0)
      throw new ApiError(409, 'conflict', `If-Match: * expects an existing config, but site "${site}" has none yet`);
    if (typeof base === 'number' && base !== current)
      throw new ApiError(409, 'conflict', `the config was edited from version ${base} but version ${current} is now the latest; reload and reapply your change`);
    const version = current + 1;
    const summary = summariseChange(latest?.config ?? null, config);
    await insertVersion(c.env.DB, site, version, config, c.get('actor'), summary);
    c.header('ETag', `"${version}"`);
    return c.json({ version }, 201);
  });
