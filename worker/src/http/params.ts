// Path parameters, validated like any other input.
import type { Context } from 'hono';
import { idSchema } from '../../../protocol/index.ts';
import { ApiError } from './errors.ts';

/** The `:site` parameter, or a 400 naming it. */
export function siteParam(c: Context): string {
  const site = c.req.param('site') ?? '';
  const result = idSchema.safeParse(site);
  if (!result.success) throw new ApiError(400, 'bad_request', `site: ${result.error.issues[0]?.message}, received "${site.slice(0, 80)}"`, ['site']);
  return site;
}

/**
 * A positive integer path parameter, written the one canonical way: "1e0", "0x1", "+1" and "01" are 400s, not
 * aliases of 1.
 * @example const version = positiveIntParam(c, 'version')
 */
export function positiveIntParam(c: Context, name: string): number {
  const raw = c.req.param(name) ?? '';
  if (!/^[1-9][0-9]{0,14}$/.test(raw))
    throw new ApiError(400, 'bad_request', `${name}: expected a positive integer such as 3, received "${raw.slice(0, 80)}"`, [name]);
  return Number(raw);
}
