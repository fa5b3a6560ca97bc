// POST /v1/sites/{site}/outcomes: anonymised outcome batches from devices, counted once per batch id.
import { Hono } from 'hono';
import {
  HOLDOUT_ARM,
  MAX_OUTCOME_BATCH_BYTES,
  outcomeBatchSchema,
  type DeviceConfig,
  type OutcomeBatch,
} from '../../../protocol/index.ts';
import type { AppEnv } from '../env.ts';
import { ApiError, applyCors, originAllowed, preflight, readJson, siteParam } from '../http/index.ts';
import { counterFor } from '../outcomes/index.ts';
import { readPublishedOrRepair, type PublishedRecord } from '../storage/index.ts';

/** Batches one site may send per minute before answers turn to 429 (per Durable Object, so per site). */
const DEFAULT_BATCHES_PER_MINUTE = 60_000;
/** Reports may be dated this many days back (devices that were offline) and one day ahead (time zones). */
const MAX_DAYS_BACK = 60;

// Parsing the published config for every batch would dominate ingestion cost; it only changes with its ETag.
let parsedCache: { etag: string; config: DeviceConfig } | null = null;
function parsedConfig(record: PublishedRecord): DeviceConfig {
  if (parsedCache?.etag !== record.etag) parsedCache = { etag: record.etag, config: JSON.parse(record.body) as DeviceConfig };
  return parsedCache.config;
}

function utcDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Reports must name what the site has: experiments, arms and segments; holdback offers of the published config;
 * revenue level indices within privacy.revenueLevels. Anything else is a 400 naming the report.
 */
export function checkAgainstConfig(batch: OutcomeBatch, config: DeviceConfig): void {
  const arms = new Map(config.experiments.map((e) => [e.id, new Set([...e.arms.map((a) => a.id), HOLDOUT_ARM])]));
  const segments = new Set(config.segments.map((s) => s.id));
  const offers = new Set(config.offers.map((o) => o.id));
  const levels = config.privacy.revenueLevels.length;
  const oldest = utcDay(-MAX_DAYS_BACK - 90);
  const bad = (i: number, field: string, message: string): never => {
    throw new ApiError(400, 'invalid_outcomes', `reports[${i}].${field}: ${message}`, ['reports', i, field]);
  };
  batch.reports.forEach((report, i) => {
    if (report.kind === 'exposure' || report.kind === 'outcome') {
      const known = arms.get(report.experiment);
      if (!known) bad(i, 'experiment', `unknown experiment "${report.experiment}"`);
      if (!known!.has(report.arm)) bad(i, 'arm', `experiment "${report.experiment}" has no arm "${report.arm}"`);
      if (report.segment !== undefined && !segments.has(report.segment)) bad(i, 'segment', `unknown segment "${report.segment}"`);
    } else if (!offers.has(report.offer)) bad(i, 'offer', `unknown offer "${report.offer}"`);
    if (report.kind === 'outcome' || report.kind === 'holdback-outcome') {
      if (report.revenue >= levels) bad(i, 'revenue', `expected a revenue level index below ${levels} (privacy.revenueLevels), received ${report.revenue}`);
      if (report.exposed < oldest || report.exposed > utcDay(1)) bad(i, 'exposed', `expected a recent day, received ${report.exposed}`);
    }
  });
  if (batch.day !== undefined && (batch.day < utcDay(-MAX_DAYS_BACK) || batch.day > utcDay(1)))
    throw new ApiError(400, 'invalid_outcomes', `day: expected a day within the last ${MAX_DAYS_BACK} days, received ${batch.day}`, ['day']);
}

export const outcomeRoutes = new Hono<AppEnv>()
  .options('/v1/sites/:site/outcomes', async (c) => {
    const record = await readPublishedOrRepair(c.env, siteParam(c));
    return preflight(c, record?.allowedOrigins ?? []);
  })
  .post('/v1/sites/:site/outcomes', async (c) => {
    const site = siteParam(c);
    const record = await readPublishedOrRepair(c.env, site);
    if (!record) throw new ApiError(404, 'not_found', `site "${site}" has no published config`, ['site']);
    applyCors(c, record.allowedOrigins);
    const origin = c.req.header('origin');
    if (!originAllowed(origin, record.allowedOrigins, new URL(c.req.url).origin))
      throw new ApiError(403, 'forbidden', `origin ${origin} is not in the allowed origins of site "${site}"`);
    // Any content type is read as JSON: sendBeacon and no-preflight fetches send text/plain.
    const batch = await readJson(c, outcomeBatchSchema, MAX_OUTCOME_BATCH_BYTES, 'invalid_outcomes');
    checkAgainstConfig(batch, parsedConfig(record));
    const limit = Number(c.env.OUTCOME_BATCHES_PER_MINUTE ?? DEFAULT_BATCHES_PER_MINUTE);
    const result = await counterFor(c.env, site).ingest(batch.batchId, batch.day ?? utcDay(0), batch.reports, limit);
    if (result.status === 'rate_limited')
      throw new ApiError(429, 'rate_limited', `too many outcome batches for site "${site}"; retry in ${result.retryAfter} s`, [], { 'Retry-After': String(result.retryAfter) });
    return c.json({ accepted: result.reports, duplicate: result.status === 'duplicate' }, 202);
  });
