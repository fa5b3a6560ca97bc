// Validation gaps found by probing (issue 13, items 3, 9 and 10): each is a 4xx naming what is wrong, never a
// stored version, a silent alias or a 500.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_CONDITION_DEPTH } from '../../../protocol/condition.ts';
import { call, demo, errorOf, seedDemo } from '../../test/client.ts';

async function versionCount(): Promise<number> {
  return (await call('GET', '/v1/admin/sites/demo/versions')).body.versions.length;
}

/** PUTs a config; expects a 400 naming `path` and that nothing was stored. */
async function refused(config: unknown, path: (string | number)[], message: RegExp) {
  const before = await versionCount();
  const answer = await call('PUT', '/v1/admin/sites/demo/config', { raw: typeof config === 'string' ? config : JSON.stringify(config), headers: { 'content-type': 'application/json' } });
  expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(400);
  expect(errorOf(answer).path).toEqual(path);
  expect(errorOf(answer).message).toMatch(message);
  expect(await versionCount()).toBe(before);
}

describe('config validation', () => {
  beforeAll(async () => {
    await seedDemo();
  });

  it('refuses a segment $regex that can backtrack catastrophically, naming its path (item 3)', async () => {
    const config = demo();
    config.segments[1]!.condition = { topCategory: { $regex: '^(a+)+$' } };
    await refused(config, ['segments', 1, 'condition', 'topCategory', '$regex'], /regular expression refused: nested quantifier/);
  });

  it('refuses a condition nested 4,000 levels deep with a 400, not a 500 (item 9)', async () => {
    const config = demo();
    let condition: Record<string, unknown> = { frequency: 1 };
    for (let i = 0; i < 4000; i++) condition = { $and: [condition] };
    config.segments[0]!.condition = condition;
    const before = await versionCount();
    const answer = await call('PUT', '/v1/admin/sites/demo/config', { body: config });
    expect(answer.status).toBe(400);
    expect(errorOf(answer).code).toBe('invalid_config');
    expect(errorOf(answer).message).toMatch(/nested deeper than \d+ levels/);
    expect(errorOf(answer).path.slice(0, 4)).toEqual(['segments', 0, 'condition', '$and']);
    expect(await versionCount()).toBe(before);
  });

  it(`accepts a condition ${MAX_CONDITION_DEPTH / 2 - 1} $and levels deep`, async () => {
    const config = demo();
    let condition: Record<string, unknown> = { frequency: { $gte: 1 } };
    for (let i = 0; i < MAX_CONDITION_DEPTH / 2 - 1; i++) condition = { $and: [condition] };
    config.segments[0]!.condition = condition;
    expect((await call('PUT', '/v1/admin/sites/demo/config', { body: config })).status).toBe(201);
  });

  it('refuses impossible dates, a discount over 100 % and a negative margin (item 10)', async () => {
    for (const [change, path, message] of [
      [(c: any) => (c.offers[2].validFrom = '2026-13-45'), ['offers', 2, 'validFrom'], /Invalid input/],
      [(c: any) => (c.offers[2].validTo = '2026-02-30'), ['offers', 2, 'validTo'], /Invalid input/],
      [(c: any) => (c.constraints.periodStart = '2026-00-10'), ['constraints', 'periodStart'], /Invalid input/],
      [(c: any) => (c.offers[0].discount = { kind: 'percent', value: 120 }), ['offers', 0, 'discount', 'value'], /at most 100/],
      [(c: any) => (c.offers[1].margin = -5), ['offers', 1, 'margin'], /expected number to be >=0/],
    ] as const) {
      const config = demo();
      change(config);
      await refused(config, [...path], message);
    }
  });

  it('refuses ids that are names of Object.prototype (devices key objects by ids)', async () => {
    const config = demo();
    config.offers[4]!.id = 'constructor';
    await refused(config, ['offers', 4, 'id'], /not a name JavaScript objects already have/);
  });

  it('refuses "__proto__" keys instead of dropping them (a condition would silently match everyone)', async () => {
    const text = JSON.stringify(demo()).replace('"condition":{', '"condition":{"__proto__":{"frequency":{"$gte":100}},');
    expect(text).toContain('__proto__');
    await refused(text, ['segments', 0, 'condition', '__proto__'], /"__proto__" is not allowed as a key/);
  });

  // An If-Match header with no value at all never reaches the worker (workerd drops empty header fields); the
  // empty entity tag "" does, and must not pass for "no precondition".
  it('refuses an empty or malformed If-Match, and honours If-Match: *', async () => {
    for (const value of ['""', 'abc', '1e0', '"1', '-1', 'W/""']) {
      const answer = await call('PUT', '/v1/admin/sites/demo/config', { body: demo(), headers: { 'if-match': value } });
      expect(answer.status, `If-Match: ${value}`).toBe(400);
      expect(errorOf(answer).path).toEqual(['If-Match']);
    }
    expect((await call('PUT', '/v1/admin/sites/demo/config', { body: demo(), headers: { 'if-match': '*' } })).status).toBe(201);
    const fresh = { ...demo(), site: 'ifmatch-new' };
    const none = await call('PUT', '/v1/admin/sites/ifmatch-new/config', { body: fresh, headers: { 'if-match': '*' } });
    expect(none.status).toBe(409);
  });

  it('reads version numbers one way only: 1e0, 0x1, +1 and 01 are 400s', async () => {
    expect((await call('GET', '/v1/admin/sites/demo/versions/1')).status).toBe(200);
    for (const alias of ['1e0', '0x1', '+1', '01', '1.0', '%201']) {
      const answer = await call('GET', `/v1/admin/sites/demo/versions/${alias}`);
      expect(answer.status, alias).toBe(400);
      expect(errorOf(answer).path).toEqual(['version']);
    }
  });

  it('answers 405 with Allow for a known path and a wrong method', async () => {
    const cases: [string, string, string][] = [
      ['DELETE', '/v1/sites/demo/config', 'GET, HEAD, OPTIONS'],
      ['PUT', '/v1/sites/demo/outcomes', 'OPTIONS, POST'],
      ['GET', '/v1/admin/sites/demo/publish', 'POST'],
      ['POST', '/health', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of cases) {
      const answer = await call(method, path, { raw: method === 'GET' ? undefined : '{}' });
      expect(answer.status, `${method} ${path}`).toBe(405);
      expect(answer.headers.get('allow')).toBe(allow);
      expect(errorOf(answer).code).toBe('method_not_allowed');
    }
    expect((await call('GET', '/v1/nothing/here')).status).toBe(404);
  });

  it('re-checks a stored version at publish: one stored before a rule was tightened never reaches devices', async () => {
    const config = demo();
    config.segments[1]!.condition = { topCategory: { $regex: '^(a+)+$' } };
    const latest = (await call('GET', '/v1/admin/sites/demo/versions')).body.versions[0].version + 1;
    // Stored as an older edge would have stored it: straight into D1.
    await env.DB.prepare('INSERT INTO config_versions (site, version, body, created_at, created_by, summary) VALUES (?, ?, ?, ?, ?, ?)')
      .bind('demo', latest, JSON.stringify(config), new Date().toISOString(), 'admin', 'old')
      .run();
    const before = await call('GET', '/v1/sites/demo/config', { token: null });
    const answer = await call('POST', '/v1/admin/sites/demo/publish', { body: { version: latest } });
    expect(answer.status).toBe(409);
    expect(errorOf(answer)).toMatchObject({ code: 'invalid_config', path: ['segments', 1, 'condition', 'topCategory', '$regex'] });
    const after = await call('GET', '/v1/sites/demo/config', { token: null });
    expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
  });
});
