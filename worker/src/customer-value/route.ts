// The customer-value view of the admin API: what devices' randomised histogram reports say (the BG/NBD fit from
// them, each tier's share, the VAP segments' shares), and applying it to the config as a new version.
import { Hono } from 'hono';
import { z } from 'zod';
import { conditionPaths } from '../../../client-sdk/src/decide/explain.ts';
import { evaluateCondition } from '../../../client-sdk/src/conditions/index.ts';
import { analyseReports, type ReportAnalysis } from '../../../customer-value/reports.ts';
import { cellCount } from '../../../customer-value/histogram.ts';
import { PROFILE_ATTRIBUTES, type CustomerValueAnswer, type DeviceConfig, type SiteConfig, type ValueSegment } from '../../../protocol/index.ts';
import { authorisedSite, requireToken } from '../auth/index.ts';
import type { AppEnv } from '../env.ts';
import { ApiError, readJson } from '../http/index.ts';
import { counterFor } from '../outcomes/index.ts';
import { summariseChange } from '../publish/index.ts';
import { insertVersion, latestVersion, readPublishedOrRepair } from '../storage/index.ts';
import { valuePeriods, type PeriodCounts } from './reports.ts';

const VALUE_ATTRIBUTES = new Set(PROFILE_ATTRIBUTES.filter((a) => a.customerValue).map((a) => a.path));

/** The segments whose conditions read customer-value attributes only, sized from the analysis of the reports. */
export function valueSegments(config: Pick<DeviceConfig, 'segments' | 'savedGroups'>, analysis: ReportAnalysis, latestReports: number): ValueSegment[] {
  const out: ValueSegment[] = [];
  for (const segment of config.segments) {
    const paths = [...conditionPaths(segment.condition, new Set())];
    if (!paths.length || !paths.every((p) => VALUE_ATTRIBUTES.has(p))) continue;
    let weight = 0;
    let clv = 0;
    let ifActive = 0;
    analysis.forecasts.forEach((f, i) => {
      if (!f || !evaluateCondition(f as unknown as Record<string, unknown>, segment.condition, config.savedGroups)) return;
      const w = analysis.projected[i]!;
      weight += w;
      clv += w * f.clv;
      ifActive += w * f.clvIfActive;
    });
    const share = analysis.reports ? weight / analysis.reports : 0;
    out.push({
      id: segment.id, name: segment.name, share, size: Math.round(share * latestReports),
      meanClv: weight ? clv / weight : null, meanClvIfActive: weight ? ifActive / weight : null,
    });
  }
  return out;
}

/** Reads the published config and the reports of its recent periods, and analyses them. */
async function readReports(env: AppEnv['Bindings'], site: string) {
  const record = await readPublishedOrRepair(env, site);
  if (!record) throw new ApiError(404, 'not_found', `site "${site}" has no published config`, ['site']);
  const config = JSON.parse(record.body) as DeviceConfig;
  const model = config.customerValue;
  if (!model?.report) return { config, periods: [] as PeriodCounts[], analysis: null, segments: [] as ValueSegment[] };
  const k = cellCount(model.report);
  const periods = valuePeriods(await counterFor(env, site).cells(), k);
  const counts = new Array<number>(k).fill(0);
  for (const p of periods) p.counts.forEach((c, i) => (counts[i]! += c));
  const analysis = analyseReports(model, counts);
  return { config, periods, analysis, segments: valueSegments(config, analysis, periods[0]?.counts.reduce((s, c) => s + c, 0) ?? 0) };
}

const applySchema = z.strictObject({
  params: z.boolean().default(false).describe('Set customerValue.bgnbd to the fit from the reports.'),
  sizes: z.boolean().default(false).describe('Set the size of each customer-value segment from the reports.'),
});

export const customerValueRoutes = new Hono<AppEnv>()
  .use('/v1/admin/sites/:site/customer-value', requireToken)
  .use('/v1/admin/sites/:site/customer-value/*', requireToken)
  .get('/v1/admin/sites/:site/customer-value', async (c) => {
    const site = authorisedSite(c);
    const { config, periods, analysis, segments } = await readReports(c.env, site);
    return c.json<CustomerValueAnswer>({
      site, version: config.version, customerValue: config.customerValue ?? null,
      periods: periods.map((p) => ({ period: p.period, opened: p.opened, reports: p.counts.reduce((s, n) => s + n, 0) })),
      analysis: analysis && {
        reports: analysis.reports, buyerShare: analysis.buyerShare, fit: analysis.fit, fitProblem: analysis.fitProblem, tiers: analysis.tiers,
        cells: analysis.cells.map((cell, i) => ({ ...cell, estimate: analysis.estimates[i]!, projected: analysis.projected[i]! })),
      },
      segments,
    });
  })
  .post('/v1/admin/sites/:site/customer-value/apply', async (c) => {
    const site = authorisedSite(c);
    const wanted = await readJson(c, applySchema, 4096, 'bad_request');
    if (!wanted.params && !wanted.sizes) throw new ApiError(400, 'bad_request', 'expected {"params": true} and/or {"sizes": true}', []);
    const { analysis, segments } = await readReports(c.env, site);
    if (!analysis) throw new ApiError(409, 'conflict', `site "${site}" takes no customer-value reports (customerValue.report is not set)`, ['customerValue', 'report']);
    if (wanted.params && (!analysis.fit || analysis.fit.boundary))
      throw new ApiError(409, 'conflict', `no fit to apply: ${analysis.fitProblem ?? `the fit is on the boundary (${analysis.fit?.boundary})`}`, ['customerValue', 'bgnbd']);
    const latest = await latestVersion(c.env.DB, site);
    if (!latest) throw new ApiError(404, 'not_found', `site "${site}" has no config yet`, ['site']);
    const next: SiteConfig = structuredClone(latest.config);
    if (wanted.params && next.customerValue) {
      next.customerValue.bgnbd = analysis.fit!.params;
      next.customerValue.fitted = { source: 'histogram', at: new Date().toISOString(), customers: Math.round(analysis.fit!.buyers) };
    }
    if (wanted.sizes)
      for (const s of segments) {
        const segment = next.segments.find((x) => x.id === s.id);
        if (segment) segment.size = Math.max(1, s.size);
      }
    const version = latest.version + 1;
    await insertVersion(c.env.DB, site, version, next, c.get('actor'), summariseChange(latest.config, next));
    return c.json({ version }, 201);
  });
