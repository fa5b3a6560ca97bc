// Bearer-token middleware for the admin API: 401 without a valid token, 403 for a token of another site.
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError, siteParam } from '../http/index.ts';
import { resolveToken } from './tokens.ts';

/** Authenticates the caller and records who it is for the audit log. */
export const requireToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError(401, 'unauthorized', 'missing "Authorization: Bearer <token>" header', [], { 'WWW-Authenticate': 'Bearer' });
  const grant = await resolveToken(c.env.DB, c.env.ADMIN_TOKEN, match[1]!);
  if (!grant) throw new ApiError(401, 'unauthorized', 'the token is not valid', [], { 'WWW-Authenticate': 'Bearer' });
  c.set('actor', grant.actor);
  c.set('sites', grant.sites);
  await next();
};

/** 403 unless the authenticated token may manage `site`. */
export function assertSiteAccess(sites: readonly string[], site: string): void {
  if (!sites.includes('*') && !sites.includes(site))
    throw new ApiError(403, 'forbidden', `this token may not manage site "${site}"`);
}

/** 403 unless the token manages every site (creating tokens is reserved to the deployment's admin). */
export function assertRoot(sites: readonly string[]): void {
  if (!sites.includes('*')) throw new ApiError(403, 'forbidden', 'only the deployment admin token may do this');
}

/**
 * The `:site` of an admin route, once the token is known to manage it (400 for a bad id, 403 for another site).
 * @example const site = authorisedSite(c);
 */
export function authorisedSite(c: Context<AppEnv>): string {
  const site = siteParam(c);
  assertSiteAccess(c.get('sites'), site);
  return site;
}
