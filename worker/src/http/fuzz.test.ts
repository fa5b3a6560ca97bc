// Property-based fuzz of every route (issue 13): thousands of bodies generated from the protocol's zod schemas,
// near-misses and hostile JSON, with fuzzed path parameters and headers. Whatever arrives, the edge answers in
// time, never with a 5xx, and every refusal has the one documented error shape.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outcomeBatchSchema, publishRequestSchema, rollbackRequestSchema, siteConfigSchema } from '../../../protocol/index.ts';
import { ADMIN, BASE, demo, seedDemo } from '../../test/client.ts';
import { bodies, hostile } from '../../test/fuzz.ts';
import { createTokenSchema } from '../admin/tokens.ts';
import worker from '../index.ts';

const SITE = 'fuzz';
// One fixed seed: the share of generated batches the counter accepts varies around 10% from seed to seed, and CI
// must not pass or fail on the draw. Change it (or run with another) to explore further.
fc.configureGlobal({ seed: 20261130 });
/** An answer slower than this is a hang. */
const HANG_MS = 20_000;
const CODES = new Set([
  'bad_request', 'invalid_json', 'invalid_config', 'invalid_outcomes', 'unauthorized', 'forbidden', 'not_found',
  'method_not_allowed', 'conflict', 'payload_too_large', 'rate_limited', 'unavailable',
]);

interface Sent {
  method: string;
  path: string;
  body?: unknown;
  raw?: string | Uint8Array;
  token?: string | null;
  headers?: Record<string, string>;
}

/** Statuses seen per test, so each test can show its bodies reached past validation too. */
const seen = new Map<number, number>();
const tally = (status: number) => seen.set(status, (seen.get(status) ?? 0) + 1);
const share = (status: number) => (seen.get(status) ?? 0) / [...seen.values()].reduce((a, b) => a + b, 0);

/** Sends one request and checks the answer against the contract; returns the status. */
async function check(request: Sent, ok: readonly number[]): Promise<number> {
  const headers: Record<string, string> = { ...request.headers };
  const token = request.token === undefined ? ADMIN : request.token;
  if (token) headers.authorization = `Bearer ${token}`;
  const body = request.raw ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const answer = await Promise.race([
    (async () => {
      // The worker's own fetch with the real bindings: SELF.fetch slows down with every request a test file makes
      // (workers-sdk issue 15446), which thousands of requests would turn into minutes.
      const ctx = createExecutionContext();
      const response = await worker.fetch!(new Request(`${BASE}${request.path}`, { method: request.method, headers, body }) as never, env as Env, ctx);
      const text = await response.text();
      await waitOnExecutionContext(ctx);
      return { status: response.status, type: response.headers.get('content-type') ?? '', text };
    })(),
    // Cleared below: workerd allows 10,000 pending timers per isolate, fewer than this suite's requests.
    new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), HANG_MS))),
  ]).finally(() => clearTimeout(timer!));
  const what = `${request.method} ${request.path} ${String(body).slice(0, 300)}`;
  expect(answer, what).not.toBe('hang');
  const { status, type, text } = answer as { status: number; type: string; text: string };
  tally(status);
  expect(status, `${what} -> ${text.slice(0, 300)}`).toBeLessThan(500);
  if (status >= 400) {
    // A HEAD answer has no body to check; its status is what a GET would have.
    if (request.method === 'HEAD') return status;
    expect(type, what).toContain('application/json');
    const error = JSON.parse(text).error;
    expect(CODES.has(error?.code), `${what} -> ${text.slice(0, 300)}`).toBe(true);
    expect(typeof error.message === 'string' && error.message.length > 0, what).toBe(true);
    expect(Array.isArray(error.path), what).toBe(true);
  } else expect(ok, `${what} -> ${status}`).toContain(status);
  return status;
}

/** Lone surrogates cannot be percent-encoded: their encoding is a malformed escape, which the edge must survive too. */
const escape = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};

const pathPart = () =>
  fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/).map(escape),
    fc.string({ maxLength: 80 }).map(escape),
    hostile().map((v) => escape(String(v))),
    // Sent as they are: malformed percent escapes and dot segments.
    fc.constantFrom(SITE, '1', '0', '-1', '1e0', '%', '%E0%A4%A', '%ZZ', '%00', '..', '.'),
  );

const headerValues = () =>
  fc.record(
    {
      origin: fc.constantFrom('https://evil.example', 'null', 'http://edge.test', 'http://127.0.0.1:8787', ''),
      'if-match': fc.oneof(fc.constantFrom('*', '""', '"1"', 'W/"2"', 'abc'), fc.string({ maxLength: 20 })),
      'if-none-match': fc.oneof(fc.constant('*'), fc.string({ maxLength: 70 })),
      'content-type': fc.constantFrom('text/plain', 'application/json', 'application/octet-stream', 'multipart/form-data; boundary=x'),
    },
    { requiredKeys: [] },
  );

const batch = {
  schemaVersion: 2,
  batchId: 'fuzz-batch-0000000001',
  reports: [
    { kind: 'exposure', experiment: 'hero-personalisation', version: 1, arm: 'control', segment: 'vip' },
    { kind: 'outcome', experiment: 'hero-personalisation', version: 1, arm: 'personalised', exposed: new Date().toISOString().slice(0, 10), conversion: 1, revenue: 1 },
  ],
};

