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
