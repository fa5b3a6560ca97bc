// The Hono app: device API (public, CORS per site, no cookies) and admin API (bearer tokens), one error shape.
import { Hono, type Context } from 'hono';
import { adminConfigRoutes } from './admin/config.ts';
import { adminHistoryRoutes } from './admin/history.ts';
import { adminModelRoutes } from './admin/models.ts';
import { adminPublishRoutes } from './admin/publish.ts';
import { adminSiteRoutes } from './admin/sites.ts';
import { adminTokenRoutes } from './admin/tokens.ts';
import type { AppEnv } from './env.ts';
import { feedbackRoutes } from './feedback/index.ts';
import { handleError, notFound } from './http/index.ts';
import { resultsRoutes } from './results/route.ts';
import { deviceConfigRoutes } from './routes/device-config.ts';
import { modelRoutes } from './routes/models.ts';
import { outcomeRoutes } from './routes/outcomes.ts';

export const app = new Hono<AppEnv>();

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

app.route('/', deviceConfigRoutes);
app.route('/', modelRoutes);
app.route('/', outcomeRoutes);
app.route('/', adminSiteRoutes);
app.route('/', adminConfigRoutes);
app.route('/', adminPublishRoutes);
app.route('/', adminHistoryRoutes);
app.route('/', adminModelRoutes);
app.route('/', adminTokenRoutes);
app.route('/', resultsRoutes);
app.route('/', feedbackRoutes);

app.onError(handleError);
app.notFound((c) => notFound(c, app.routes));
