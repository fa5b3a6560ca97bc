// Fetching the device config: conditional GET with If-None-Match, and the shape checks that decide whether a
// response may replace the last good config. A rejection's reason is a short code (`schemaVersion:2:3`,
// `missing:offers`, `elements:offers`, `status:500`, `fetch:<error>`): only the debug log reads it, in words
// written by diagnose.ts (sdk-debug.js in the script tag, ~0.1 KB gzip off sdk.js).
import type { DeviceConfig } from '../../../protocol/device-config.ts';
import { hasShape } from '../store/validate.ts';

/** The config contract version this SDK understands (SCHEMA_VERSION in protocol/site-config.ts). */
export const SUPPORTED_SCHEMA_VERSION = 2;

export type ConfigFetch =
  | { status: 'fresh'; config: DeviceConfig; etag: string | null }
  | { status: 'not-modified' }
  | { status: 'rejected'; reason: string; url?: string };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * What an offer must have for the SDK to render it and match its slots; `offers: {}`, `[null]` or an offer with
 * `content: null` would otherwise break `ready`, or the slot it fills, in the shop's page.
 */
const OFFER = { content: 'object', slots: 'object' };

/**
 * Checks that a parsed body is a config this SDK can run, filling optional maps. Returns a reason code otherwise.
 * @example const checked = checkConfig(JSON.parse(text))
 */
export function checkConfig(body: unknown): DeviceConfig | string {
  const c = (isObject(body) ? body : {}) as Record<string, unknown>;
  if (c.schemaVersion !== SUPPORTED_SCHEMA_VERSION)
    return `schemaVersion:${SUPPORTED_SCHEMA_VERSION}:${JSON.stringify(c.schemaVersion)}`;
  for (const key of ['segments', 'offers', 'experiments', 'constraints', 'privacy'])
    if (!c[key] || typeof c[key] !== 'object') return `missing:${key}`;
  // Lists of objects (arrays are typeof "object"): an element of the wrong kind would throw where it is read.
  for (const key of ['segments', 'offers', 'experiments'])
    if (!Array.isArray(c[key]) || !(c[key] as unknown[]).every((e) => hasShape(e, key === 'offers' ? OFFER : {}))) return `elements:${key}`;
  for (const key of ['savedGroups', 'prices', 'posteriors', 'learnedUplift', 'banditShares']) if (!isObject(c[key])) c[key] = {};
  return c as DeviceConfig;
}

/**
 * GET {api}/v1/sites/{site}/config, revalidating `etag`. Never throws.
 * @example const result = await fetchConfig('https://edge.example', 'acme', cached?.etag ?? null)
 */
export async function fetchConfig(api: string, site: string, etag: string | null, fetcher?: typeof fetch): Promise<ConfigFetch> {
  const url = `${api}/v1/sites/${encodeURIComponent(site)}/config`;
  try {
    const f = fetcher ?? globalThis.fetch;
    const response = await f(url, {
      headers: etag ? { 'if-none-match': etag } : {},
      credentials: 'omit',
      // The page's URL is not the edge's business.
      referrerPolicy: 'no-referrer',
    });
    if (response.status === 304) return { status: 'not-modified' };
    if (!response.ok) return { status: 'rejected', reason: `status:${response.status}` };
    const checked = checkConfig(await response.json());
    if (typeof checked === 'string') return { status: 'rejected', reason: checked };
    return { status: 'fresh', config: checked, etag: response.headers.get('etag') };
  } catch (error) {
    return { status: 'rejected', reason: `fetch:${String(error)}`, url };
  }
}

