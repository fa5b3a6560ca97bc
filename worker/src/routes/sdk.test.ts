// /sdk.js comes from the built assets (npm test builds before the worker tests run).
import { describe, expect, it } from 'vitest';
import { call } from '../../test/client.ts';

describe('GET /sdk.js', () => {
  it('serves the script-tag bundle with caching and an open CORS origin', async () => {
    const answer = await call('GET', '/sdk.js', { token: null });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('javascript');
    expect(answer.headers.get('cache-control')).toBe('public, max-age=300, stale-while-revalidate=86400');
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(String(answer.body)).toContain('edgewise');
  });
});

describe('lazy SDK chunks and ORT files', () => {
  it('are served with an open CORS origin for shops on other origins', async () => {
    for (const path of ['/sdk-models.js', '/ort/ort-wasm-simd-threaded.wasm']) {
      const answer = await call('GET', path, { token: null, headers: { origin: 'https://shop.example' } });
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get('access-control-allow-origin'), path).toBe('*');
    }
    const missing = await call('GET', '/sdk-nothing.js', { token: null });
    expect(missing.status).toBe(404);
  });
});
