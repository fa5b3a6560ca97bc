// Why a config fetch failed, for the debug log: in its own part (sdk-debug.js in the script tag), fetched only
// by a page in debug mode whose config fetch failed, or whose config was refused.
// Nothing imported from config/index.ts: a module shared with the main script would be a chunk of its own in the
// npm package's first load. A code carries what its words need (`schemaVersion:<expected>:<received>`).

/**
 * A rejection's reason code (config/index.ts) in words; anything else as it is.
 * @example configReason('status:500') === 'config: the edge answered 500'
 */
export function configReason(reason: string): string {
  const i = reason.indexOf(':');
  const detail = reason.slice(i + 1);
  switch (reason.slice(0, i)) {
    case 'schemaVersion': {
      const j = detail.indexOf(':');
      return `config: expected schemaVersion ${detail.slice(0, j)}, received ${detail.slice(j + 1)}; keeping the last good config`;
    }
    case 'missing':
      return `config.${detail}: expected ${detail === 'constraints' || detail === 'privacy' ? 'an object' : 'an array'}`;
    case 'elements': return `config.${detail}: expected an array of objects`;
    case 'status': return `config: the edge answered ${detail}`;
    case 'fetch': return `config: fetch failed (${detail})`;
    default: return reason;
  }
}

/**
 * Why a config fetch failed, for the debug log. A browser hides a CORS refusal behind the same TypeError as a
 * network failure; a `no-cors` request tells them apart: its (opaque) answer means the edge is up and refused
 * this page's origin. A failure without a URL (the edge answered, but not with a usable config) is its reason, in
 * words (configReason).
 * @example log(await diagnoseFetchFailure(result, fetch))
 */
export async function diagnoseFetchFailure(
  failure: { reason: string; url?: string | undefined }, fetcher: typeof fetch = fetch, origin = globalThis.location?.origin,
): Promise<string> {
  const { url } = failure;
  const reason = configReason(failure.reason);
  if (!url) return reason;
  if (!origin || origin === 'null' || new URL(url).origin === origin) return `${reason}: is the edge at ${url} reachable?`;
  try {
    await fetcher(url, { mode: 'no-cors', credentials: 'omit' });
  } catch {
    return `${reason}: the edge at ${url} is not reachable from this page`;
  }
  return `config: the edge answered, but not to this page's origin ${origin}: add "${origin}" to the site's allowedOrigins ` +
    `(console: Rules, Budget & settings, Allowed origins; or "allowedOrigins" in the site config) and publish`;
}
