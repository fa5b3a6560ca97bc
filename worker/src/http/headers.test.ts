// The edge's own origin and its security headers (issue 13, item 11).
import { beforeAll, describe, expect, it } from 'vitest';
import { call, seedDemo } from '../../test/client.ts';
import { CONSOLE_CSP } from '../app.ts';

const batch = () => ({ schemaVersion: 2, batchId: `origin-${crypto.randomUUID().replace(/-/g, '')}`, reports: [{ kind: 'exposure', experiment: 'hero-personalisation', version: 1, arm: 'control' }] });

describe("the edge's own origin is never taken from the Host header", () => {
  beforeAll(async () => {
    await seedDemo();
  });

  it('a page on any host that reaches the edge under its own name is not the edge (DNS rebinding)', async () => {
    // The test edge answers at http://edge.test: a page there sends Origin: http://edge.test, Host: edge.test.
    const config = await call('GET', '/v1/sites/demo/config', { token: null, headers: { origin: 'http://edge.test' } });
    expect(config.status).toBe(200);
    expect(config.headers.get('access-control-allow-origin')).toBeNull();
    const outcomes = await call('POST', '/v1/sites/demo/outcomes', { token: null, body: batch(), headers: { origin: 'http://edge.test' } });
    expect(outcomes.status).toBe(403);
  });

  it('a loopback edge is its own origin (the local demo shop)', async () => {
    const { SELF } = await import('cloudflare:test');
    const response = await SELF.fetch('http://127.0.0.1:8787/v1/sites/demo/outcomes', {
      method: 'POST', headers: { origin: 'http://127.0.0.1:8787', 'content-type': 'application/json' }, body: JSON.stringify(batch()),
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8787');
  });
});

describe('security headers', () => {
  it('the console has a CSP, may not be framed, and sends no Referer', async () => {
    const answer = await call('GET', '/admin/', { token: null });
    expect(answer.status).toBe(200);
    expect(String(answer.body)).toContain('console.js');
    expect(answer.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("frame-ancestors 'none'");
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    const script = await call('GET', '/admin/console.js', { token: null });
    expect(script.status).toBe(200);
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('every API answer says nosniff, and admin answers are never cached', async () => {
    const device = await call('GET', '/v1/sites/demo/config', { token: null });
    expect(device.headers.get('x-content-type-options')).toBe('nosniff');
    const admin = await call('GET', '/v1/admin/sites/demo/config');
    expect(admin.headers.get('cache-control')).toBe('no-store');
    const refused = await call('GET', '/v1/admin/sites/demo/config', { token: null });
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });
});
