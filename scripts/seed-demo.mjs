// Seeds the `demo` site through the admin API: stores demo/site-config.json as a version and publishes it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function call(url, token, method, route, body) {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** Stores and publishes the demo config; returns the published version. */
export async function seedSite(url, token) {
  const config = JSON.parse(readFileSync(path.join(root, 'demo', 'site-config.json'), 'utf8'));
  const { version } = await call(url, token, 'PUT', '/v1/admin/sites/demo/config', config);
  await call(url, token, 'POST', '/v1/admin/sites/demo/publish', { version });
  return version;
}
