// The edge over real HTTP (wrangler dev, workerd): what only a socket shows, beyond the in-process worker tests.
import http from 'node:http';
import { describe, expect, inject, it } from 'vitest';

/** One raw request; resolves to the status and body, or to 'timeout' after `ms`. */
function request(url: string, options: http.RequestOptions, body?: Buffer, ms = 5000): Promise<{ status: number; body: string } | 'timeout'> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { ...options, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.setTimeout(ms, () => {
      req.destroy();
      resolve('timeout');
    });
    req.on('error', (error) => (error.message.includes('socket hang up') ? resolve('timeout') : reject(error)));
    if (body) {
      // Written in pieces without a Content-Length: Transfer-Encoding: chunked, as curl -H 'Transfer-Encoding: chunked'.
      for (let i = 0; i < body.length; i += 8192) req.write(body.subarray(i, i + 8192));
    }
    req.end();
  });
}

describe('the edge over HTTP', () => {
  const edgeUrl = inject('edgeUrl');

  it('answers 413 to an oversized chunked body, and the next requests are answered (item 2)', async () => {
    for (const size of [70 * 1024, 700 * 1024]) {
      const tooBig = await request(`${edgeUrl}/v1/sites/demo/outcomes`, { method: 'POST', headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' } }, Buffer.alloc(size, 'x'));
      expect(tooBig).not.toBe('timeout');
      expect(tooBig).toMatchObject({ status: 413 });
      expect(JSON.parse((tooBig as { body: string }).body).error.code).toBe('payload_too_large');
      for (const path of ['/v1/sites/demo/config', '/health']) {
        const next = await request(`${edgeUrl}${path}`, { method: 'GET' });
        expect(next, `${path} after a ${size}-byte 413`).not.toBe('timeout');
        expect(next).toMatchObject({ status: 200 });
      }
    }
  });
});

describe('the SDK\'s delivery against the real edge (item 6)', () => {
  const edgeUrl = inject('edgeUrl');

  it('keeps the good reports of a batch, sends again only what the edge may place later, and drops the rest', async () => {
    const { Outbox, addReports } = await import('../../client-sdk/src/sync/outbox.ts');
    const { deliverDue } = await import('../../client-sdk/src/sync/deliver.ts');
    const report = (changes: Record<string, unknown>) => ({ kind: 'exposure' as const, experiment: 'hero-personalisation', version: 1, arm: 'control', ...changes });
    const outbox = new Outbox();
    const day = new Date().toISOString().slice(0, 10);
    addReports(outbox, [report({}), report({ segment: 'not-yet-published' }), report({ version: 0 }), report({ segment: 'vip' })] as never, day, Date.now());
    const logs: string[] = [];
    const [sent] = await deliverDue(outbox, { api: edgeUrl, site: 'demo', now: Date.now, random: () => 0.5, log: (m) => logs.push(m) });
    expect(sent).toBe(1);
    // The unknown segment may be a config still on its way: it waits in a batch of its own; version 0 never fits.
    expect(outbox.batches.map((b) => b.reports)).toEqual([[report({ segment: 'not-yet-published' })]]);
    const unknownSite = new Outbox();
    addReports(unknownSite, [report({})] as never, day, Date.now());
    await deliverDue(unknownSite, { api: edgeUrl, site: 'not-published-yet', now: Date.now, random: () => 0.5, log: () => {} });
    expect(unknownSite.batches).toHaveLength(1);
  });
});
