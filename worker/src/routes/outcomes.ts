// POST /v1/sites/{site}/outcomes: anonymised outcome batches from devices, counted once per batch id. Reports
// are checked one by one: the good ones of a batch are counted, the others are answered with why and whether a
// later retry can succeed; only reports naming units the site has published can create a counter cell.
import { Hono } from 'hono';
import { z } from 'zod';
import {
  MAX_OUTCOME_BATCH_BYTES,
  MAX_REPORTS_PER_BATCH,
  outcomeBatchSchema,
  outcomeReportSchema,
  zodErrorBody,
  type DeviceConfig,
  type OutcomeReport,
} from '../../../protocol/index.ts';
import type { DroppedReport, OutcomeAnswer } from '../../../protocol/outcome-answer.ts';
import type { AppEnv } from '../env.ts';
import { ApiError, applyCors, originAllowed, preflight, readJson, selfOrigin, siteParam } from '../http/index.ts';
import { MAX_DAYS_BACK, acceptsOf, counterFor, rejectReport, utcDay, type Accepts } from '../outcomes/index.ts';
import { valueReportProblem } from '../customer-value/reports.ts';
import { readPublishedOrRepair } from '../storage/index.ts';

/** Batches one site may send per minute before answers turn to 429 (per Durable Object, so per site). */
const DEFAULT_BATCHES_PER_MINUTE = 60_000;
/** New counter cells one site may create per UTC day (OUTCOME_CELLS_PER_DAY); reports past it are dropped. */
const DEFAULT_CELLS_PER_DAY = 20_000;
/** A unit's window closes at most this many days after it opened (attribution or holdback windows). */
const MAX_WINDOW_DAYS = 90;

/** The batch envelope strictly, its reports one by one (a bad report is dropped, not the batch). */
const envelopeSchema = outcomeBatchSchema.extend({ reports: z.array(z.unknown()).min(1).max(MAX_REPORTS_PER_BATCH) });

/** What a report set says that the config bounds: its revenue level index, and the day its unit opened. */
function contentProblem(report: OutcomeReport, index: number, config: DeviceConfig): DroppedReport | null {
  if (report.kind === 'value' || report.kind === 'value-outcome') return valueReportProblem(report, index, config);
  if (report.kind !== 'outcome' && report.kind !== 'holdback-outcome') return null;
  const levels = config.privacy.revenueLevels.length;
  const bad = (field: string, message: string): DroppedReport => ({
    index, code: 'invalid_report', message: `reports[${index}].${field}: ${message}`, path: ['reports', index, field], retry: false,
  });
  if (report.revenue >= levels) return bad('revenue', `expected a revenue level index below ${levels} (privacy.revenueLevels), received ${report.revenue}`);
  if (report.exposed < utcDay(-MAX_DAYS_BACK - MAX_WINDOW_DAYS) || report.exposed > utcDay(1)) return bad('exposed', `expected a recent day, received ${report.exposed}`);
  return null;
}

/**
 * Splits a batch's reports into the ones to count and the ones dropped, with reasons: the report's own shape,
 * what it names against what the site accepts (admissible.ts), and what the config bounds.
 * @example const { valid, dropped } = sortReports(batch.reports, accepts, config, new Date())
 */
export function sortReports(reports: readonly unknown[], accepts: Accepts, config: DeviceConfig, now: Date): { valid: OutcomeReport[]; dropped: DroppedReport[] } {
  const valid: OutcomeReport[] = [];
  const dropped: DroppedReport[] = [];
  reports.forEach((raw, index) => {
    const parsed = outcomeReportSchema.safeParse(raw);
    if (!parsed.success) {
      const { error } = zodErrorBody('invalid_outcomes', parsed.error);
      dropped.push({ index, code: 'invalid_report', message: `reports[${index}]${error.path.length ? '.' : ': '}${error.message}`, path: ['reports', index, ...error.path], retry: false });
      return;
    }
    const problem = rejectReport(parsed.data, index, accepts, now) ?? contentProblem(parsed.data, index, config);
    if (problem) dropped.push(problem);
    else valid.push(parsed.data);
  });
  return { valid, dropped };
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
    if (!originAllowed(origin, record.allowedOrigins, selfOrigin(c)))
      throw new ApiError(403, 'forbidden', `origin ${origin} is not in the allowed origins of site "${site}"`);
    // Any content type is read as JSON: sendBeacon and no-preflight fetches send text/plain.
    const batch = await readJson(c, envelopeSchema, MAX_OUTCOME_BATCH_BYTES, 'invalid_outcomes');
    if (batch.day !== undefined && (batch.day < utcDay(-MAX_DAYS_BACK) || batch.day > utcDay(1)))
      throw new ApiError(400, 'invalid_outcomes', `day: expected a day within the last ${MAX_DAYS_BACK} days, received ${batch.day}`, ['day']);
    const { accepts, config } = acceptsOf(record);
    const { valid, dropped } = sortReports(batch.reports, accepts, config, new Date());
    // Nothing to count and nothing worth sending again: the batch itself is wrong, as before partial acceptance.
    if (valid.length === 0 && !dropped.some((d) => d.retry)) throw new ApiError(400, 'invalid_outcomes', dropped[0]!.message, dropped[0]!.path);
    const limit = Number(c.env.OUTCOME_BATCHES_PER_MINUTE ?? DEFAULT_BATCHES_PER_MINUTE);
    const cellsPerDay = Number(c.env.OUTCOME_CELLS_PER_DAY ?? DEFAULT_CELLS_PER_DAY);
    const result = valid.length
      ? await counterFor(c.env, site).ingest(batch.batchId, batch.day ?? utcDay(0), valid, limit, cellsPerDay)
      : { status: 'accepted' as const, reports: 0, capped: [] };
    if (result.status === 'rate_limited')
      throw new ApiError(429, 'rate_limited', `too many outcome batches for site "${site}"; retry in ${result.retryAfter} s`, [], { 'Retry-After': String(result.retryAfter) });
    // Capped indices are positions in `valid`; the answer names positions in the batch.
    const droppedIndex = new Set(dropped.map((d) => d.index));
    const validIndex = batch.reports.map((_, i) => i).filter((i) => !droppedIndex.has(i));
    for (const position of result.capped) {
      const index = validIndex[position]!;
      dropped.push({ index, code: 'cell_limit', message: `reports[${index}]: site "${site}" reached its ${cellsPerDay} new result cells for today`, path: ['reports', index], retry: true });
    }
    const answer: OutcomeAnswer = { accepted: result.reports, duplicate: result.status === 'duplicate', dropped: dropped.sort((a, b) => a.index - b.index) };
    return c.json(answer, 202);
  });
