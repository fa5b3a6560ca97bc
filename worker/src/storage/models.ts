// Model files in KV, content addressed: the key is the SHA-256 of the bytes, so a file never changes. D1 records
// which sites may reference a file: the sites of the token that uploaded it ('*' for the deployment admin's).
import { sha256Hex } from '../auth/index.ts';

const key = (sha256: string) => `model:${sha256}`;

/**
 * Stores model bytes under their hash (storing the same bytes twice is a no-op) and records them as usable by
 * `sites`. The bytes go first: a file without a D1 row is unusable, never half-usable.
 * @example const sha256 = await putModel(env.CONFIG_KV, env.DB, bytes, ['acme'], 'acme marketing (ab12cd34)')
 */
export async function putModel(kv: KVNamespace, db: D1Database, bytes: Uint8Array, sites: readonly string[], actor: string): Promise<string> {
  const sha256 = await sha256Hex(bytes);
  await kv.put(key(sha256), bytes, { metadata: { bytes: bytes.byteLength } });
  const at = new Date().toISOString();
  const insert = db.prepare('INSERT OR IGNORE INTO model_uploads (sha256, site, bytes, uploaded_at, actor) VALUES (?, ?, ?, ?, ?)');
  await db.batch(sites.map((site) => insert.bind(sha256, site, bytes.byteLength, at, actor)));
  return sha256;
}

export async function getModel(kv: KVNamespace, sha256: string): Promise<ArrayBuffer | null> {
  return kv.get(key(sha256), 'arrayBuffer');
}

/** Whether `site` may publish a manifest naming this file: uploaded for it (or by the deployment admin), and stored. */
export async function modelUsableBy(kv: KVNamespace, db: D1Database, site: string, sha256: string): Promise<boolean> {
  const row = await db.prepare("SELECT 1 AS ok FROM model_uploads WHERE sha256 = ? AND site IN (?, '*') LIMIT 1").bind(sha256, site).first();
  if (!row) return false;
  const { keys } = await kv.list({ prefix: key(sha256), limit: 1 });
  return keys.length > 0;
}
