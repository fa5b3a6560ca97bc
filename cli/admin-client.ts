// A small client for the edge's admin API, shared by the admin CLI commands and the marketer console: it only
// needs `fetch`, so it runs in Node 20 and in the browser alike (no node: imports here).
import type {
  AuditEntry, BooksDay, BooksEntry, CustomerValueAnswer, DeviceConfig, ErrorBody, ErrorIssue, Publication, PublishResult, ResultsAnswer, SiteConfig,
  SiteConfigInput, VersionSummary,
} from '../protocol/index.ts';

export type { Publication } from '../protocol/index.ts';

/** Where to send admin calls. */
export interface AdminTarget {
  /** Edge origin, e.g. "https://edge.example" (no trailing slash needed). */
  url: string;
  token: string;
  site: string;
}

/** A failed admin call: the API's `{error: {code, message, path}}`, or a network failure (status 0). */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path: (string | number)[] = [],
    /** Every problem the edge listed (a config with several mistakes), each with its path. */
    readonly issues: ErrorIssue[] = [],
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

/** The answer to a publish or rollback (protocol's PublishResult). */
export type PublishAnswer = PublishResult;

export interface FeedbackAnswer {
  site: string;
  cells: number;
  spentEstimate: number;
  published: PublishAnswer | null;
}

/** Loosely typed results answer: see worker/src/results/report.ts for every field. */
export type { ExperimentReport, ResultsAnswer } from '../protocol/index.ts';

type Fetch = typeof fetch;

/**
 * The admin API of one site. Every method resolves with the parsed answer or rejects with an AdminApiError
 * carrying the API's code, message and field path.
 * @example
 * const api = adminClient({ url: 'http://127.0.0.1:8787', token, site: 'demo' });
 * const { config, version } = await api.getConfig();
 */
