// Sample shoppers for the condition builder's live count: synthetic browsing and buying histories run through the
// SDK's own profile code (applyEvent), so each sample profile is one a device could hold. Not the shop's data:
// made up, seeded, the same every time.
import type { Profile } from '../../protocol/index.ts';
import type { StoredEvent } from '../../client-sdk/src/events/index.ts';
import { applyEvent, emptyState, refresh } from '../../client-sdk/src/profile/index.ts';
import { customerValue } from '../../client-sdk/src/profile/value.ts';
import type { CustomerValue } from '../../protocol/customer-value.ts';
import { mulberry32 } from '../../stats/prng.ts';

const DAY = 86_400_000;
/** How many sample shoppers the counts are out of. */
export const SAMPLE_SIZE = 500;
/** Categories when the config names none (the demo shop's). */
const DEFAULT_CATEGORIES = ['women', 'men', 'shoes', 'accessories', 'kids'];
const BRANDS = ['Northwind', 'Harbour', 'Indigo Lane', 'Stride', 'Little Stride'];

/**
 * `count` profiles at `now`: new visitors, browsers and buyers of every kind (frequent, lapsed, discount-driven),
 * with interests spread over `categories`.
 * @example sampleShoppers(['women', 'men'], Date.now()).length // 500
 */
export function sampleShoppers(
  categories: readonly string[] = DEFAULT_CATEGORIES, now = Date.now(), count = SAMPLE_SIZE, config: { customerValue?: CustomerValue | null } = {},
): Profile[] {
  // Seeded: the same sample on every load, so counts do not jump.
  const rng = mulberry32(20_261_130);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rng() * list.length)]!;
  const cats = categories.length ? categories : DEFAULT_CATEGORIES;
  const out: Profile[] = [];
  for (let s = 0; s < count; s++) {
    const tenureDays = Math.floor(rng() ** 2 * 400);
    const state = emptyState(now - tenureDays * DAY);
    const favourite = pick(cats);
    const brand = pick(BRANDS);
    // Buyers: about 60% buy at all; a few buy often; some only with a coupon.
    const purchases = rng() < 0.4 ? 0 : Math.floor(-Math.log(1 - rng()) * 2.5);
    const couponLover = rng() < 0.3;
    const lapsedDays = rng() < 0.3 ? 60 + Math.floor(rng() * 200) : 0;
    const visits = 1 + Math.floor(rng() * 12) + purchases * 2;
    const events: StoredEvent[] = [];
    for (let v = 0; v < visits; v++) {
      const span = Math.max(1, tenureDays - lapsedDays);
      const t = now - (lapsedDays + Math.floor(rng() * span)) * DAY - Math.floor(rng() * DAY);
      const category = rng() < 0.7 ? favourite : pick(cats);
      const price = Math.round(30 + rng() * 170);
      events.push({ t, type: 'page_view', items: [] });
      for (let i = 0; i < 1 + Math.floor(rng() * 4); i++)
        events.push({ t: t + i * 60_000, type: 'view_item', items: [{ item_id: `${category}-${i}`, item_category: category, item_brand: rng() < 0.6 ? brand : pick(BRANDS), price }] });
      if (rng() < 0.3) events.push({ t: t + 300_000, type: 'search', items: [] });
      if (rng() < 0.35) events.push({ t: t + 400_000, type: 'add_to_cart', items: [{ item_id: `${category}-c`, item_category: category, price }] });
    }
    for (let p = 0; p < purchases; p++) {
      const t = now - (lapsedDays + Math.floor(rng() * Math.max(1, tenureDays - lapsedDays))) * DAY;
      const category = rng() < 0.7 ? favourite : pick(cats);
      const value = Math.round(25 + rng() * 200);
      events.push({ t, type: 'purchase', value, items: [{ item_id: `${category}-p${p}`, item_category: category, price: value }], ...(couponLover || rng() < 0.15 ? { coupon: 'SAVE10' } : {}) });
    }
    events.sort((a, b) => a.t - b.t);
    for (const event of events) applyEvent(state, event);
    refresh(state, now);
    // The forecast attributes (clv, tiers) from the site's customer-value model, as a device computes them. The
    // function is async only so the script tag can load it late; it sets them before returning.
    void customerValue(state, config, now);
    out.push(state.profile);
  }
  return out;
}

/**
 * The categories a config talks about (offer categories, `categoryAffinity.X` and `topCategory` in conditions),
 * so the sample shoppers browse this shop's categories.
 * @example configCategories(draft) // ['women', 'men', 'shoes']
 */
export function configCategories(config: { offers?: { category?: string }[]; segments?: { condition?: unknown }[] }): string[] {
  const found = new Set<string>();
  for (const offer of config.offers ?? []) if (offer.category) found.add(offer.category);
  const text = JSON.stringify(config.segments ?? []) + JSON.stringify((config.offers ?? []).map((o) => (o as { eligibility?: unknown }).eligibility));
  for (const m of text.matchAll(/"categoryAffinity\.([^"]+)"/g)) found.add(m[1]!);
  for (const m of text.matchAll(/"topCategory":\s*(?:\{"\$(?:eq|ne)":\s*)?"([^"]+)"/g)) found.add(m[1]!);
  return [...found];
}
