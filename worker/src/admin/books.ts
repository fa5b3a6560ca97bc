// PUT and GET the shop's books (spend and redemptions per day): the aggregate signal budget pacing steers by.
import { Hono } from 'hono';
import { booksDaySchema, daySchema } from '../../../protocol/index.ts';
import { appendAudit } from '../storage/index.ts';
import { authorisedSite, requireToken } from '../auth/index.ts';
import type { AppEnv } from '../env.ts';
import { ApiError, readJson } from '../http/index.ts';
import { listBooks, putBooksDay } from '../storage/index.ts';

const SMALL_BODY = 64 * 1024;

export const adminBooksRoutes = new Hono<AppEnv>()
  .use('/v1/admin/sites/:site/books', requireToken)
  .use('/v1/admin/sites/:site/books/*', requireToken)
  .put('/v1/admin/sites/:site/books/:day', async (c) => {
    const site = authorisedSite(c);
    const day = c.req.param('day');
    const parsed = daySchema.safeParse(day);
    if (!parsed.success) throw new ApiError(400, 'bad_request', `day: ${parsed.error.issues[0]?.message ?? 'expected YYYY-MM-DD'}, received "${day}"`, ['day']);
    const books = await readJson(c, booksDaySchema, SMALL_BODY, 'bad_request');
    const entry = await putBooksDay(c.env.DB, site, day, books, c.get('actor'));
    await appendAudit(c.env.DB, { site, actor: c.get('actor'), action: 'books', version: null, summary: `books for ${day}: spend ${books.spend}, ${Object.values(books.redemptions).reduce((a, b) => a + b, 0)} redemptions` });
    return c.json(entry);
  })
  .get('/v1/admin/sites/:site/books', async (c) => {
    const site = authorisedSite(c);
    const from = c.req.query('from');
    if (from !== undefined && !daySchema.safeParse(from).success) throw new ApiError(400, 'bad_request', `from: expected a day as YYYY-MM-DD, received "${from}"`, ['from']);
    return c.json({ site, days: await listBooks(c.env.DB, site, from) });
  });
