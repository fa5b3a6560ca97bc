// The audit log: who did what to which site and version, when, with a short diff summary.
import type { AuditEntry } from '../../../protocol/index.ts';

export interface NewAuditEntry {
  site: string;
  actor: string;
  action: string;
  version: number | null;
  summary: string;
}

/**
 * The INSERT for one entry, to run in the same D1 batch as the write it records: both happen or neither does.
 * @example await db.batch([insertVersionStatement, auditStatement(db, entry)])
 */
export function auditStatement(db: D1Database, entry: NewAuditEntry): D1PreparedStatement {
  return db
    .prepare('INSERT INTO audit_log (site, at, actor, action, version, summary) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(entry.site, new Date().toISOString(), entry.actor, entry.action, entry.version, entry.summary);
}

/** An entry that records no other write (the feedback loop computed without publishing). */
export async function appendAudit(db: D1Database, entry: NewAuditEntry): Promise<void> {
  await auditStatement(db, entry).run();
}

/** Newest first, at most `limit` entries. */
export async function listAudit(db: D1Database, site: string, limit = 200): Promise<AuditEntry[]> {
  const { results } = await db
    .prepare('SELECT id, at, actor, action, version, summary FROM audit_log WHERE site = ? ORDER BY id DESC LIMIT ?')
    .bind(site, limit)
    .all<AuditEntry>();
  return results;
}
