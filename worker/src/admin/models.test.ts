import { describe, expect, it } from 'vitest';
import { call, errorOf } from '../../test/client.ts';

describe('model files', () => {
  it('stores uploads by content hash and serves them immutably', async () => {
    const bytes = new Uint8Array([8, 7, 18, 4, 116, 101, 115, 116]);
    const upload = await call('PUT', '/v1/admin/models', { raw: bytes, headers: { 'content-type': 'application/octet-stream' } });
    expect(upload.status).toBe(201);
    expect(upload.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(upload.body.bytes).toBe(8);
    const again = await call('PUT', '/v1/admin/models', { raw: bytes });
    expect(again.body.sha256).toBe(upload.body.sha256);

    const { SELF } = await import('cloudflare:test');
    const response = await SELF.fetch(`http://edge.test/v1/models/${upload.body.sha256}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
  });

  it('rejects bad hashes, unknown files, empty and unauthenticated uploads', async () => {
    const bad = await call('GET', '/v1/models/xyz', { token: null });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).path).toEqual(['sha256']);
    const missing = await call('GET', `/v1/models/${'0'.repeat(64)}`, { token: null });
    expect(missing.status).toBe(404);
    const empty = await call('PUT', '/v1/admin/models', { raw: new Uint8Array(0) });
    expect(empty.status).toBe(400);
    const anonymous = await call('PUT', '/v1/admin/models', { token: null, raw: new Uint8Array([1]) });
    expect(anonymous.status).toBe(401);
  });
});

describe('models in a published config', () => {
  it('publishes manifests of uploaded models with their URLs', async () => {
    const { demo } = await import('../../test/client.ts');
    const bytes = new Uint8Array([1, 2, 3, 4, 5]);
    const { sha256 } = (await call('PUT', '/v1/admin/models', { raw: bytes })).body;
    const config = demo();
    config.models = [{ id: 'm1', kind: 'uplift', sha256, inputs: [{ kind: 'numeric', name: 'f', source: 'frequency' }], outputs: { uplift: 'uplift' }, offers: ['women-15'] }];
    const put = await call('PUT', '/v1/admin/sites/demo/config', { body: config });
    const publish = await call('POST', '/v1/admin/sites/demo/publish', { body: { version: put.body.version } });
    expect(publish.status).toBe(200);
    const device = await call('GET', '/v1/sites/demo/config', { token: null });
    expect(device.body.models).toEqual([expect.objectContaining({ id: 'm1', sha256, url: `/v1/models/${sha256}`, offers: ['women-15'] })]);
  });
});
