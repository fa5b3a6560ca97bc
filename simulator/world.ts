// The synthetic shop and its ground truth: shoppers with latent tastes, and the true purchase probability of
// each shopper with and without each offer. Policies never read this file's truth, except the oracle.
import demoConfig from '../demo/site-config.json';
import type { Offer, SiteConfig } from '../protocol/index.ts';
import { siteConfigSchema } from '../protocol/index.ts';
import { mulberry32, type Rng } from '../stats/index.ts';
import { fnv1a32 } from '../client-sdk/src/experiments/index.ts';

/** Categories shoppers browse and buy in (the demo shop's). */
export const CATEGORIES = ['women', 'men', 'shoes', 'accessories', 'kids'] as const;
/** Value of one order, and the shop's profit on it before any discount. */
export const ORDER_VALUE = 80;
export const ORDER_MARGIN = 32;
const DAY = 86_400_000;

/** A shopper's latent traits: what drives behaviour, never seen by any policy but the oracle. */
export interface Shopper {
  index: number;
  /** Device key: the SDK's stable random key, used for experiment assignment. */
  key: string;
  /** Share of browsing per category (sums to 1). */
  taste: Record<string, number>;
  /** 0: ignores discounts; 1: buys on discount only. */
  priceSensitivity: number;
  /** 0: no attachment to the shop; 1: buys here anyway. */
  loyalty: number;
  /** Probability of a visit on any one day. */
  visitRate: number;
  /** True P(buy | visit, no offer). */
  pControl: number;
  /** True P(buy | visit, offer o shown), by offer id. */
  pTreatment: Record<string, number>;
  /** Past purchases before the simulation starts: days before the start, and whether a discount was used. */
  history: { daysAgo: number; category: string; discounted: boolean }[];
}

/** The truth about one offer that the world, not the config, decides. */
export interface OfferTruth {
  id: string;
  /** Discount given away per redemption (an order placed while the offer is shown). */
  discountCost: number;
  /** How strong the offer is, as a share of the order (0.15 for 15% off). */
  depth: number;
}

export interface World {
  seed: number;
  days: number;
  start: number;
  shoppers: Shopper[];
  offers: OfferTruth[];
  /** The site as the marketer configured it (priors are guesses), before any learning. */
  site: SiteConfig;
  /** The hard limits the shop must keep: the total discount budget and units per offer for the period. */
  budget: number;
  inventory: Record<string, number | null>;
}

