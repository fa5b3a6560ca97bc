// Helpers for the outcome-reporting browser tests: a context-wide network log, the demo shop served for another
// site id, the device key read straight from IndexedDB, and the edge's results read through the admin API.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page, Request } from 'playwright-core';
import type { Completeness } from '../../stats/completeness.ts';

/** One request the browser made, with what the tests check about it. */
export interface LoggedRequest {
  method: string;
  url: string;
  resourceType: string;
  body: string | null;
  /** Request headers as sent on the wire (cookie included, if any). */
  headers: Record<string, string>;
  /** Response headers (set-cookie included, if any); null while pending or when the request failed. */
  responseHeaders: Record<string, string> | null;
  failed: string | null;
}

/**
 * Logs every request of every page of `context` (fetch with keepalive and sendBeacon included) with the headers
 * sent and received. Call `settled()` before asserting, so that header look-ups have finished.
 * @example const log = logRequests(context); ...; const requests = await log.settled();
 */
export function logRequests(context: BrowserContext): { requests: LoggedRequest[]; settled: () => Promise<LoggedRequest[]> } {
  const requests: LoggedRequest[] = [];
  const pending: Promise<unknown>[] = [];
  const byRequest = new Map<Request, LoggedRequest>();
  context.on('request', (request) => {
    const entry: LoggedRequest = {
      method: request.method(), url: request.url(), resourceType: request.resourceType(), body: request.postData(),
      headers: {}, responseHeaders: null, failed: null,
    };
    requests.push(entry);
    byRequest.set(request, entry);
    pending.push(request.allHeaders().then((h) => { entry.headers = h; }, () => { entry.headers = request.headers(); }));
  });
  context.on('response', (response) => {
    const entry = byRequest.get(response.request());
    if (entry) pending.push(response.allHeaders().then((h) => { entry.responseHeaders = h; }, () => { entry.responseHeaders = response.headers(); }));
  });
  context.on('requestfailed', (request) => {
    const entry = byRequest.get(request);
    if (entry) entry.failed = request.failure()?.errorText ?? 'failed';
  });
  return {
    requests,
    settled: async () => {
      while (pending.length) await Promise.all(pending.splice(0));
      return requests;
    },
  };
}

/** One request as it reached the wire, seen by the recording proxy. */
export interface WireRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number | null;
  responseHeaders: http.IncomingHttpHeaders | null;
}

/**
 * A forward HTTP proxy on 127.0.0.1 that records every request a browser context sends through it, body and
 * headers included, and forwards it. Unlike Playwright's request events it also sees what a page sends while it
 * unloads (keepalive fetches, beacons). It forwards to loopback only: anything else is recorded and refused.
 * Use with `browser.newContext({ proxy: { server: proxy.server, bypass: '<-loopback>' } })`.
 */
export async function recordingProxy(): Promise<{ server: string; requests: WireRequest[]; close: () => Promise<void> }> {
  const requests: WireRequest[] = [];
  const proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry: WireRequest = {
        method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'),
        status: null, responseHeaders: null,
      };
      requests.push(entry);
      let target: URL;
      try {
        target = new URL(entry.url);
      } catch {
        res.writeHead(400).end();
        return;
      }
      if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') {
        res.writeHead(502).end();
        return;
      }
      const headers = { ...req.headers };
      delete headers['proxy-connection'];
      const upstream = http.request(
        { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers },
        (answer) => {
          entry.status = answer.statusCode ?? null;
          entry.responseHeaders = answer.headers;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    server: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      proxy.closeAllConnections();
      proxy.close(() => resolve());
    }),
  };
}

/**
 * The real demo shop's page, loading the SDK for `site` instead of `demo`: served at `${edgeUrl}/demo/` (with
 * `context.route`), it lets a test use a site seeded with its own privacy settings, apart from the demo's counters.
 */
export async function demoShopHtml(edgeUrl: string, site: string): Promise<string> {
  const response = await fetch(`${edgeUrl}/demo/`);
  const html = await response.text();
  if (!response.ok || !html.includes('data-site="demo"'))
    throw new Error(`GET /demo/: expected the shop page loading /sdk.js with data-site="demo", received ${response.status}`);
  return html.replace('data-site="demo"', `data-site="${site}"`);
}

/** The device key as stored in IndexedDB (`edgewise-{site}`, store `profile`, key `device`), read without the SDK. */
export async function storedDeviceKey(page: Page, site: string): Promise<string | null> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      if (!db.objectStoreNames.contains('profile')) return null;
      const value = await new Promise<unknown>((resolve, reject) => {
        const get = db.transaction('profile').objectStore('profile').get('device');
        get.onsuccess = () => resolve(get.result);
        get.onerror = () => reject(get.error);
      });
      return typeof value === 'string' ? value : null;
    } finally {
      db.close();
    }
  }, `edgewise-${site}`);
}

/** One arm of GET /v1/admin/sites/{site}/results (the fields these tests read). */
export interface ArmResult {
  id: string;
  hidden: boolean;
  /** Units with a report set (complete observations). */
  exposures: number | null;
  conversionReports: number | null;
  rate: number | null;
  rateUnbiased: number | null;
  rateCi: [number, number] | null;
  revenue: number[] | null;
  revenuePerExposure: number | null;
  revenuePerExposureCi: [number, number] | null;
}

export interface ExperimentResult {
  id: string;
  version: number;
  k: number;
  arms: ArmResult[];
  reporting: Completeness;
  srm: { chi2: number; df: number; pValue: number; expected: Record<string, number> } | null;
}

/** GET /v1/admin/sites/{site}/results; throws with the answer when it is not a 200. */
export async function readResults(edgeUrl: string, token: string, site: string): Promise<ExperimentResult[]> {
  const response = await fetch(`${edgeUrl}/v1/admin/sites/${site}/results`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET /v1/admin/sites/${site}/results answered ${response.status}: ${text}`);
  return (JSON.parse(text) as { experiments: ExperimentResult[] }).experiments;
}

/** The experiment `id` of a results answer; throws naming the ids present when it is missing. */
export function experimentOf(results: ExperimentResult[], id: string): ExperimentResult {
  const found = results.find((e) => e.id === id);
  if (!found) throw new Error(`results: expected experiment "${id}", received ${results.map((e) => e.id).join(', ') || 'none'}`);
  return found;
}

/** Units opened per arm (exposure reports the edge counted); throws when k hides one (use k = 1). */
export function openedByArm(experiment: ExperimentResult): Record<string, number> {
  return Object.fromEntries(experiment.reporting.arms.map((a) => {
    if (a.opened === null && a.pending !== null) throw new Error(`results: arm "${a.id}" is hidden under k = ${experiment.k}`);
    return [a.id, a.opened ?? 0];
  }));
}

/** Every unit the edge counted as opened for an experiment. */
export function totalExposures(experiment: ExperimentResult): number {
  return Object.values(openedByArm(experiment)).reduce((sum, n) => sum + n, 0);
}

/** Polls `check` every 100 ms until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
