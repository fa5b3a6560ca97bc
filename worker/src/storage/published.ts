// Published device configs in KV (read on every device request, cached globally) and their history in D1.
import type { DeviceConfig, Publication } from '../../../protocol/index.ts';
import { sha256Hex } from '../auth/index.ts';

/** What KV holds per site: the exact bytes devices get, their ETag, and what CORS needs. */
export interface PublishedRecord {
  etag: string;
  body: string;
  version: number;
  publishedAt: string;
  allowedOrigins: string[];
}

const key = (site: string) => `published:${site}`;

export async function readPublished(kv: KVNamespace, site: string): Promise<PublishedRecord | null> {
  return kv.get<PublishedRecord>(key(site), 'json');
}

/**
 * Writes the device config to KV and records the publication in D1. The ETag is the body's SHA-256, so it is
 * strong and changes exactly when the bytes do.
 */
export async function writePublished(
  kv: KVNamespace,
  db: D1Database,
  device: DeviceConfig,
  meta: { allowedOrigins: string[]; actor: string; reason: 'publish' | 'rollback' | 'feedback'; pricing: unknown },
): Promise<PublishedRecord> {
  const body = JSON.stringify(device);
  const record: PublishedRecord = {
    etag: `"${await sha256Hex(body)}"`,
    body,
    version: device.version,
    publishedAt: device.publishedAt,
    allowedOrigins: meta.allowedOrigins,
  };
  await db
    .prepare('INSERT INTO publications (site, version, published_at, actor, reason, etag, prices, pricing) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .bind(device.site, device.version, device.publishedAt, meta.actor, meta.reason, record.etag, JSON.stringify(device.prices), JSON.stringify(meta.pricing))
    .run();
  await kv.put(key(device.site), JSON.stringify(record));
  return record;
}

interface StoredPricing {
  status?: string;
  fresh?: boolean;
  budget?: number;
  remainingShare?: number;
  spent?: number;
  duals?: { budget?: number } | null;
}

/** The summary of a stored pricing detail (the allocation and certificate stay in D1). */
function pricingSummary(json: string): Publication['pricing'] {
  const p = JSON.parse(json) as StoredPricing | null;
  if (!p?.status) return null;
  return {
    status: p.status,
    fresh: p.fresh ?? false,
    budget: p.budget ?? null,
    remainingShare: p.remainingShare ?? null,
    spent: p.spent ?? 0,
    budgetDual: p.duals?.budget ?? null,
  };
}

/** Publications of a site, newest first: the history of versions, prices and budget pacing. */
export async function listPublications(db: D1Database, site: string, limit = 500): Promise<Publication[]> {
  const { results } = await db
    .prepare('SELECT id, version, published_at, actor, reason, prices, pricing FROM publications WHERE site = ? ORDER BY id DESC LIMIT ?')
    .bind(site, limit)
    .all<{ id: number; version: number; published_at: string; actor: string; reason: string; prices: string; pricing: string }>();
  return results.map((r) => ({
    id: r.id,
    version: r.version,
    publishedAt: r.published_at,
    actor: r.actor,
    reason: r.reason,
    prices: JSON.parse(r.prices),
    pricing: pricingSummary(r.pricing),
  }));
}