export interface WorldOptions {
  seed: number;
  shoppers: number;
  days: number;
  /** Simulation start (epoch ms, UTC midnight). */
  start?: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

/** A stream of uniforms fixed by (seed, parts): the same shopper and day draw the same numbers in every policy. */
export function stream(seed: number, ...parts: (string | number)[]): Rng {
  return mulberry32(fnv1a32(`${seed}:${parts.join(':')}`));
}

function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

function offerTruth(offer: Offer): OfferTruth {
  const d = offer.discount;
  const depth = d.kind === 'percent' ? d.value / 100 : d.kind === 'amount' ? Math.min(0.5, d.value / ORDER_VALUE) : d.kind === 'free_shipping' ? 0.06 : 0;
  // A free gift (amount above 30) costs the shop its purchase price, about a third of its shelf price.
  const cost = d.kind === 'percent' ? (ORDER_VALUE * d.value) / 100 : d.kind === 'amount' ? (d.value > 30 ? d.value / 3 : d.value) : d.kind === 'free_shipping' ? 5 : 0;
  return { id: offer.id, discountCost: cost, depth };
}

/**
 * Logit shift of offer o for a shopper: a discount moves price-sensitive shoppers who like its category, and
 * teaches loyal, insensitive shoppers to wait for the next one (negative uplift: they would have bought anyway).
 */
function effect(offer: Offer, truth: OfferTruth, s: Omit<Shopper, 'pTreatment' | 'pControl' | 'index' | 'key'>): number {
  const category = offer.category ?? '';
  const relevance = (CATEGORIES as readonly string[]).includes(category) ? 5 * (s.taste[category] ?? 0) : 1;
  const lastPurchase = s.history.length ? Math.min(...s.history.map((h) => h.daysAgo)) : Infinity;
  const pull = truth.depth * (relevance * (0.3 + 2.8 * s.priceSensitivity) - 2.2 * s.loyalty * (1 - s.priceSensitivity));
  switch (offer.id) {
    case 'winback-25':
      return lastPurchase >= 60 && lastPurchase < Infinity ? pull + 0.6 : pull - 0.2;
    case 'welcome-10':
      return s.history.length === 0 ? pull + 0.5 : pull;
    case 'vip-early':
      return 0.5 * s.loyalty - 0.1;
    case 'new-arrivals':
      return 0.04 + 0.12 * (1 - s.priceSensitivity);
    case 'scarf-bundle':
      return pull + 0.3 * ((s.taste.women ?? 0) + (s.taste.men ?? 0));
    default:
      return pull;
  }
}

function makeShopper(seed: number, index: number, site: SiteConfig, truths: Map<string, OfferTruth>): Shopper {
  const rng = stream(seed, 'shopper', index);
  const key = Array.from({ length: 4 }, () => Math.floor(rng() * 2 ** 32).toString(16).padStart(8, '0')).join('');
  const raw = CATEGORIES.map(() => Math.log(1 - rng()) ** 2);
  const total = raw.reduce((a, b) => a + b, 0);
  const taste = Object.fromEntries(CATEGORIES.map((c, i) => [c, raw[i]! / total]));
  const priceSensitivity = rng() ** 1.3;
  const loyalty = rng() ** 1.6;
  const visitRate = Math.min(0.9, (0.05 + 0.3 * loyalty) * (0.5 + rng()));
  const pControl = sigmoid(-3.9 + 2.4 * loyalty + 0.45 * normal(rng));
  // History: new visitors have none; others bought at a rate set by loyalty, some long ago (lapsing).
  const history: Shopper['history'] = [];
  if (rng() > 0.25) {
    const count = 1 + Math.floor(rng() * (1 + 9 * loyalty));
    const lapsed = rng() < 0.3 * (1 - loyalty);
    const latest = lapsed ? 60 + rng() * 120 : rng() * 50;
    for (let i = 0; i < count; i++) {
      const daysAgo = latest + i * (10 + rng() * 40);
      const weights = CATEGORIES.map((c) => taste[c]!);
      let u = rng() * weights.reduce((a, b) => a + b, 0);
      const category = CATEGORIES.find((_, j) => (u -= weights[j]!) < 0) ?? 'women';
      history.push({ daysAgo, category, discounted: rng() < priceSensitivity });
    }
  }
  const traits = { taste, priceSensitivity, loyalty, visitRate, history };
  const pTreatment: Record<string, number> = {};
  for (const offer of site.offers) pTreatment[offer.id] = sigmoid(logit(pControl) + effect(offer, truths.get(offer.id)!, traits));
  return { index, key, ...traits, pControl, pTreatment };
}

/** True expected incremental profit of showing offer o on one visit: (pT − pC)·margin − pT·discount. */
export function trueValue(shopper: Shopper, truth: OfferTruth): number {
  const pT = shopper.pTreatment[truth.id]!;
  return (pT - shopper.pControl) * ORDER_MARGIN - pT * truth.discountCost;
}

/**
 * Builds a world from a seed: shoppers, the truth of each offer, and the marketer's config of the site (the demo
 * site's segments and offers; margins, costs, segment sizes and a binding budget set for this world; uplift
 * priors that are guesses: the true segment average times a random factor plus noise).
 * @example const world = createWorld({ seed: 1, shoppers: 2000, days: 14 })
 */
export function createWorld(options: WorldOptions): World {
  const { seed, days } = options;
  const start = options.start ?? Date.UTC(2026, 0, 5);
  const demo = siteConfigSchema.parse(demoConfig);
  const offers = demo.offers.map(offerTruth);
  const truths = new Map(offers.map((t) => [t.id, t]));
  const shoppers = Array.from({ length: options.shoppers }, (_, i) => makeShopper(seed, i, demo, truths));
  const scale = options.shoppers / 2000;
  // Units scale with the shop; at least 20, since a stock of a handful goes in one day, before any books show it.
  const inventory = Object.fromEntries(demo.offers.map((o) => [o.id, o.inventory === null ? null : Math.max(20, Math.round((o.inventory / 6) * scale * (days / 14)))]));
  // The budget binds: 30% of what showing every shopper the offer that truly pays best would cost.
  let unconstrained = 0;
  for (const s of shoppers) {
    let best = 0;
    let cost = 0;
    for (const t of offers) {
      const v = trueValue(s, t);
      if (v > best) [best, cost] = [v, s.pTreatment[t.id]! * t.discountCost];
    }
    unconstrained += s.visitRate * days * cost;
  }
  const budget = Math.max(10, Math.round(unconstrained * 0.3));
  return { seed, days, start, shoppers, offers, site: { ...demo, experiments: [] }, budget, inventory };
}

export { DAY };
