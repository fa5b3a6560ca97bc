// The local edge as a browser sees it: the demo shop and sdk.js load, the device config is readable
// same-origin, and nothing sets a cookie.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useChromium } from './chromium.ts';

describe('local edge in Chromium', () => {
  const browser = useChromium();
  const edgeUrl = inject('edgeUrl');

  it('serves the demo shop and sdk.js, and the page can read its config', async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const response = await page.goto(`${edgeUrl}/demo/`);
    expect(response?.status()).toBe(200);
    const sdk = await page.evaluate(async () => {
      const r = await fetch('/sdk.js');
      return { status: r.status, type: r.headers.get('content-type') };
    });
    expect(sdk.status).toBe(200);
    expect(sdk.type).toContain('javascript');
    const config = await page.evaluate(async () => {
      const r = await fetch('/v1/sites/demo/config');
      return { status: r.status, etag: r.headers.get('etag'), body: await r.json() };
    });
    expect(config.status).toBe(200);
    expect(config.etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(config.body.site).toBe('demo');
    expect(await context.cookies()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
