// Model files in KV, content addressed: the key is the SHA-256 of the bytes, so a file never changes.
import { sha256Hex } from '../auth/index.ts';

const key = (sha256: string) => `model:${sha256}`;

/** Stores model bytes under their hash; storing the same bytes twice is a no-op. */
export async function putModel(kv: KVNamespace, bytes: Uint8Array): Promise<string> {
  const sha256 = await sha256Hex(bytes);
  await kv.put(key(sha256), bytes, { metadata: { bytes: bytes.byteLength } });
  return sha256;
}

export async function getModel(kv: KVNamespace, sha256: string): Promise<ArrayBuffer | null> {
  return kv.get(key(sha256), 'arrayBuffer');
}

export async function hasModel(kv: KVNamespace, sha256: string): Promise<boolean> {
  const { keys } = await kv.list({ prefix: key(sha256), limit: 1 });
  return keys.length > 0;
}
