// The feedback loop: outcomes in, posteriors and prices out. Run by the cron trigger for every published site
// and on demand by the admin API.
import type { DeviceConfig } from '../../../protocol/index.ts';
import { acceptsOf, counterFor, flushCounter } from '../outcomes/index.ts';
import { aggregateCells } from '../results/aggregate.ts';
import { rewardPosteriorsFor, rewardTerms } from '../publish/bandits.ts';
import { publishVersion, type PublishResult } from '../publish/index.ts';
import { appendAudit, getVersion, lastPricingDetail, listBooks, listPublications, readPublishedOrRepair } from '../storage/index.ts';
import { holdbackAggregates } from '../results/holdback.ts';
import { upliftCalibration } from '../../../stats/calibration.ts';
import { paceFromBooks, type PacingState } from './pacing.ts';
import { personalisedExposures, plannedCostPerShopper } from './spend.ts';
import { observedUplift } from './uplift.ts';

export interface FeedbackReport {
  site: string;
  cells: number;
  /** Cells copied to D1 in this run (those changed since the last run), and cells pruned from the counter after. */
  flushedCells: number;
  prunedCells: number;
  prunedBatchIds: number;
  spentEstimate: number;
  /** segment -> offer -> uplift the LP planned with, where experiments measured it. */
  observedUplift: Record<string, Record<string, number>>;
  posteriors: DeviceConfig['posteriors'];
  /** Prices paced by the shop's books, when the site sends them: λ, ν_o and the last books day taken in. */
  pacing: PacingState | null;
  /** offer -> uplift correction per decile from the measurement holdback (0 until the evidence is strong). */
  calibration: Record<string, number[]>;
  /** The publish made, or null when the site has auto-publish off (the marketer publishes). */
  published: PublishResult | null;
}

/**
 * One pass for one site: flush counters to D1, compute bandit posteriors from debiased counts, observed uplift per
 * segment and offer, the models' calibration from the holdback, spend (the books, or an estimate), the prices
 * (paced by the books when the shop sends them, else the LP re-solved) and, with auto-publish on, publish the same
 * source version with them.
 * @example await runFeedbackLoop(env, 'demo', 'cron')
 */
export async function runFeedbackLoop(env: Env, site: string, actor: string): Promise<FeedbackReport | null> {
  const record = await readPublishedOrRepair(env, site);
  if (!record) return null;
  const device = JSON.parse(record.body) as DeviceConfig;
  const source = (await getVersion(env.DB, site, device.version)).config;
  const counter = counterFor(env, site);
  // Only cells changed since the last run are flushed (bounded per run); cells of units the site no longer
  // accepts are pruned from the counter once D1 has them.
  const flush = await flushCounter(env, site, acceptsOf(record).accepts);
  const prunedBatchIds = await counter.pruneBatchIds();
  const cells = await counter.cells();

  const totals = aggregateCells(cells, device.privacy.revenueLevels.length);
  const now = new Date();
  const [latest] = await listPublications(env.DB, site, 1);
  const pricing = latest ? await lastAllocation(env.DB, latest.id) : null;
  const costPerShopper = pricing ? plannedCostPerShopper(source, pricing) : 0;
  // Spend: the shop's books when it sends them (exact), else the plan's expected cost per shopper personalised.
  const books = await listBooks(env.DB, site, source.constraints.periodStart?.slice(0, 10));
  const spentEstimate = books.length
    ? books.reduce((a, b) => a + b.spend, 0)
    : costPerShopper * personalisedExposures(cells, device, source.constraints.periodStart);
  // Pacing from the books: from the last state, or at first from the LP's duals.
  const detail = await lastPricingDetail(env.DB, site);
  const from: PacingState | null = detail?.pacing
    ?? (detail?.duals ? { lambda: detail.duals.budget, nu: { ...detail.duals.inventory }, booksThrough: null, periodStart: source.constraints.periodStart ?? '' } : null);
  const pacing = books.length && from ? paceFromBooks(source, from, books, now, detail?.duals?.inventory) : null;
  const calibration = Object.fromEntries(
    Object.entries(upliftCalibration(holdbackAggregates(cells, device, now.getTime()), device.privacy.epsilon).offers).map(([id, c]) => [id, c.shift]),
  );
  // Bandits are rewarded by profit per exposure: margin of what was bought, less the discounts given.
  const posteriors = rewardPosteriorsFor(device.experiments, totals, device.privacy, (arm) => rewardTerms(arm, source, costPerShopper));

  const uplift = observedUplift(totals, device, source);

  let published: PublishResult | null = null;
  if (source.autoPublish) {
    published = await publishVersion(env, site, device.version, {
      actor, reason: 'feedback', posteriors, spent: spentEstimate, observedUplift: uplift, calibration, ...(pacing ? { pacing } : {}),
    });
  } else {
    await appendAudit(env.DB, {
      site,
      actor,
      action: 'feedback.computed',
      version: device.version,
      summary: `auto-publish off: posteriors and prices computed, not published (spend estimate ${spentEstimate.toFixed(2)})`,
    });
  }
  return {
    site, cells: cells.length, flushedCells: flush.flushed, prunedCells: flush.pruned, prunedBatchIds, spentEstimate, observedUplift: uplift,
    posteriors, pacing, calibration, published,
  };
}

async function lastAllocation(db: D1Database, publicationId: number): Promise<Record<string, Record<string, number>> | null> {
  const row = await db.prepare('SELECT pricing FROM publications WHERE id = ?').bind(publicationId).first<{ pricing: string }>();
  const pricing = row ? (JSON.parse(row.pricing) as { allocation?: Record<string, Record<string, number>> }) : null;
  return pricing?.allocation ?? null;
}

/** Every site that has been published: the cron trigger's work list. */
export async function publishedSites(db: D1Database): Promise<string[]> {
  const { results } = await db.prepare('SELECT DISTINCT site FROM publications ORDER BY site').all<{ site: string }>();
  return results.map((r) => r.site);
}
