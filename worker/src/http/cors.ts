// CORS for the device API: only the site's configured origins (and the edge's own, for the demo shop) may read
// answers. Credentials are never allowed: the device API neither sets nor reads cookies.
import type { Context } from 'hono';

/** Whether `origin` may call the device API of a site with these allowed origins. */
export function originAllowed(origin: string | undefined, allowedOrigins: readonly string[], selfOrigin: string): boolean {
  if (!origin) return true; // not a browser cross-origin request (server, curl, benchmark)
  return origin === selfOrigin || allowedOrigins.includes(origin);
}

/** Sets the CORS answer headers for an allowed origin; always `Vary: Origin` since the answer depends on it. */
export function applyCors(c: Context, allowedOrigins: readonly string[]): void {
  c.header('Vary', 'Origin');
  const origin = c.req.header('origin');
  if (origin && originAllowed(origin, allowedOrigins, new URL(c.req.url).origin)) {
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Expose-Headers', 'ETag');
  }
}

/** A preflight answer: methods and headers the SDK uses, cached by the browser for a day. */
export function preflight(c: Context, allowedOrigins: readonly string[]): Response {
  applyCors(c, allowedOrigins);
  c.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  c.header('Access-Control-Allow-Headers', 'Content-Type, If-None-Match');
  c.header('Access-Control-Max-Age', '86400');
  return c.body(null, 204);
}