describe('fuzz: every route, any input', () => {
  beforeAll(async () => {
    await seedDemo({ ...demo(), site: SITE });
  });
  beforeEach(() => seen.clear());

  it('POST /v1/sites/{site}/outcomes: 3,000 generated batches', async () => {
    const body = fc.tuple(bodies(outcomeBatchSchema, batch), fc.string({ minLength: 16, maxLength: 20 }), fc.option(headerValues()));
    await fc.assert(
      fc.asyncProperty(body, async ([generated, id, headers]) => {
        // Most bodies get a fresh batch id, so that they are counted rather than answered as duplicates.
        const withId = generated && typeof generated === 'object' && 'batchId' in generated && /^[A-Za-z0-9]+$/.test(id) ? { ...generated, batchId: `fz${id}`.padEnd(16, 'x') } : generated;
        await check({ method: 'POST', path: `/v1/sites/${SITE}/outcomes`, body: withId, token: null, headers: headers ?? {} }, [202]);
      }),
      { numRuns: 3000, endOnFailure: true },
    );
    // Generated from the schema, a good share is counted: the fuzz reaches the counter, not only validation.
    expect(share(202)).toBeGreaterThan(0.05);
    expect(share(400)).toBeGreaterThan(0.1);
  }, 120_000);

  it('PUT /v1/admin/sites/{site}/config: 1,000 generated configs', async () => {
    const base = { ...demo(), site: SITE };
    await fc.assert(
      fc.asyncProperty(bodies(siteConfigSchema, base), fc.boolean(), fc.option(headerValues()), async (config, ownSite, headers) => {
        const body = ownSite && config && typeof config === 'object' && !Array.isArray(config) ? { ...config, site: SITE } : config;
        const { 'if-match': _ifMatch, ...rest } = headers ?? {};
        await check({ method: 'PUT', path: `/v1/admin/sites/${SITE}/config`, body, headers: rest }, [201]);
      }),
      { numRuns: 1000, endOnFailure: true },
    );
    expect(share(201)).toBeGreaterThan(0.02);
    expect(share(400)).toBeGreaterThan(0.5);
  }, 120_000);

  it('publish, rollback and tokens: 600 generated bodies', async () => {
    const routes = fc.oneof(
      bodies(publishRequestSchema, { version: 1 }).map((body) => ({ method: 'POST', path: `/v1/admin/sites/${SITE}/publish`, body, ok: [200] })),
      bodies(rollbackRequestSchema, {}).map((body) => ({ method: 'POST', path: `/v1/admin/sites/${SITE}/rollback`, body, ok: [200] })),
      bodies(createTokenSchema, { label: 'fuzz', sites: [SITE] }).map((body) => ({ method: 'POST', path: '/v1/admin/tokens', body, ok: [201] })),
    );
    await fc.assert(
      fc.asyncProperty(routes, async ({ ok, ...request }) => {
        await check(request, ok);
      }),
      { numRuns: 600, endOnFailure: true },
    );
  }, 120_000);

  it('every GET and the model upload: 2,000 fuzzed paths, tokens and bodies', async () => {
    const request = fc.oneof(
      fc.tuple(pathPart(), fc.option(headerValues())).map(([site, headers]) => ({ method: 'GET', path: `/v1/sites/${site}/config`, token: null, headers: headers ?? {} })),
      pathPart().map((site) => ({ method: 'OPTIONS', path: `/v1/sites/${site}/outcomes`, token: null, headers: { origin: 'https://evil.example' } })),
      pathPart().map((hash) => ({ method: 'GET', path: `/v1/models/${hash}`, token: null })),
      fc.tuple(pathPart(), pathPart()).map(([site, version]) => ({ method: 'GET', path: `/v1/admin/sites/${site}/versions/${version}` })),
      fc.tuple(pathPart(), fc.constantFrom('config', 'versions', 'audit', 'publications', 'results')).map(([site, what]) => ({ method: 'GET', path: `/v1/admin/sites/${site}/${what}` })),
      fc.oneof(fc.constant(null), fc.string({ maxLength: 60 }), fc.constant(`${ADMIN}x`)).map((token) => ({ method: 'GET', path: `/v1/admin/sites/${SITE}/config`, token })),
      fc.uint8Array({ maxLength: 3000 }).map((raw) => ({ method: 'PUT', path: '/v1/admin/models', raw, headers: { 'content-type': 'application/octet-stream' } })),
      fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'), fc.array(pathPart(), { maxLength: 6 })).map(([method, parts]) => ({ method, path: `/${parts.join('/')}`, raw: method === 'GET' || method === 'HEAD' ? undefined : '{}' })),
    );
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        await check(r as Sent, [200, 201, 204, 304]);
      }),
      { numRuns: 2000, endOnFailure: true },
    );
  }, 120_000);

  it('the feedback loop after all that: 10 runs answer 200', async () => {
    for (let i = 0; i < 10; i++) expect(await check({ method: 'POST', path: `/v1/admin/sites/${SITE}/feedback` }, [200])).toBe(200);
  }, 120_000);
});
