// Test client for worker tests: requests go through the real worker entry inside workerd.
import { SELF } from 'cloudflare:test';
import demoConfig from '../../demo/site-config.json';
import type { SiteConfigInput } from '../../protocol/index.ts';

export const ADMIN = 'test-admin-token';
export const BASE = 'http://edge.test';

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** One request; JSON bodies are serialised, answers parsed when they are JSON. */
export async function call<T = any>(
  method: string,
  path: string,
  options: { body?: unknown; raw?: BodyInit; token?: string | null; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? ADMIN : options.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await SELF.fetch(`${BASE}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('application/json') && text) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed as T };
}

/** A fresh deep copy of the demo site config. */
export function demo(): SiteConfigInput & Record<string, any> {
  return structuredClone(demoConfig) as any;
}

/** Stores and publishes the demo config; returns the version. */
export async function seedDemo(config = demo()): Promise<number> {
  const put = await call('PUT', `/v1/admin/sites/${config.site}/config`, { body: config });
  if (put.status !== 201) throw new Error(`seed PUT failed: ${put.status} ${JSON.stringify(put.body)}`);
  const published = await call('POST', `/v1/admin/sites/${config.site}/publish`, { body: { version: put.body.version } });
  if (published.status !== 200) throw new Error(`seed publish failed: ${published.status} ${JSON.stringify(published.body)}`);
  return put.body.version;
}

/** Asserts the one error shape and returns its error object. */
export function errorOf(answer: Answer): { code: string; message: string; path: (string | number)[] } {
  const error = (answer.body as any)?.error;
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string' || !Array.isArray(error.path))
    throw new Error(`not the error shape: ${answer.status} ${JSON.stringify(answer.body)}`);
  return error;
}
