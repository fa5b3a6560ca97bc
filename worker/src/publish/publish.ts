// Publishing: compile a stored version into the device config and make it what devices get.
import { siteConfigSchema, zodErrorBody, type Posterior, type PublishResult, type SiteConfig } from '../../../protocol/index.ts';
import { ApiError } from '../http/index.ts';
import { nextAccepts } from '../outcomes/admissible.ts';
import { getVersion, lastPublication, modelUsableBy, writePublished, type NewAuditEntry, type PricingDetail, type PublishedRecord } from '../storage/index.ts';
import { enterPeriod, pacedPrices, type PacingState } from '../feedback/pacing.ts';
import { compileDeviceConfig } from './compile.ts';
import { priceOffersForPublish, type PricingOutcome } from './pricing.ts';
import { assertManifestsMatchModels } from './models.ts';

export type { PublishResult } from '../../../protocol/index.ts';

export interface PublishOptions {
  actor: string;
  reason: 'publish' | 'rollback' | 'feedback';
  posteriors?: Record<string, Record<string, Record<string, Posterior>>>;
  spent?: number;
  observedUplift?: Record<string, Record<string, number>>;
  /** Prices paced by the shop's books (the feedback loop): they replace the LP's for this publication. */
  pacing?: PacingState;
  /** offer -> uplift correction per decile, from the measurement holdback. */
  calibration?: Record<string, number[]>;
}

async function assertModelsUploaded(env: Env, site: string, config: SiteConfig): Promise<void> {
  for (const [i, model] of config.models.entries()) {
    if (!(await modelUsableBy(env.CONFIG_KV, env.DB, site, model.sha256)))
      throw new ApiError(409, 'conflict', `models[${i}].sha256: no model file with this hash was uploaded for site "${site}" (PUT /v1/admin/models first, with a token of this site)`, ['models', i, 'sha256']);
  }
}

/**
 * Compiles and publishes version `version` of `site`. Validation happens before anything is written, so a
 * rejected publish leaves the published config untouched; the publication and its audit entries are one D1
 * batch, and KV is written after it commits (storage/published.ts).
 */
export async function publishVersion(env: Env, site: string, version: number, options: PublishOptions): Promise<PublishResult> {
  const stored = await getVersion(env.DB, site, version);
  // Versions stored before a rule was tightened (a pattern that can backtrack catastrophically, say) are checked
  // again: what reaches devices always passes today's validation.
  const revalidated = siteConfigSchema.safeParse(stored.config);
  if (!revalidated.success) {
    const { error } = zodErrorBody('invalid_config', revalidated.error);
    throw new ApiError(409, 'invalid_config', `version ${version} no longer passes validation: ${error.message}; store a corrected version`, error.path);
  }
  await assertModelsUploaded(env, site, stored.config);
  await assertManifestsMatchModels(env.CONFIG_KV, stored.config);
  // From D1 (the truth), so a publish or rollback works, and repairs KV, even when KV's record is unreadable.
  const last = await lastPublication(env, site);
  const previous = last?.device ?? null;
  const now = new Date();
  // What the feedback loop learnt stays in force across a marketer's publish, for prices and devices alike.
  const learnedUplift = options.observedUplift ?? previous?.learnedUplift ?? {};
  const lp: PricingOutcome = await priceOffersForPublish(stored.config, {
    now,
    previousPrices: previous?.prices ?? null,
    ...(options.spent !== undefined ? { spent: options.spent } : {}),
    observedUplift: learnedUplift,
    maxTableauCells: Number(env.LP_MAX_TABLEAU_CELLS) || undefined,
  });
  // Paced prices win over the LP's once the books have been read: given by the loop, or kept from the last
  // publication (a marketer's publish does not undo what the books taught); the publish of a new budget period
  // starts it where the last period's books put the budget price, its unit prices from this LP.
  const kept = last?.pricing?.pacing;
  const lpDuals = lp.detail.duals as PricingDetail['duals'];
  const pacing = options.pacing ?? (kept ? enterPeriod(stored.config, kept, lpDuals?.inventory) ?? undefined : undefined);
  const pricing: PricingOutcome = pacing
    ? { status: 'paced', prices: pacedPrices(stored.config, pacing), fresh: true, detail: { ...lp.detail, lp: lp.status, pacing } }
    : lp;
  const audit: NewAuditEntry[] = [];
  if (!pricing.fresh) {
    // Logged for `wrangler tail` as well as audited: a failed solve is an operational problem, not a marketer's.
    console.warn(`pricing failed for site ${site} version ${version}: ${pricing.status} (${String(pricing.detail.reason ?? 'no reason')}); previous prices kept`);
    audit.push({ site, actor: options.actor, action: 'pricing.failed', version, summary: `LP ${pricing.status}; previous prices kept` });
  }
  audit.push({
    site,
    actor: options.actor,
    action: options.reason,
    version,
    summary: `${options.reason} version ${version}; pricing ${pricing.status}${pricing.fresh ? '' : ' (previous prices kept)'}`,
  });
  const device = compileDeviceConfig(stored.config, {
    version,
    publishedAt: now.toISOString(),
    prices: pricing.prices,
    // Posteriors are learnt from outcomes, not written by marketers: a publish keeps the last ones.
    posteriors: options.posteriors ?? previous?.posteriors ?? {},
    learnedUplift,
    ...((options.calibration ?? previous?.calibration) ? { calibration: options.calibration ?? previous!.calibration! } : {}),
  });
  const record: PublishedRecord = await writePublished(env.CONFIG_KV, env.DB, device, {
    allowedOrigins: stored.config.allowedOrigins,
    actor: options.actor,
    reason: options.reason,
    pricing: { status: pricing.status, fresh: pricing.fresh, ...pricing.detail },
    audit,
    accepts: nextAccepts(last?.accepts ?? null, device, now),
  });
  return { version, etag: record.etag, publishedAt: record.publishedAt, prices: pricing.prices, pricing: { status: pricing.status, fresh: pricing.fresh } };
}
