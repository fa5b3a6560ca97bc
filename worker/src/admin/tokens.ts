// POST /v1/admin/tokens: the deployment admin creates a token scoped to some sites (shown once, stored hashed).
import { Hono } from 'hono';
import { z } from 'zod';
import { idSchema } from '../../../protocol/index.ts';
import { assertRoot, createToken, requireToken } from '../auth/index.ts';
import type { AppEnv } from '../env.ts';
import { readJson } from '../http/index.ts';

export const createTokenSchema = z.strictObject({
  label: z.string().min(1).max(80),
  sites: z.array(idSchema).min(1).max(100),
});

export const adminTokenRoutes = new Hono<AppEnv>()
  .use('/v1/admin/tokens', requireToken)
  .post('/v1/admin/tokens', async (c) => {
    assertRoot(c.get('sites'));
    const { label, sites } = await readJson(c, createTokenSchema, 4096, 'bad_request');
    const { id, token } = await createToken(c.env.DB, label, sites);
    return c.json({ id, token, label, sites }, 201);
  });
