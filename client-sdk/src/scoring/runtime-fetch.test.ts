// A model file is fetched like every request the SDK makes: no cookie, and not the page's URL as Referer.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeviceModel } from '../../../protocol/device-config.ts';
import { clearModels, loadModel } from './runtime.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  clearModels();
});

describe('model fetch', () => {
  it('omits credentials and the Referer', async () => {
    const calls: [string, RequestInit | undefined][] = [];
    vi.stubGlobal('fetch', async (url: URL | string, init?: RequestInit) => {
      calls.push([String(url), init]);
      return new Response('missing', { status: 404 });
    });
    const model = { id: 'm', sha256: 'a'.repeat(64), url: `/v1/models/${'a'.repeat(64)}` } as DeviceModel;
    await expect(loadModel(model, { baseUrl: 'https://edge.test' })).rejects.toThrow(/answered 404/);
    expect(calls).toEqual([[`https://edge.test/v1/models/${'a'.repeat(64)}`, { credentials: 'omit', referrerPolicy: 'no-referrer' }]]);
  });
});
