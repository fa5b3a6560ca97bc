// Customer-value reports at the edge, in workerd: ingestion takes only cells and periods of the site's grid, the
// admin view debiases and fits them, sizes the VAP segments, and applies the fit as a new config version.
import { describe, expect, it } from 'vitest';
import { cellCount, cellOf } from '../../../customer-value/histogram.ts';
import { periodStart } from '../../../customer-value/histogram.ts';
import { drawShopper } from '../../../customer-value/simulate.ts';
import { valueReportSchema } from '../../../protocol/index.ts';
import { mulberry32 } from '../../../stats/prng.ts';
import { randomiseCategory } from '../../../stats/randomised-response.ts';
import { call, demo, seedDemo } from '../../test/client.ts';

const EPSILON = 5;
const grid = valueReportSchema.parse({ epsilon: EPSILON });
const k = cellCount(grid);
const period = () => periodStart(Date.now(), grid.periodDays);
let seq = 0;
const post = (site: string, reports: unknown[]) =>
  call('POST', `/v1/sites/${site}/outcomes`, { token: null, body: { schemaVersion: 2, batchId: `value-batch-${String(seq++).padStart(6, '0')}`, reports } });

async function seed(site: string, report: boolean) {
  const config = demo();
  config.site = site;
  config.customerValue = { ...config.customerValue!, ...(report ? { report: { epsilon: EPSILON } } : {}) };
  await seedDemo(config);
}

describe('customer-value reports', () => {
  it('are counted only for a site that asks for them, with cells and periods of its grid', async () => {
    await seed('cv-ingest', true);
    await seed('cv-none', false);
    const good = await post('cv-ingest', [{ kind: 'value', period: period() }, { kind: 'value-outcome', period: period(), cell: k - 1 }]);
    expect(good.status).toBe(202);
    expect(good.body).toMatchObject({ accepted: 2, dropped: [] });
    const bad = await post('cv-ingest', [
      { kind: 'value-outcome', period: period(), cell: k },
      { kind: 'value-outcome', period: '2001-01-01', cell: 1 },
      { kind: 'value', period: period() },
    ]);
    expect(bad.body.accepted).toBe(1);
    expect(bad.body.dropped.map((d: { message: string }) => d.message)).toEqual([
      `reports[0].cell: expected a cell below ${k} (customerValue.report's grid), received ${k}`,
      expect.stringMatching(/^reports\[1\]\.period: expected one of the recent periods .*, received 2001-01-01$/),
    ]);
    const none = await post('cv-none', [{ kind: 'value', period: period() }]);
    expect(none.status).toBe(400);
    expect(none.body.error.message).toBe('reports[0].kind: this site takes no customer-value reports (customerValue.report is not set)');
  });

  it('are debiased, fitted and turned into tier and segment shares; the fit and the sizes apply as a new version', async () => {
    await seed('cv-fit', true);
    // 4,000 devices: a steady flow of first purchases over two years under BG/NBD in days, 10% who never bought.
    const truth = { r: 0.5, alpha: 30, a: 0.6, b: 2.5 };
    const rng = mulberry32(7);
    const reports: unknown[] = [];
    for (let i = 0; i < 4000; i++) {
      let cell = 0;
      if (rng() > 0.1) {
        const T = 730 * rng();
        const s = drawShopper(truth, T, rng);
        cell = cellOf(grid, { x: s.purchases.length, txDays: s.purchases.at(-1) ?? 0, TDays: T });
      }
      reports.push({ kind: 'value', period: period() }, { kind: 'value-outcome', period: period(), cell: randomiseCategory(cell, k, EPSILON, rng) });
    }
    for (let i = 0; i < reports.length; i += 200) expect((await post('cv-fit', reports.slice(i, i + 200))).status).toBe(202);

    const view = await call('GET', '/v1/admin/sites/cv-fit/customer-value');
    expect(view.status).toBe(200);
    expect(view.body.periods).toEqual([{ period: period(), opened: 4000, reports: 4000 }]);
    const analysis = view.body.analysis;
    expect(analysis.reports).toBe(4000);
    expect(analysis.buyerShare).toBeGreaterThan(0.85);
    expect(analysis.buyerShare).toBeLessThan(0.95);
    expect(analysis.fitProblem).toBeNull();
    expect(analysis.fit.params.r / truth.r).toBeGreaterThan(0.5);
    expect(analysis.fit.params.r / truth.r).toBeLessThan(2);
    for (const tier of ['value', 'attrition', 'potential']) {
      const shares = analysis.tiers[tier];
      expect(shares.low + shares.medium + shares.high).toBeCloseTo(1, 9);
    }
    expect(analysis.cells).toHaveLength(k);
    expect(view.body.segments.map((s: { id: string }) => s.id)).toEqual(['value-at-risk', 'high-value']);
    for (const s of view.body.segments) {
      expect(s.share).toBeGreaterThanOrEqual(0);
      expect(s.size).toBe(Math.round(s.share * 4000));
    }

    const applied = await call('POST', '/v1/admin/sites/cv-fit/customer-value/apply', { body: { params: true, sizes: true } });
    expect(applied.status).toBe(201);
    const config = (await call('GET', '/v1/admin/sites/cv-fit/config')).body;
    expect(config.customerValue.bgnbd).toEqual(analysis.fit.params);
    expect(config.customerValue.fitted).toMatchObject({ source: 'histogram' });
    expect(config.segments.find((s: { id: string }) => s.id === 'value-at-risk').size).toBe(Math.max(1, view.body.segments[0].size));
    const refused = await call('POST', '/v1/admin/sites/cv-fit/customer-value/apply', { body: {} });
    expect(refused.status).toBe(400);
  });
});
