import { beforeAll, describe, expect, it } from 'vitest';
import { call, demo, errorOf } from '../../test/client.ts';

describe('admin config API', () => {
  let otherSiteToken: string;

  beforeAll(async () => {
    const created = await call('POST', '/v1/admin/tokens', { body: { label: 'acme marketing', sites: ['acme'] } });
    expect(created.status).toBe(201);
    otherSiteToken = created.body.token;
  });

  it('requires a bearer token (401) of the right site (403)', async () => {
    const none = await call('GET', '/v1/admin/sites/demo/config', { token: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(errorOf(none).code).toBe('unauthorized');
    const wrong = await call('GET', '/v1/admin/sites/demo/config', { token: 'not-a-token' });
    expect(wrong.status).toBe(401);
    const foreign = await call('PUT', '/v1/admin/sites/demo/config', { token: otherSiteToken, body: demo() });
    expect(foreign.status).toBe(403);
    expect(errorOf(foreign)).toMatchObject({ code: 'forbidden', message: 'this token may not manage site "demo"' });
  });

  it('only the deployment admin creates tokens', async () => {
    const answer = await call('POST', '/v1/admin/tokens', { token: otherSiteToken, body: { label: 'x', sites: ['demo'] } });
    expect(answer.status).toBe(403);
  });

  it('stores versions, returns the latest, and accepts exactly what it returns', async () => {
    const first = await call('PUT', '/v1/admin/sites/demo/config', { body: demo() });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ version: 1 });
    const got = await call('GET', '/v1/admin/sites/demo/config');
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('"1"');
    expect(got.body.offers).toHaveLength(demo().offers.length);
    const again = await call('PUT', '/v1/admin/sites/demo/config', { body: got.body });
    expect(again.status).toBe(201);
    expect(again.body).toEqual({ version: 2 });
  });

  it('lets a site-scoped token manage its own site', async () => {
    const config = { ...demo(), site: 'acme' };
    const answer = await call('PUT', '/v1/admin/sites/acme/config', { token: otherSiteToken, body: config });
    expect(answer.status).toBe(201);
    const audit = await call('GET', '/v1/admin/sites/acme/audit', { token: otherSiteToken });
    expect(audit.body.entries[0].actor).toMatch(/^acme marketing \(/);
  });

  it('rejects an invalid config with a 400 naming the field, and stores nothing', async () => {
    const before = await call('GET', '/v1/admin/sites/demo/versions');
    const bad = demo();
    (bad.offers[3] as any).redemptionCost = 'cheap';
    const answer = await call('PUT', '/v1/admin/sites/demo/config', { body: bad });
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toEqual({
      code: 'invalid_config',
      message: 'offers[3].redemptionCost: Invalid input: expected number, received string',
      path: ['offers', 3, 'redemptionCost'],
    });
    const after = await call('GET', '/v1/admin/sites/demo/versions');
    expect(after.body.versions.length).toBe(before.body.versions.length);
  });

  it('rejects malformed JSON, a site mismatch, and bodies over 1 MB', async () => {
    const malformed = await call('PUT', '/v1/admin/sites/demo/config', { raw: '{"site":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(errorOf(malformed).code).toBe('invalid_json');
    const mismatch = await call('PUT', '/v1/admin/sites/demo/config', { body: { ...demo(), site: 'other' } });
    expect(mismatch.status).toBe(400);
    expect(errorOf(mismatch).path).toEqual(['site']);
    const huge = await call('PUT', '/v1/admin/sites/demo/config', { raw: ' '.repeat(1024 * 1024 + 1), headers: { 'content-type': 'application/json' } });
    expect(huge.status).toBe(413);
  });

  it('answers 409 when the editor started from an older version', async () => {
    const latest = await call('GET', '/v1/admin/sites/demo/config');
    const version = Number(latest.headers.get('etag')!.replace(/"/g, ''));
    const ok = await call('PUT', '/v1/admin/sites/demo/config', { body: latest.body, headers: { 'if-match': `"${version}"` } });
    expect(ok.status).toBe(201);
    const stale = await call('PUT', '/v1/admin/sites/demo/config', { body: latest.body, headers: { 'if-match': `"${version}"` } });
    expect(stale.status).toBe(409);
    expect(errorOf(stale).code).toBe('conflict');
  });

  it('answers 404 for a site without config', async () => {
    const answer = await call('GET', '/v1/admin/sites/empty/config');
    expect(answer.status).toBe(404);
  });
});

describe('GET /v1/admin/sites', () => {
  it('lists the sites a token may manage', async () => {
    const all = await call('GET', '/v1/admin/sites');
    expect(all.status).toBe(200);
    const ids = all.body.sites.map((s: any) => s.site);
    expect(ids).toEqual(expect.arrayContaining(['acme', 'demo']));
    const created = await call('POST', '/v1/admin/tokens', { body: { label: 'acme only', sites: ['acme'] } });
    const scoped = await call('GET', '/v1/admin/sites', { token: created.body.token });
    expect(scoped.body.sites.map((s: any) => s.site)).toEqual(['acme']);
    expect(scoped.body.sites[0]).toMatchObject({ latest: 1, published: null });
    const anonymous = await call('GET', '/v1/admin/sites', { token: null });
    expect(anonymous.status).toBe(401);
  });
});
