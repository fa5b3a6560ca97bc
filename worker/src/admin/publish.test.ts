import { describe, expect, it } from 'vitest';
import { call, demo, errorOf } from '../../test/client.ts';

async function put(config = demo()): Promise<number> {
  const answer = await call('PUT', `/v1/admin/sites/${config.site}/config`, { body: config });
  expect(answer.status).toBe(201);
  return answer.body.version;
}

async function deviceConfig() {
  const answer = await call('GET', '/v1/sites/demo/config', { token: null });
  return answer;
}

describe('publish, rollback, versions and audit', () => {
  it('publishes, rolls back and reports versions and audit', async () => {
    const v1 = await put();
    expect((await deviceConfig()).status).toBe(404);
    const published = await call('POST', '/v1/admin/sites/demo/publish', { body: { version: v1 } });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ version: 1, pricing: { status: 'optimal', fresh: true } });
    expect(Object.keys(published.body.prices)).toHaveLength(demo().offers.length);
    // The demo budget binds: λ > 0 prices every offer that costs something, p_o = λ·c_o + ν_o.
    const offers = demo().offers;
    const costly = offers.find((o) => o.id === 'women-15')!;
    const free = offers.find((o) => o.id === 'new-arrivals')!;
    expect(published.body.prices[costly.id]).toBeGreaterThan(0);
    expect(published.body.prices[free.id]).toBe(0);
    const pricing = (await call('GET', '/v1/admin/sites/demo/publications')).body.publications[0];
    expect(pricing.prices).toEqual(published.body.prices);
    expect(pricing.pricing).toMatchObject({ status: 'optimal', fresh: true, budget: 3000, remainingShare: 1, spent: 0 });
    expect(pricing.pricing.budgetDual).toBeGreaterThan(0);

    const edited = demo();
    edited.offers[0]!.content.title = 'Twenty percent off womenswear';
    const v2 = await put(edited);
    // A PUT never publishes.
    expect((await deviceConfig()).body.offers[0].content.title).toBe('15% off womenswear');
    await call('POST', '/v1/admin/sites/demo/publish', { body: { version: v2 } });
    const afterPublish = await deviceConfig();
    expect(afterPublish.body.version).toBe(2);
    expect(afterPublish.body.offers[0].content.title).toBe('Twenty percent off womenswear');

    const rolled = await call('POST', '/v1/admin/sites/demo/rollback', { body: {} });
    expect(rolled.status).toBe(200);
    expect(rolled.body.version).toBe(1);
    const afterRollback = await deviceConfig();
    expect(afterRollback.body.offers[0].content.title).toBe('15% off womenswear');
    expect(afterRollback.headers.get('etag')).not.toBe(afterPublish.headers.get('etag'));

    const explicit = await call('POST', '/v1/admin/sites/demo/rollback', { body: { version: 2 } });
    expect(explicit.body.version).toBe(2);

    const versions = await call('GET', '/v1/admin/sites/demo/versions');
    expect(versions.body.published).toBe(2);
    expect(versions.body.versions.map((v: any) => [v.version, v.published])).toEqual([[2, true], [1, false]]);
    expect(versions.body.versions[0].summary).toBe('offers ~women-15');

    const one = await call('GET', '/v1/admin/sites/demo/versions/1');
    expect(one.body.offers[0].content.title).toBe('15% off womenswear');

    const audit = await call('GET', '/v1/admin/sites/demo/audit');
    expect(audit.body.entries.map((e: any) => e.action)).toEqual(['rollback', 'rollback', 'publish', 'config.put', 'publish', 'config.put']);
    expect(audit.body.entries[0]).toMatchObject({ actor: 'admin', version: 2 });
    expect(audit.body.entries.at(-1).summary).toMatch(/^created: 9 segments, 12 offers/);

    const publications = await call('GET', '/v1/admin/sites/demo/publications');
    expect(publications.body.publications).toHaveLength(4);
  });

  it('rejects bad publish and rollback requests without touching the published config', async () => {
    const before = await deviceConfig();
    const missing = await call('POST', '/v1/admin/sites/demo/publish', { body: { version: 99 } });
    expect(missing.status).toBe(404);
    expect(errorOf(missing).path).toEqual(['version']);
    const wrongType = await call('POST', '/v1/admin/sites/demo/publish', { body: { version: 'latest' } });
    expect(wrongType.status).toBe(400);
    expect(errorOf(wrongType).message).toBe('version: Invalid input: expected number, received string');
    const noModel = demo();
    noModel.models = [{ id: 'm', kind: 'uplift', sha256: 'a'.repeat(64), inputs: [{ kind: 'numeric', name: 'f', source: 'frequency' }], outputs: { uplift: 'uplift' } }];
    const v = await put(noModel);
    const publish = await call('POST', '/v1/admin/sites/demo/publish', { body: { version: v } });
    expect(publish.status).toBe(409);
    expect(errorOf(publish).path).toEqual(['models', 0, 'sha256']);
    const after = await deviceConfig();
    expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
  });

  it('has nothing to roll back to on a site published once', async () => {
    const config = { ...demo(), site: 'once' };
    const v = await put(config);
    await call('POST', '/v1/admin/sites/once/publish', { body: { version: v } });
    const answer = await call('POST', '/v1/admin/sites/once/rollback', { body: {} });
    expect(answer.status).toBe(409);
    const never = await call('POST', '/v1/admin/sites/never/rollback', { body: {} });
    expect(never.status).toBe(404);
  });
});
