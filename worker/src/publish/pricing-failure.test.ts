// A solve that fails must never reach devices: the previous prices stay, the rest of the config is published, and
// the failure is logged and audited. A tableau bound far below the demo's LP makes the solve fail for real.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { call, demo, seedDemo } from '../../test/client.ts';
import { publishVersion } from './publish.ts';

describe('a failed LP solve', () => {
  beforeAll(async () => {
    await seedDemo();
  });

  it('keeps the previous prices, publishes the rest, and audits the failure', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const before = (await call('GET', '/v1/sites/demo/config', { token: null })).body;
    const edited = demo();
    edited.offers[0]!.content.title = 'New title';
    const put = await call('PUT', '/v1/admin/sites/demo/config', { body: edited });
    const cramped = { ...(env as Env), LP_MAX_TABLEAU_CELLS: '10' } as unknown as Env;
    const published = await publishVersion(cramped, 'demo', put.body.version, { actor: 'test', reason: 'publish' });
    expect(published.pricing).toEqual({ status: 'failed-certificate', fresh: false });
    expect(published.prices).toEqual(before.prices);
    const after = (await call('GET', '/v1/sites/demo/config', { token: null })).body;
    expect(after.offers[0].content.title).toBe('New title');
    expect(after.prices).toEqual(before.prices);
    const audit = (await call('GET', '/v1/admin/sites/demo/audit')).body.entries.map((e: any) => e.action);
    expect(audit.slice(0, 2)).toEqual(['publish', 'pricing.failed']);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('pricing failed for site demo version 2: failed-certificate'));
    warn.mockRestore();
  });
});
