// Seeds the `demo` site through the admin API, the path a marketer takes: uploads the demo models
// (models/demo/<id>/model.onnx), stores demo/site-config.json with their manifests, and publishes it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function call(url, token, method, route, body, contentType = 'application/json') {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body: body === undefined || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** The demo config with the shipped demo models' manifests (kept apart: models are retrained by a script). */
export function demoConfig() {
  const config = JSON.parse(readFileSync(path.join(root, 'demo', 'site-config.json'), 'utf8'));
  config.models = JSON.parse(readFileSync(path.join(root, 'models', 'demo', 'models.json'), 'utf8'));
  return config;
}

/**
 * Uploads the models, stores and publishes the demo config (with `changes` on top); returns the published version.
 * @param {string} url @param {string} token @param {Record<string, unknown>} [changes]
 */
export async function seedSite(url, token, changes = {}) {
  const config = { ...demoConfig(), ...changes };
  for (const model of config.models) {
    const bytes = new Uint8Array(readFileSync(path.join(root, 'models', 'demo', model.id, 'model.onnx')));
    const { sha256 } = await call(url, token, 'PUT', '/v1/admin/models', bytes, 'application/octet-stream');
    if (sha256 !== model.sha256) throw new Error(`models/demo/${model.id}/model.onnx hashes to ${sha256}, but its manifest says ${model.sha256}`);
  }
  const { version } = await call(url, token, 'PUT', '/v1/admin/sites/demo/config', config);
  await call(url, token, 'POST', '/v1/admin/sites/demo/publish', { version });
  return version;
}
