// Published device configs: D1 holds every publication (the source of truth, with the exact body of the newest
// ones); KV holds what devices read, written only after D1 commits, and rebuilt from D1 when it is missing,
// stale or unreadable.
import type { DeviceConfig, Publication } from '../../../protocol/index.ts';
import { sha256Hex } from '../auth/index.ts';
import { ApiError } from '../http/errors.ts';
import type { Accepts } from '../outcomes/admissible.ts';
import { auditStatement, type NewAuditEntry } from './audit.ts';
import type { PricingDetail } from './pricing.ts';

/** What KV holds per site: the exact bytes devices get, their ETag, and what CORS needs. */
export interface PublishedRecord {
  etag: string;
  body: string;
  version: number;
  publishedAt: string;
  allowedOrigins: string[];
  /** The outcome cells this publication accepts; absent in records written before the bounds (then: the config's). */
  accepts?: Accepts;
}

/** Publications per site that keep their body for repairs; older ones keep prices and pricing only. */
const KEPT_BODIES = 20;

const key = (site: string) => `published:${site}`;

/** A KV value that is not a record (truncated, overwritten by hand): read as "unreadable", never trusted. */
function parseRecord(text: string): PublishedRecord | null {
  let r: Partial<PublishedRecord>;
  try {
    r = JSON.parse(text) as Partial<PublishedRecord>;
  } catch {
    return null;
  }
  const ok =
    !!r && typeof r === 'object' && typeof r.etag === 'string' && typeof r.body === 'string' && Number.isInteger(r.version) &&
    typeof r.publishedAt === 'string' && Array.isArray(r.allowedOrigins) && r.allowedOrigins.every((o) => typeof o === 'string');
  return ok ? (r as PublishedRecord) : null;
}

function unreadable(site: string): ApiError {
  return new ApiError(503, 'unavailable', `the published config of site "${site}" is unreadable; publish or roll back to repair it`, ['site'], { 'Retry-After': '60' });
}

/** The KV record of a site, null when it has none, a 503 when the value is unreadable. */
export async function readPublished(kv: KVNamespace, site: string): Promise<PublishedRecord | null> {
  const text = await kv.get(key(site), 'text');
  if (text === null) return null;
  const record = parseRecord(text);
  if (!record) throw unreadable(site);
  return record;
}

interface PublicationRow {
  version: number;
  published_at: string;
  etag: string;
  body: string | null;
  prices: string;
  accepts: string | null;
  pricing: string;
}

/** The site's newest publication in D1, what both a repair and the next publish start from. */
async function newestPublication(db: D1Database, site: string): Promise<PublicationRow | null> {
  return db
    .prepare('SELECT version, published_at, etag, body, prices, accepts, pricing FROM publications WHERE site = ? ORDER BY id DESC LIMIT 1')
    .bind(site)
    .first<PublicationRow>();
}

/**
 * Rewrites KV from the newest publication in D1 when KV is missing, stale (a KV write that failed after D1
 * committed) or unreadable. Returns the record devices now get, or null when D1 cannot rebuild it (no
 * publication, or one from before bodies were kept: a publish or rollback repairs that).
 * @example await repairPublished(env, 'demo')
 */
export async function repairPublished(env: Pick<Env, 'DB' | 'CONFIG_KV'>, site: string): Promise<{ record: PublishedRecord; repaired: boolean } | null> {
  const row = await newestPublication(env.DB, site);
  let current: PublishedRecord | null = null;
  try {
    current = await readPublished(env.CONFIG_KV, site);
  } catch {
    // unreadable: rebuilt below
  }
  if (current && (!row || current.etag === row.etag)) return { record: current, repaired: false };
  if (!row?.body) return null;
  const source = await env.DB.prepare('SELECT body FROM config_versions WHERE site = ? AND version = ?').bind(site, row.version).first<{ body: string }>();
  const allowedOrigins = source ? ((JSON.parse(source.body) as { allowedOrigins?: string[] }).allowedOrigins ?? []) : [];
  const record: PublishedRecord = { etag: row.etag, body: row.body, version: row.version, publishedAt: row.published_at, allowedOrigins };
  if (row.accepts) record.accepts = JSON.parse(row.accepts) as Accepts;
  await env.CONFIG_KV.put(key(site), JSON.stringify(record));
  return { record, repaired: true };
}

