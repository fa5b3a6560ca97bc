// Config versions in D1: every accepted PUT is a new immutable version; nothing is ever overwritten.
import type { SiteConfig, VersionSummary } from '../../../protocol/index.ts';
import { ApiError } from '../http/errors.ts';
import { auditStatement } from './audit.ts';

export interface StoredVersion {
  version: number;
  config: SiteConfig;
  createdAt: string;
  createdBy: string;
  summary: string;
}

/** The newest version of a site's source config, or null for an unknown site. */
export async function latestVersion(db: D1Database, site: string): Promise<StoredVersion | null> {
  const row = await db
    .prepare('SELECT version, body, created_at, created_by, summary FROM config_versions WHERE site = ? ORDER BY version DESC LIMIT 1')
    .bind(site)
    .first<{ version: number; body: string; created_at: string; created_by: string; summary: string }>();
  return row ? toStored(row) : null;
}

/** One version, or a 404 naming it. */
export async function getVersion(db: D1Database, site: string, version: number): Promise<StoredVersion> {
  const row = await db
    .prepare('SELECT version, body, created_at, created_by, summary FROM config_versions WHERE site = ? AND version = ?')
    .bind(site, version)
    .first<{ version: number; body: string; created_at: string; created_by: string; summary: string }>();
  if (!row) throw new ApiError(404, 'not_found', `site "${site}" has no config version ${version}`, ['version']);
  return toStored(row);
}

function toStored(row: { version: number; body: string; created_at: string; created_by: string; summary: string }): StoredVersion {
  return { version: row.version, config: JSON.parse(row.body) as SiteConfig, createdAt: row.created_at, createdBy: row.created_by, summary: row.summary };
}

/**
 * Stores `config` as version `expected` (the next number) and its audit entry in one D1 batch (a transaction):
 * both are written or neither is. Two writers racing for the same number meet the primary key: the loser gets
 * a 409 and must re-read, so no accepted version is ever lost or overwritten.
 */
export async function insertVersion(
  db: D1Database,
  site: string,
  version: number,
  config: SiteConfig,
  actor: string,
  summary: string,
): Promise<void> {
  try {
    await db.batch([
      db
        .prepare('INSERT INTO config_versions (site, version, body, created_at, created_by, summary) VALUES (?, ?, ?, ?, ?, ?)')
        .bind(site, version, JSON.stringify(config), new Date().toISOString(), actor, summary),
      auditStatement(db, { site, actor, action: 'config.put', version, summary }),
    ]);
  } catch (error) {
    if (/UNIQUE|PRIMARY KEY/i.test(String(error)))
      throw new ApiError(409, 'conflict', `version ${version} of site "${site}" was just written by someone else; reload and retry`);
    throw error;
  }
}

/** Every version, newest first, with whether it is the published one. */
export async function listVersions(db: D1Database, site: string, publishedVersion: number | null, publishedAt: string | null): Promise<VersionSummary[]> {
  const { results } = await db
    .prepare('SELECT version, created_at, created_by, summary FROM config_versions WHERE site = ? ORDER BY version DESC')
    .bind(site)
    .all<{ version: number; created_at: string; created_by: string; summary: string }>();
  return results.map((row) => ({
    version: row.version,
    createdAt: row.created_at,
    createdBy: row.created_by,
    published: row.version === publishedVersion,
    publishedAt: row.version === publishedVersion ? publishedAt : null,
    summary: row.summary,
  }));
}
