// Helpers for the SDK browser tests: extra sites seeded through the admin API, test pages served on the edge's
// own origin, and a collector of page errors.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';

const demo = JSON.parse(readFileSync(new URL('../../demo/site-config.json', import.meta.url), 'utf8'));

/** Stores and publishes a variant of the demo config (no measurement holdback) under another site id; throws on failure. */
export async function seedSite(edgeUrl: string, token: string, site: string, changes: Record<string, unknown>): Promise<void> {
  // No measurement holdback unless a test asks for one: tests assert what decisions show.
  const config = { ...structuredClone(demo), site, allowedOrigins: [edgeUrl], holdback: 0, ...changes };
  const call = async (method: string, route: string, body: unknown) => {
    const response = await fetch(`${edgeUrl}${route}`, {
      method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
    return JSON.parse(text);
  };
  const { version } = await call('PUT', `/v1/admin/sites/${site}/config`, config);
  await call('POST', `/v1/admin/sites/${site}/publish`, { version });
}

/**
 * Serves `html` at `${edgeUrl}/sdk-test/<name>.html` in this context (same origin as the edge, so /sdk.js and the
 * API are reached exactly as a shop on the edge's origin would).
 */
export async function servePage(context: BrowserContext, edgeUrl: string, name: string, html: string): Promise<string> {
  const url = `${edgeUrl}/sdk-test/${name}.html`;
  await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
  return url;
}

/** A page that loads the script tag for `site`, with optional head script before it and body after. */
export function sdkPage(site: string, { before = '', body = '', attrs = '' } = {}): string {
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><script>${before}</script>
<script async src="/sdk.js" data-site="${site}" ${attrs}></script></head><body>${body}</body></html>`;
}

/** Page errors and console errors seen by a page; tests assert it stays empty. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** Runs fn with the loaded SDK in the page (waits for the script tag to replace the queue). */
export async function withSdk<T>(page: Page, fn: string): Promise<T> {
  await page.waitForFunction(() => !Array.isArray((window as unknown as { edgewise: unknown }).edgewise));
  return page.evaluate(`(async (edgewise) => { ${fn} })(window.edgewise)`) as Promise<T>;
}
