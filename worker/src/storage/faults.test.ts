// Fault injection through the real bindings (issue 13, items 5 and 7): a broken D1 table and a corrupted or
// stale KV value. A rejected write changes nothing; KV is rebuilt from D1, by reads, publishes and the cron.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, demo, errorOf, seedDemo } from '../../test/client.ts';
import worker from '../index.ts';
import { tinyModel } from '../../test/models.ts';

const count = async (sql: string) => (await env.DB.prepare(sql).first<{ n: number }>())!.n;
const kvText = () => env.CONFIG_KV.get('published:demo', 'text');

/** Runs `fn` with D1's audit_log table missing, as a failed migration or a dropped table would leave it. */
async function withoutAuditLog<T>(fn: () => Promise<T>): Promise<T> {
  await env.DB.exec('ALTER TABLE audit_log RENAME TO audit_log_away');
  try {
    return await fn();
  } finally {
    await env.DB.exec('ALTER TABLE audit_log_away RENAME TO audit_log');
  }
}

describe('writes that fully happen or change nothing (item 5)', () => {
  beforeAll(async () => {
    await seedDemo();
  });

  it('PUT config with a broken audit log answers 500 and stores no version', async () => {
    const versions = await count("SELECT COUNT(*) AS n FROM config_versions WHERE site = 'demo'");
    const answer = await withoutAuditLog(() => call('PUT', '/v1/admin/sites/demo/config', { body: demo() }));
    expect(answer.status).toBe(500);
    expect(errorOf(answer).code).toBe('internal');
    expect(await count("SELECT COUNT(*) AS n FROM config_versions WHERE site = 'demo'")).toBe(versions);
  });

  it('publish with a broken audit log answers 500, records no publication and leaves KV as it was', async () => {
    const put = await call('PUT', '/v1/admin/sites/demo/config', { body: demo() });
    const publications = await count("SELECT COUNT(*) AS n FROM publications WHERE site = 'demo'");
    const before = await kvText();
    const answer = await withoutAuditLog(() => call('POST', '/v1/admin/sites/demo/publish', { body: { version: put.body.version } }));
    expect(answer.status).toBe(500);
    expect(await count("SELECT COUNT(*) AS n FROM publications WHERE site = 'demo'")).toBe(publications);
    expect(await kvText()).toBe(before);
    // With the table back, the same publish goes through.
    expect((await call('POST', '/v1/admin/sites/demo/publish', { body: { version: put.body.version } })).status).toBe(200);
  });
});

