// The shop's books per site and day in D1: what budget pacing steers by.
import type { BooksDay, BooksEntry } from '../../../protocol/admin.ts';

/**
 * Records (or replaces: a corrected day wins) one day of a site's books.
 * @example await putBooksDay(env.DB, 'demo', '2026-11-29', { spend: 412.5, redemptions: { 'women-15': 31 } }, 'ops')
 */
export async function putBooksDay(db: D1Database, site: string, day: string, books: BooksDay, actor: string): Promise<BooksEntry> {
  const recordedAt = new Date().toISOString();
  await db
    .prepare('INSERT OR REPLACE INTO books (site, day, spend, redemptions, recorded_at, actor) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(site, day, books.spend, JSON.stringify(books.redemptions), recordedAt, actor)
    .run();
  return { day, ...books, recordedAt, actor };
}

/**
 * The site's books from `from` (a day, inclusive) on, oldest first.
 * @example const days = await listBooks(env.DB, 'demo', '2026-11-01')
 */
export async function listBooks(db: D1Database, site: string, from = '0000-00-00'): Promise<BooksEntry[]> {
  const { results } = await db
    .prepare('SELECT day, spend, redemptions, recorded_at, actor FROM books WHERE site = ? AND day >= ? ORDER BY day')
    .bind(site, from)
    .all<{ day: string; spend: number; redemptions: string; recorded_at: string; actor: string }>();
  return results.map((r) => ({ day: r.day, spend: r.spend, redemptions: JSON.parse(r.redemptions) as Record<string, number>, recordedAt: r.recorded_at, actor: r.actor }));
}
