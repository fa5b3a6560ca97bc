// The Hono app: device API (public, CORS per site, no cookies) and admin API (bearer tokens), one error shape.
import { Hono, type Context } from 'hono';
import { adminBooksRoutes } from './admin/books.ts';
import { adminConfigRoutes } from './admin/config.ts';
import { adminHistoryRoutes } from './admin/history.ts';
import { adminModelRoutes } from './admin/models.ts';
import { adminPublishRoutes } from './admin/publish.ts';
import { adminSiteRoutes } from './admin/sites.ts';
import { adminTokenRoutes } from './admin/tokens.ts';
import { customerValueRoutes } from './customer-value/route.ts';
import type { AppEnv } from './env.ts';
import { feedbackRoutes } from './feedback/index.ts';
import { handleError, notFound } from './http/index.ts';
import { resultsRoutes } from './results/route.ts';
import { deviceConfigRoutes } from './routes/device-config.ts';
import { modelRoutes } from './routes/models.ts';
import { outcomeRoutes } from './routes/outcomes.ts';

export const app = new Hono<AppEnv>();

/**
 * The console's policy: its own scripts, styles and API only, never framed (clickjacking a marketer who is signed
 * in would publish for them), no inline script for an injected string to run as.
 */
export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// Every answer: no MIME sniffing; admin answers (configs, tokens, results) are never stored by a cache.
app.use('*', async (c, next) => {
  await next();
  c.res.headers.set('X-Content-Type-Options', 'nosniff');
  if (new URL(c.req.url).pathname.startsWith('/v1/admin')) c.res.headers.set('Cache-Control', 'no-store');
});

app.get('/health', (c) => c.json({ ok: true }));
// The SDK, its lazy chunks and ORT's wasm are static assets that shops on other origins load, so the worker runs
// first for them (wrangler.toml) to add an open CORS origin and caching. They carry no shopper data.
const serveScriptAsset = (cacheControl: string) => async (c: Context<AppEnv>) => {
  const asset = await c.env.ASSETS.fetch(new Request(new URL(new URL(c.req.url).pathname, c.req.url)));
  if (!asset.ok) return notFound(c);
  const response = new Response(asset.body, asset);
  response.headers.set('Cache-Control', cacheControl);
  response.headers.set('Access-Control-Allow-Origin', '*');
  return response;
};
const SCRIPT_CACHE = 'public, max-age=300, stale-while-revalidate=86400';
app.get('/sdk.js', serveScriptAsset(SCRIPT_CACHE));
app.get('/sdk-*', serveScriptAsset(SCRIPT_CACHE));
app.get('/ort/*', serveScriptAsset('public, max-age=86400'));
// The marketer console: the worker runs first for it (wrangler.toml) to add its security headers.
const serveConsole = async (c: Context<AppEnv>) => {
  const asset = await c.env.ASSETS.fetch(new Request(new URL(new URL(c.req.url).pathname, c.req.url), { redirect: 'manual' }));
  const response = new Response(asset.body, asset);
  response.headers.set('Content-Security-Policy', CONSOLE_CSP);
  response.headers.set('X-Frame-Options', 'DENY');
  response.headers.set('Referrer-Policy', 'no-referrer');
  return response;
};
app.get('/admin', serveConsole);
app.get('/admin/*', serveConsole);

app.route('/', deviceConfigRoutes);
app.route('/', modelRoutes);
app.route('/', outcomeRoutes);
app.route('/', adminSiteRoutes);
app.route('/', adminConfigRoutes);
app.route('/', adminPublishRoutes);
app.route('/', adminHistoryRoutes);
app.route('/', adminModelRoutes);
app.route('/', adminTokenRoutes);
app.route('/', adminBooksRoutes);
app.route('/', resultsRoutes);
app.route('/', feedbackRoutes);
app.route('/', customerValueRoutes);

app.onError(handleError);
app.notFound((c) => notFound(c, app.routes));
