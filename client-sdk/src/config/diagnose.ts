// Why a config fetch failed, for the debug log: in its own part (sdk-debug.js in the script tag), fetched only
// by a page in debug mode whose config fetch threw.
/**
 * Why a config fetch failed, for the debug log. A browser hides a CORS refusal behind the same TypeError as a
 * network failure; a `no-cors` request tells them apart: its (opaque) answer means the edge is up and refused
 * this page's origin. A failure without a URL (the edge answered, but not with a usable config) is its reason.
 * @example log(await diagnoseFetchFailure(result, fetch))
 */
export async function diagnoseFetchFailure(
  failure: { reason: string; url?: string | undefined }, fetcher: typeof fetch = fetch, origin = globalThis.location?.origin,
): Promise<string> {
  const { reason, url } = failure;
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
