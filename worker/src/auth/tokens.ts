// Admin tokens: random, shown once, stored only as a SHA-256 hash, compared in constant time.

/** Hex SHA-256 of a string. */
export async function sha256Hex(text: string | Uint8Array): Promise<string> {
  const data = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const digest = await crypto.subtle.digest('SHA-256', data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Compares two secrets without leaking where they differ: both are hashed first, so lengths are equal and
 * `timingSafeEqual` (a Workers extension of SubtleCrypto) applies.
 */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const [ha, hb] = await Promise.all([a, b].map(async (s) => new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)))));
  return (crypto.subtle as unknown as { timingSafeEqual(x: ArrayBufferView, y: ArrayBufferView): boolean }).timingSafeEqual(ha!, hb!);
}

/** A new random token: 32 bytes, base64url, prefixed so that it is recognisable in a leaked log. */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `ew_${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

export interface TokenGrant {
  /** Who acted, for the audit log: a label, never the token. */
  actor: string;
  /** Sites the token may manage; "*" is every site. */
  sites: string[];
}

/**
 * Resolves a bearer token to its grant: the deployment's ADMIN_TOKEN secret manages every site; tokens created
 * through the API are looked up by hash in D1.
 */
export async function resolveToken(db: D1Database, rootToken: string | undefined, token: string): Promise<TokenGrant | null> {
  if (rootToken && (await secretsEqual(token, rootToken))) return { actor: 'admin', sites: ['*'] };
  const hash = await sha256Hex(token);
  const row = await db
    .prepare('SELECT id, label, sites FROM admin_tokens WHERE token_hash = ? AND revoked_at IS NULL')
    .bind(hash)
    .first<{ id: string; label: string; sites: string }>();
  if (!row) return null;
  return { actor: `${row.label} (${row.id})`, sites: JSON.parse(row.sites) as string[] };
}

/** Stores a new token scoped to `sites` and returns it; the plain token exists only in this answer. */
export async function createToken(db: D1Database, label: string, sites: string[]): Promise<{ id: string; token: string }> {
  const token = newToken();
  const id = crypto.randomUUID().slice(0, 8);
  await db
    .prepare('INSERT INTO admin_tokens (id, token_hash, label, sites, created_at) VALUES (?, ?, ?, ?, ?)')
    .bind(id, await sha256Hex(token), label, JSON.stringify(sites), new Date().toISOString())
    .run();
  return { id, token };
}
