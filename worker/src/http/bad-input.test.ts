// Bad input never produces a 500: seeded random mutations of valid bodies, sent to every write route.
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 as rng } from '../../../stats/prng.ts';
import { call, demo, errorOf, seedDemo } from '../../test/client.ts';

const weird = [null, true, -1, 1e308, -0, '', 'x'.repeat(300), [], {}, { $where: 'x' }, [1, [2, [3]]], '2026-13-45', NaN];

/** Replaces, deletes or adds one value somewhere in a JSON tree. */
function mutate(value: unknown, random: () => number): unknown {
  const copy = structuredClone(value) as any;
  let node = copy;
  for (let depth = 0; depth < 6; depth++) {
    if (node === null || typeof node !== 'object') break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[Math.floor(random() * keys.length)]!;
    const child = node[key];
    if (child !== null && typeof child === 'object' && random() < 0.7) {
      node = child;
      continue;
    }
    const roll = random();
    if (roll < 0.4) node[key] = weird[Math.floor(random() * weird.length)];
    else if (roll < 0.7) delete node[key];
    else node[`extra${Math.floor(random() * 100)}`] = weird[Math.floor(random() * weird.length)];
    break;
  }
  return copy;
}

describe('no 500 on bad input', () => {
  beforeAll(async () => {
    await seedDemo();
  });

  it('PUT config: 120 mutated configs are accepted or rejected with a 4xx error shape', async () => {
    const random = rng(42);
    let rejected = 0;
    for (let i = 0; i < 120; i++) {
      const body = mutate(demo(), random);
      const answer = await call('PUT', '/v1/admin/sites/demo/config', { raw: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(500);
      if (answer.status !== 201) {
        rejected++;
        expect(answer.status).toBe(400);
        expect(errorOf(answer).message.length).toBeGreaterThan(5);
      }
    }
    expect(rejected).toBeGreaterThan(40);
  });

  it('POST outcomes: 120 mutated batches are accepted or rejected with a 4xx error shape', async () => {
    const random = rng(7);
    const valid = {
      schemaVersion: 2,
      batchId: 'abcdefghijklmnop',
      reports: [
        { kind: 'exposure', experiment: 'hero-personalisation', version: 1, arm: 'control' },
        { kind: 'outcome', experiment: 'hero-personalisation', version: 1, arm: 'personalised', segment: 'vip', exposed: new Date().toISOString().slice(0, 10), conversion: 1, revenue: 1 },
      ],
    };
    for (let i = 0; i < 120; i++) {
      const body = mutate({ ...valid, batchId: `fuzz-batch-${String(i).padStart(6, '0')}` }, random);
      const answer = await call('POST', '/v1/sites/demo/outcomes', { token: null, raw: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(500);
      if (answer.status !== 202) expect(errorOf(answer).code).toMatch(/^invalid_/);
    }
  });

  it('publish and rollback: wrong types and non-JSON are 400s', async () => {
    for (const raw of ['', 'null', '[]', '{"version":-1}', '{"version":1.5}', '{"version":"1"}', '{"version":1,"x":1}', 'garbage']) {
      for (const route of ['publish', 'rollback']) {
        const answer = await call('POST', `/v1/admin/sites/demo/${route}`, { raw, headers: { 'content-type': 'application/json' } });
        expect(answer.status, `${route} ${raw}`).toBeGreaterThanOrEqual(400);
        expect(answer.status, `${route} ${raw}`).toBeLessThan(500);
        errorOf(answer);
      }
    }
  });
});
