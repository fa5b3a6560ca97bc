import { beforeAll, describe, expect, it } from 'vitest';
import { call, errorOf, seedDemo } from '../../test/client.ts';

describe('GET /health and /v1/sites/{site}/config', () => {
  beforeAll(async () => {
    await seedDemo();
  });

  it('answers health', async () => {
    const answer = await call('GET', '/health', { token: null });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ok: true });
  });

  it('serves the published device config with a strong ETag and caching', async () => {
    const answer = await call('GET', '/v1/sites/demo/config', { token: null });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=86400');
    expect(answer.headers.get('set-cookie')).toBeNull();
    expect(answer.body).toMatchObject({ schemaVersion: 2, site: 'demo', version: 1 });
    expect(Object.keys(answer.body.prices)).toHaveLength(answer.body.offers.length);
    expect(answer.body).not.toHaveProperty('allowedOrigins');
    expect(answer.body).not.toHaveProperty('autoPublish');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await call('GET', '/v1/sites/demo/config', { token: null });
    const etag = first.headers.get('etag')!;
    const again = await call('GET', '/v1/sites/demo/config', { token: null, headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    const weak = await call('GET', '/v1/sites/demo/config', { token: null, headers: { 'if-none-match': `"other", W/${etag}` } });
    expect(weak.status).toBe(304);
    const stale = await call('GET', '/v1/sites/demo/config', { token: null, headers: { 'if-none-match': '"old"' } });
    expect(stale.status).toBe(200);
  });

  it('allows the configured origins and no others', async () => {
    const allowed = await call('GET', '/v1/sites/demo/config', { token: null, headers: { origin: 'http://localhost:8787' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:8787');
    expect(allowed.headers.get('vary')).toContain('Origin');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const other = await call('GET', '/v1/sites/demo/config', { token: null, headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await call('OPTIONS', '/v1/sites/demo/config', { token: null, headers: { origin: 'http://localhost:8787' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('If-None-Match');
  });

  it('answers an unknown site with a 404 in the error shape', async () => {
    const answer = await call('GET', '/v1/sites/nosuchsite/config', { token: null });
    expect(answer.status).toBe(404);
    expect(errorOf(answer)).toEqual({ code: 'not_found', message: 'site "nosuchsite" has no published config', path: ['site'] });
  });

  it('rejects a malformed site id with a 400 naming it', async () => {
    const answer = await call('GET', '/v1/sites/bad%20site!/config', { token: null });
    expect(answer.status).toBe(400);
    expect(errorOf(answer).path).toEqual(['site']);
  });

  it('answers unknown routes with the error shape', async () => {
    const answer = await call('GET', '/v1/nothing-here', { token: null });
    expect(answer.status).toBe(404);
    expect(errorOf(answer).message).toBe('no route for GET /v1/nothing-here');
  });
});
