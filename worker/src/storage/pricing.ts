// The pricing detail of a site's last publication (D1 publications.pricing): the LP's duals and the pacing state.
import type { PacingState } from '../feedback/pacing.ts';

/** What a publication keeps of how its prices were set. */
export interface PricingDetail {
  status?: string;
  fresh?: boolean;
  duals?: { budget: number; inventory: Record<string, number> } | null;
  allocation?: Record<string, Record<string, number>>;
  pacing?: PacingState;
}

/**
 * The last publication's pricing detail, or null before the first publish.
 * @example const detail = await lastPricingDetail(env.DB, 'demo'); detail?.pacing?.lambda
 */
export async function lastPricingDetail(db: D1Database, site: string): Promise<PricingDetail | null> {
  const row = await db.prepare('SELECT pricing FROM publications WHERE site = ? ORDER BY id DESC LIMIT 1').bind(site).first<{ pricing: string }>();
  return row ? (JSON.parse(row.pricing) as PricingDetail) : null;
}
