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