describe('a corrupted or stale published record is repaired (item 7)', () => {
  beforeAll(async () => {
    await seedDemo();
  });

  it('a truncated KV value is rebuilt from D1 by the first read, on every route of the site', async () => {
    const good = (await kvText())!;
    const etag = JSON.parse(good).etag;
    for (const [method, path, token] of [
      ['GET', '/v1/sites/demo/config', null],
      ['OPTIONS', '/v1/sites/demo/outcomes', null],
      ['GET', '/v1/admin/sites/demo/versions', undefined],
      ['GET', '/v1/admin/sites/demo/results', undefined],
    ] as const) {
      await env.CONFIG_KV.put('published:demo', good.slice(0, good.length / 2));
      const answer = await call(method, path, { token });
      expect(answer.status, `${method} ${path}`).toBeLessThan(300);
      expect(JSON.parse((await kvText())!).etag, `${method} ${path} repaired KV`).toBe(etag);
    }
    await env.CONFIG_KV.put('published:demo', '{"etag": 1}');
    const config = await call('GET', '/v1/sites/demo/config', { token: null });
    expect(config.headers.get('etag')).toBe(etag);
  });

  it('without a body in D1 to rebuild from, reads answer 503 and publish and rollback repair it', async () => {
    await env.DB.exec("UPDATE publications SET body = NULL WHERE site = 'demo'");
    await env.CONFIG_KV.put('published:demo', '{"etag":"\\"abc');
    const read = await call('GET', '/v1/sites/demo/config', { token: null });
    expect(read.status).toBe(503);
    expect(errorOf(read)).toMatchObject({ code: 'unavailable', message: expect.stringContaining('publish or roll back to repair it') });
    const version = (await call('PUT', '/v1/admin/sites/demo/config', { body: demo() })).body.version;
    const published = await call('POST', '/v1/admin/sites/demo/publish', { body: { version } });
    expect(published.status).toBe(200);
    // Prices carried over from D1's publication rows, though KV was unreadable.
    expect(Object.keys(published.body.prices)).toHaveLength(demo().offers.length);
    expect((await call('GET', '/v1/sites/demo/config', { token: null })).body.version).toBe(version);
    await env.CONFIG_KV.put('published:demo', 'garbage');
    const rolled = await call('POST', '/v1/admin/sites/demo/rollback', { body: {} });
    expect(rolled.status).toBe(200);
    expect((await call('GET', '/v1/sites/demo/config', { token: null })).body.version).toBe(rolled.body.version);
  });

  it('a KV write lost after D1 committed (KV stale) is repaired by the cron', async () => {
    const stale = (await kvText())!;
    const version = (await call('PUT', '/v1/admin/sites/demo/config', { body: demo() })).body.version;
    const published = await call('POST', '/v1/admin/sites/demo/publish', { body: { version } });
    // What a failed KV put leaves behind: D1 has the publication, KV still the previous record.
    await env.CONFIG_KV.put('published:demo', stale);
    expect((await call('GET', '/v1/sites/demo/config', { token: null })).headers.get('etag')).not.toBe(published.body.etag);
    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController(), env as Env, ctx);
    await waitOnExecutionContext(ctx);
    // KV holds D1's newest publication again: the one published above, or the feedback run's republish after it.
    const newest = await env.DB.prepare("SELECT etag FROM publications WHERE site = 'demo' ORDER BY id DESC LIMIT 1").first<{ etag: string }>();
    const served = (await call('GET', '/v1/sites/demo/config', { token: null })).headers.get('etag');
    expect(served).toBe(newest!.etag);
    expect(served).not.toBe(JSON.parse(stale).etag);
  });
});

describe('model files belong to the sites that uploaded them (item 10)', () => {
  it('a site-scoped token uploads for its own sites only', async () => {
    await seedDemo();
    const acme = (await call('POST', '/v1/admin/tokens', { body: { label: 'acme', sites: ['acme'] } })).body.token;
    const bytes = tinyModel(9);
    const { sha256 } = (await call('PUT', '/v1/admin/models', { token: acme, raw: bytes })).body;
    const model = { id: 'm', kind: 'uplift', sha256, inputs: [{ kind: 'numeric', name: 'f', source: 'frequency' }], outputs: { uplift: 'uplift' } };
    const demoConfig = { ...demo(), models: [model] };
    const v = (await call('PUT', '/v1/admin/sites/demo/config', { body: demoConfig })).body.version;
    const refused = await call('POST', '/v1/admin/sites/demo/publish', { body: { version: v } });
    expect(refused.status).toBe(409);
    expect(errorOf(refused)).toMatchObject({ path: ['models', 0, 'sha256'], message: expect.stringContaining('uploaded for site "demo"') });
    const acmeConfig = { ...demoConfig, site: 'acme' };
    const va = (await call('PUT', '/v1/admin/sites/acme/config', { token: acme, body: acmeConfig })).body.version;
    expect((await call('POST', '/v1/admin/sites/acme/publish', { token: acme, body: { version: va } })).status).toBe(200);
    // The deployment admin's upload is usable by every site.
    await call('PUT', '/v1/admin/models', { raw: bytes });
    expect((await call('POST', '/v1/admin/sites/demo/publish', { body: { version: v } })).status).toBe(200);
  });
});
