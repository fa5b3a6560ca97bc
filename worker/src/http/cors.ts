// CORS for the device API: only the site's configured origins (and the edge's own, for the demo shop) may read
// answers. Credentials are never allowed: the device API neither sets nor reads cookies.
import type { Context } from 'hono';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The edge's own origin: PUBLIC_ORIGIN when the deployment sets it, else the request's origin only on a loopback
 * host (a local edge). Never the Host header of a request from anywhere else: any page can reach the edge under
 * a name of its own (DNS rebinding, a proxy), and would then count as the edge itself.
 * @example selfOrigin(c) // 'https://edge.example.com', or 'http://127.0.0.1:8787' locally, or null
 */
export function selfOrigin(c: Context): string | null {
  const configured = (c.env as { PUBLIC_ORIGIN?: string } | undefined)?.PUBLIC_ORIGIN;
  if (configured) return configured.replace(/\/+$/, '');
  const url = new URL(c.req.url);
  return LOOPBACK.has(url.hostname) ? url.origin : null;
}

/** Whether `origin` may call the device API of a site with these allowed origins. */
export function originAllowed(origin: string | undefined, allowedOrigins: readonly string[], self: string | null): boolean {
  if (!origin) return true; // not a browser cross-origin request (server, curl, benchmark)
  return origin === self || allowedOrigins.includes(origin);
}

/** Sets the CORS answer headers for an allowed origin; always `Vary: Origin` since the answer depends on it. */
export function applyCors(c: Context, allowedOrigins: readonly string[]): void {
  c.header('Vary', 'Origin');
  const origin = c.req.header('origin');
  if (origin && originAllowed(origin, allowedOrigins, selfOrigin(c))) {
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
