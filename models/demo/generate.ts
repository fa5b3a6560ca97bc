// Synthetic shoppers for the demo site: profile fields as the SDK computes them, a randomised offer arm and a
// purchase outcome whose uplift depends on who the shopper is. Known ground truth, so the demo models can be
// checked against the effect they should find.
import { rng } from '../train/dataset.ts';

export const CATEGORIES = ['women', 'men', 'shoes', 'accessories', 'kids'] as const;

/** The columns, named by the profile attribute each maps to on the device. */
export const DEMO_COLUMNS = [
  'recencyDays', 'frequency', 'monetary', 'sessions', 'pageViews', 'cartItems', 'discountShare', 'priceLevel',
  'tenureDays', 'topCategory', 'categoryAffinity.women',
] as const;

export interface DemoEffect {
  /** Offer id the simulated treatment stands for. */
  offer: string;
  /** Change of the purchase logit when the offer is shown, for this shopper. */
  effect(row: Record<string, number | string | null>): number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Baseline purchase logit without any offer: engaged, recent, frequent shoppers buy more. */
export function baseLogit(r: Record<string, number | string | null>): number {
  const f = r.frequency as number;
  return -3.3 + 0.35 * Math.log1p(f) + 0.5 * Math.min(r.cartItems as number, 3) + 0.04 * Math.min(r.pageViews as number, 30)
    - (r.recencyDays === null ? 0 : 0.006 * (r.recencyDays as number));
}

/**
 * `n` shoppers with a 50/50 arm ("offer" or "none") and outcome `purchased` drawn from baseLogit + effect.
 * @example const rows = generateDemo(20000, 7, effect)
 */
export function generateDemo(n: number, seed: number, effect: DemoEffect): Record<string, number | string | null>[] {
  const random = rng(seed);
  const pick = <T>(items: readonly T[], weights: number[]) => {
    let u = random() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < items.length; i++) if ((u -= weights[i]!) <= 0) return items[i]!;
    return items[items.length - 1]!;
  };
  const rows: Record<string, number | string | null>[] = [];
  for (let i = 0; i < n; i++) {
    const isNew = random() < 0.3;
    const frequency = isNew ? 0 : Math.floor(-Math.log(1 - random()) * 3);
    const aov = 30 + 120 * random() ** 2;
    const sessions = isNew ? 1 + Math.floor(random() * 2) : 1 + Math.floor(-Math.log(1 - random()) * 8);
    const top = random() < 0.15 ? null : pick(CATEGORIES, [0.35, 0.25, 0.18, 0.12, 0.1]);
    const row: Record<string, number | string | null> = {
      recencyDays: frequency === 0 ? null : Math.floor(random() * 200),
      frequency,
      monetary: Number((frequency * aov).toFixed(2)),
      sessions,
      pageViews: sessions * (1 + Math.floor(random() * 6)),
      cartItems: random() < 0.2 ? 1 + Math.floor(random() * 3) : 0,
      discountShare: frequency === 0 ? 0 : Number((random() ** 1.5).toFixed(3)),
      priceLevel: Number((20 + 130 * random()).toFixed(2)),
      tenureDays: isNew ? 0 : Math.floor(random() * 700),
      topCategory: top,
      'categoryAffinity.women': Number(((top === 'women' ? 2 : 0.3) * -Math.log(1 - random())).toFixed(3)),
    };
    const treated = random() < 0.5;
    const p = sigmoid(baseLogit(row) + (treated ? effect.effect(row) : 0));
    rows.push({ ...row, arm: treated ? 'offer' : 'none', purchased: random() < p ? 1 : 0 });
  }
  return rows;
}

/**
 * The generated rows as CSV text (missing values as empty cells).
 * @example writeFileSync('demo.csv', demoCsv(rows))
 */
export function demoCsv(rows: Record<string, number | string | null>[]): string {
  const columns = Object.keys(rows[0] ?? {});
  const cell = (v: number | string | null | undefined) => (v === null || v === undefined ? '' : String(v));
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}