export function adminClient(target: AdminTarget, fetchImpl: Fetch = (...args) => fetch(...args)) {
  const base = target.url.replace(/\/+$/, '');
  const sitePath = `/v1/admin/sites/${encodeURIComponent(target.site)}`;

  async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ body: T; headers: Headers }> {
    let response: Response;
    // Bytes (a model file) go as they are; anything else as JSON.
    const raw = body instanceof Uint8Array;
    try {
      response = await fetchImpl(base + path, {
        method,
        headers: {
          authorization: `Bearer ${target.token}`,
          ...(body !== undefined ? { 'content-type': raw ? 'application/octet-stream' : 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: raw ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body) } : {}),
        // The device config is cacheable for 60 s: a browser would show the version from before a publish.
        // (Only in browsers: some Node 20 releases reject any cache mode.)
        ...(typeof window !== 'undefined' ? { cache: 'no-store' as RequestCache } : {}),
      });
    } catch (error) {
      throw new AdminApiError(0, 'network', `cannot reach ${base}: ${(error as Error).message}`);
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // A proxy's HTML error page: report the status and the start of the text.
    }
    if (!response.ok) {
      const error = (parsed as Partial<ErrorBody> | null)?.error;
      throw new AdminApiError(
        response.status,
        error?.code ?? `http_${response.status}`,
        error?.message ?? `${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`,
        error?.path ?? [],
        Array.isArray(error?.issues) ? error.issues : [],
      );
    }
    if (parsed === null && text) throw new AdminApiError(response.status, 'invalid_answer', `${method} ${path}: expected JSON, received ${text.slice(0, 80)}`);
    return { body: parsed as T, headers: response.headers };
  }

  const versionOf = (etag: string | null) => Number((etag ?? '').replace(/^W\//, '').replace(/"/g, '')) || 0;

  return {
    target,
    /** Every site this token may manage, with its latest and published versions. */
    async sites(): Promise<{ site: string; latest: number; published: number | null }[]> {
      return (await call<{ sites: { site: string; latest: number; published: number | null }[] }>('GET', '/v1/admin/sites')).body.sites;
    },
    /** The latest source config and its version (from the ETag). */
    async getConfig(): Promise<{ config: SiteConfig; version: number }> {
      const { body, headers } = await call<SiteConfig>('GET', `${sitePath}/config`);
      return { config: body, version: versionOf(headers.get('etag')) };
    },
    /** Stores a new version; with `baseVersion`, a 409 when someone saved a newer one meanwhile. */
    async putConfig(config: SiteConfigInput | unknown, baseVersion?: number): Promise<{ version: number }> {
      const headers: Record<string, string> = baseVersion !== undefined ? { 'if-match': `"${baseVersion}"` } : {};
      return (await call<{ version: number }>('PUT', `${sitePath}/config`, config, headers)).body;
    },
    /** Uploads a model file (PUT /v1/admin/models); the edge answers with its sha256 and URL. */
    async uploadModel(bytes: Uint8Array): Promise<{ sha256: string; bytes: number; url: string }> {
      return (await call<{ sha256: string; bytes: number; url: string }>('PUT', '/v1/admin/models', bytes)).body;
    },
    async publish(version: number): Promise<PublishAnswer> {
      return (await call<PublishAnswer>('POST', `${sitePath}/publish`, { version })).body;
    },
    /** Republishes the previous published version, or `version` when given. */
    async rollback(version?: number): Promise<PublishAnswer> {
      return (await call<PublishAnswer>('POST', `${sitePath}/rollback`, version === undefined ? {} : { version })).body;
    },
    async versions(): Promise<{ site: string; published: number | null; versions: VersionSummary[] }> {
      return (await call<{ site: string; published: number | null; versions: VersionSummary[] }>('GET', `${sitePath}/versions`)).body;
    },
    async version(n: number): Promise<SiteConfig> {
      return (await call<SiteConfig>('GET', `${sitePath}/versions/${n}`)).body;
    },
    async audit(): Promise<AuditEntry[]> {
      return (await call<{ entries: AuditEntry[] }>('GET', `${sitePath}/audit`)).body.entries;
    },
    async publications(): Promise<Publication[]> {
      return (await call<{ publications: Publication[] }>('GET', `${sitePath}/publications`)).body.publications;
    },
    async results(): Promise<ResultsAnswer> {
      return (await call<ResultsAnswer>('GET', `${sitePath}/results`)).body;
    },
    /** What devices' customer-value reports say: the fit from them, tier shares, VAP segment sizes. */
    async customerValue(): Promise<CustomerValueAnswer> {
      return (await call<CustomerValueAnswer>('GET', `${sitePath}/customer-value`)).body;
    },
    /** Stores a new config version with the reports' fit (`params`) and/or the VAP segments' sizes (`sizes`). */
    async applyCustomerValue(what: { params?: boolean; sizes?: boolean }): Promise<{ version: number }> {
      return (await call<{ version: number }>('POST', `${sitePath}/customer-value/apply`, what)).body;
    },
    /** Records (or replaces: a corrected day wins) one day of the shop's books: the spend and redemptions per offer. */
    async putBooks(day: string, books: BooksDay): Promise<BooksEntry> {
      return (await call<BooksEntry>('PUT', `${sitePath}/books/${encodeURIComponent(day)}`, books)).body;
    },
    /** The site's books, oldest first, from `from` (YYYY-MM-DD, inclusive) when given. */
    async books(from?: string): Promise<{ site: string; days: BooksEntry[] }> {
      return (await call<{ site: string; days: BooksEntry[] }>('GET', `${sitePath}/books${from ? `?from=${encodeURIComponent(from)}` : ''}`)).body;
    },
    /** Runs the feedback loop now (flush counters, posteriors, spend estimate, re-price; publishes if autoPublish). */
    async feedback(): Promise<FeedbackAnswer> {
      return (await call<FeedbackAnswer>('POST', `${sitePath}/feedback`)).body;
    },
    /** The published device config (public route), or null when the site is not published. */
    async deviceConfig(): Promise<DeviceConfig | null> {
      try {
        return (await call<DeviceConfig>('GET', `/v1/sites/${encodeURIComponent(target.site)}/config`)).body;
      } catch (error) {
        if (error instanceof AdminApiError && error.status === 404) return null;
        throw error;
      }
    },
  };
}

export type AdminClient = ReturnType<typeof adminClient>;

/**
 * The target from `--url/--token/--site`, falling back to EDGEWISE_URL / EDGEWISE_TOKEN / EDGEWISE_SITE. Returns
 * the name of the first missing option instead of throwing, so the CLI can word the error.
 * @example resolveTarget({ site: 'demo' }, process.env)
 */
export function resolveTarget(
  values: { url?: string | undefined; token?: string | undefined; site?: string | undefined },
  env: Record<string, string | undefined>,
): AdminTarget | { missing: string } {
  const url = values.url || env.EDGEWISE_URL;
  const token = values.token || env.EDGEWISE_TOKEN;
  const site = values.site || env.EDGEWISE_SITE;
  if (!url) return { missing: '--url (or EDGEWISE_URL)' };
  if (!/^https?:\/\//.test(url)) return { missing: `--url: expected an http(s) URL such as https://edge.example, received "${url}"` };
  if (!token) return { missing: '--token (or EDGEWISE_TOKEN)' };
  if (!site) return { missing: '--site (or EDGEWISE_SITE)' };
  return { url, token, site };
}
