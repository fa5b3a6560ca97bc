// GET /v1/models/{sha256}: model bytes by content hash. A hash names one file forever, hence immutable caching
// and a wildcard CORS origin (the bytes are public and carry no shopper data).
import { Hono } from 'hono';
import { sha256Schema } from '../../../protocol/index.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/index.ts';
import { getModel } from '../storage/index.ts';

export const modelRoutes = new Hono<AppEnv>().get('/v1/models/:sha256', async (c) => {
  const sha256 = c.req.param('sha256');
  const valid = sha256Schema.safeParse(sha256);
  if (!valid.success) throw new ApiError(400, 'bad_request', `sha256: ${valid.error.issues[0]?.message}`, ['sha256']);
  const bytes = await getModel(c.env.CONFIG_KV, sha256);
  if (!bytes) throw new ApiError(404, 'not_found', `no model with sha256 ${sha256}`, ['sha256']);
  c.header('Content-Type', 'application/octet-stream');
  c.header('Cache-Control', 'public, max-age=31536000, immutable');
  c.header('ETag', `"${sha256}"`);
  c.header('Access-Control-Allow-Origin', '*');
  return c.body(bytes, 200);
});