/**
 * The record devices get; an unreadable KV value is rebuilt from D1 on the spot, so one corrupted write does
 * not take a site down. A missing record stays missing (no D1 read per unknown site): the cron repairs those.
 */
export async function readPublishedOrRepair(env: Pick<Env, 'DB' | 'CONFIG_KV'>, site: string): Promise<PublishedRecord | null> {
  try {
    return await readPublished(env.CONFIG_KV, site);
  } catch (error) {
    const repaired = await repairPublished(env, site);
    if (repaired) return repaired.record;
    throw error;
  }
}

/** What the previous publication left for the next one: its device config (or at least its prices) and accepts. */
export interface LastPublication {
  device: Pick<DeviceConfig, 'prices'> & Partial<DeviceConfig>;
  accepts: Accepts | null;
  /** How its prices were set (the LP's duals, the pacing state); null when only KV could be read. */
  pricing: PricingDetail | null;
}

/**
 * The previous publication (prices, bandit posteriors, learnt uplift, accepted outcome cells, pricing detail), from
 * D1 first (the truth, readable even when KV is not), else from KV, else nothing.
 */
export async function lastPublication(env: Pick<Env, 'DB' | 'CONFIG_KV'>, site: string): Promise<LastPublication | null> {
  const row = await newestPublication(env.DB, site);
  let accepts = row?.accepts ? (JSON.parse(row.accepts) as Accepts) : null;
  const pricing = row ? (JSON.parse(row.pricing) as PricingDetail) : null;
  if (row?.body) return { device: JSON.parse(row.body) as DeviceConfig, accepts, pricing };
  try {
    const record = await readPublished(env.CONFIG_KV, site);
    accepts ??= record?.accepts ?? null;
    if (record) return { device: JSON.parse(record.body) as DeviceConfig, accepts, pricing };
  } catch {
    // unreadable and no body in D1: the prices below are what is left
  }
  return row ? { device: { prices: JSON.parse(row.prices) as Record<string, number> }, accepts, pricing } : null;
}

/**
 * Records the publication and its audit entries in one D1 batch (all or nothing), then writes KV. A KV write
 * that fails after D1 committed is a 503 saying so; `repairPublished` (run by the cron, and by any read that
 * finds KV unreadable) or another publish brings KV in line. The ETag is the body's SHA-256: strong, and it
 * changes exactly when the bytes do.
 */
export async function writePublished(
  kv: KVNamespace,
  db: D1Database,
  device: DeviceConfig,
  meta: {
    allowedOrigins: string[];
    actor: string;
    reason: 'publish' | 'rollback' | 'feedback';
    pricing: unknown;
    audit: NewAuditEntry[];
    accepts: Accepts;
  },
): Promise<PublishedRecord> {
  const body = JSON.stringify(device);
  const record: PublishedRecord = {
    etag: `"${await sha256Hex(body)}"`,
    body,
    version: device.version,
    publishedAt: device.publishedAt,
    allowedOrigins: meta.allowedOrigins,
    accepts: meta.accepts,
  };
  await db.batch([
    db
      .prepare('INSERT INTO publications (site, version, published_at, actor, reason, etag, prices, pricing, body, accepts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .bind(device.site, device.version, device.publishedAt, meta.actor, meta.reason, record.etag, JSON.stringify(device.prices), JSON.stringify(meta.pricing), body, JSON.stringify(meta.accepts)),
    ...meta.audit.map((entry) => auditStatement(db, entry)),
    db
      .prepare('UPDATE publications SET body = NULL WHERE site = ? AND body IS NOT NULL AND id <= (SELECT id FROM publications WHERE site = ? ORDER BY id DESC LIMIT 1 OFFSET ?)')
      .bind(device.site, device.site, KEPT_BODIES),
  ]);
  try {
    await kv.put(key(device.site), JSON.stringify(record));
  } catch (error) {
    throw new ApiError(
      503,
      'unavailable',
      `version ${device.version} is recorded as published but devices do not have it yet (KV write failed: ${(error as Error).message}); publish again, or the next feedback run repairs it`,
      [],
      { 'Retry-After': '60' },
    );
  }
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
