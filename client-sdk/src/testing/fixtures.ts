// Test fixtures: the demo site's device config and a fake edge (config with ETag/304, outcome ingestion).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deviceConfigSchema, type DeviceConfig } from '../../../protocol/device-config.ts';
import { siteConfigSchema } from '../../../protocol/site-config.ts';
import { compileDeviceConfig } from '../../../worker/src/publish/compile.ts';
import { outcomeBatchSchema, type OutcomeBatch } from '../../../protocol/outcomes.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The demo site compiled as the edge would, with zero prices and no measurement holdback unless given. */
export function demoConfig(overrides: Partial<DeviceConfig> = {}): DeviceConfig {
  const site = siteConfigSchema.parse(JSON.parse(readFileSync(path.join(root, 'demo/site-config.json'), 'utf8')));
  const compiled = compileDeviceConfig(site, {
    version: 1,
    publishedAt: '2026-11-01T00:00:00Z',
    prices: Object.fromEntries(site.offers.map((o) => [o.id, 0])),
    posteriors: {},
  });
  // No measurement holdback unless a test asks for one: tests assert what decisions show.
  return deviceConfigSchema.parse({ ...compiled, models: [], holdback: 0, ...overrides });
}

export interface FakeEdge {
  fetch: typeof fetch;
  config: unknown;
  etag: string;
  /** Every accepted outcome batch body, validated against the protocol schema. */
  batches: OutcomeBatch[];
  /** Raw request log: method, url, headers, body, and the fetch options that decide what the browser adds. */
  requests: {
    method: string; url: string; headers: Record<string, string>; body: string | null;
    credentials: RequestInit['credentials']; referrerPolicy: RequestInit['referrerPolicy'];
  }[];
  /** Answer the next n outcome posts with 503 (or throw, to simulate offline). */
  failNext: { outcomes: number; mode: 'status' | 'offline' };
  /** When false, config requests fail as if offline. */
  online: boolean;
}

/**
 * A fetch for the SDK that behaves like the worker's device routes.
 * @example const edge = fakeEdge(demoConfig()); createEdgewise({ ..., fetch: edge.fetch })
 */
export function fakeEdge(config: unknown): FakeEdge {
  const edge: FakeEdge = {
    config, etag: '"v1"', batches: [], requests: [], failNext: { outcomes: 0, mode: 'status' }, online: true,
    fetch: async (input, init = {}) => {
      const url = String(input);
      const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
      const body = typeof init.body === 'string' ? init.body : null;
      edge.requests.push({ method: init.method ?? 'GET', url, headers, body, credentials: init.credentials, referrerPolicy: init.referrerPolicy });
      if (url.endsWith('/config')) {
        if (!edge.online) throw new TypeError('Failed to fetch');
        if (headers['if-none-match'] === edge.etag) return new Response(null, { status: 304 });
        return new Response(JSON.stringify(edge.config), { status: 200, headers: { etag: edge.etag, 'content-type': 'application/json' } });
      }
      if (url.endsWith('/outcomes')) {
        if (edge.failNext.outcomes > 0) {
          edge.failNext.outcomes--;
          if (edge.failNext.mode === 'offline') throw new TypeError('Failed to fetch');
          return new Response('{}', { status: 503 });
        }
        const parsed = outcomeBatchSchema.safeParse(JSON.parse(body ?? 'null'));
        if (!parsed.success) return new Response(JSON.stringify({ error: parsed.error.message }), { status: 400 });
        if (!edge.batches.some((b) => b.batchId === parsed.data.batchId)) edge.batches.push(parsed.data);
        return new Response(null, { status: 202 });
      }
      return new Response('not found', { status: 404 });
    },
  };
  return edge;
}

/** A unique site id per test, so each test gets its own IndexedDB database. */
let counter = 0;
export const uniqueSite = () => `t${Date.now().toString(36)}${(counter++).toString(36)}`;
