// The optional purchase-and-dropout world (`edgewise simulate --lifecycle`): shoppers buy and drop out as BG/NBD
// says, a dropped-out shopper still visits now and then, and the demo's win-back offer brings some of them back.
// It compares win-back targeting by attrition risk (the device's own forecast, customer-value/) with the RFM
// recency rule of the demo's "Lapsing customers" segment. The default world (world.ts, run.ts) is not touched.
import demo from '../demo/site-config.json';
import { evaluateCondition } from '../client-sdk/src/conditions/index.ts';
import { applyEvent, emptyState, refresh, type ProfileState } from '../client-sdk/src/profile/index.ts';
import { customerValue } from '../client-sdk/src/profile/value.ts';
import { drawPurchases, drawTraits, fitBgNbd, forecastCustomer } from '../customer-value/index.ts';
import { customerValueSchema, type BgNbdParams, type Condition, type CustomerValue } from '../protocol/index.ts';
import { purchaseEvent } from './shop.ts';
import { DAY, ORDER_MARGIN, ORDER_VALUE, stream } from './world.ts';

const WINBACK = demo.offers.find((o) => o.id === 'winback-25')!;
/** A win-back redemption gives away 25% of the order. */
const WINBACK_COST = (ORDER_VALUE * WINBACK.discount.value) / 100;
/** The demo's RFM rule for lapsing shoppers: bought before, not in the last 60 days. */
const RECENCY_RULE = demo.segments.find((s) => s.id === 'lapsing')!.condition as Condition;
/** A shopper sees the win-back at most once in this many days, whatever the policy. */
const CAP_DAYS = 30;

export interface LifecycleOptions {
  seed: number;
  shoppers: number;
  /** Days simulated (the win-back campaign). */
  days: number;
  /** Days of purchase history before the start (first purchases spread evenly over them). Default 730. */
  historyDays?: number;
  /** The true purchase-and-dropout process, in days. Default: the demo's customerValue model. */
  truth?: BgNbdParams;
  /** P(a dropped-out shopper who is shown the win-back comes back and buys). Default 0.2. */
  reactivation?: number;
  /** A dropped-out shopper's visit rate, as a share of the rate they had while active. Default 0.3. */
  lapsedVisits?: number;
  /** An active shopper's purchase probability on a visit is multiplied by this when shown the win-back. Default 1.3. */
  activeLift?: number;
}

/** Policies compared: no win-back, the recency rule, the device's attrition risk, and the truth. */
export const LIFECYCLE_POLICIES = ['none', 'recency-60', 'attrition-risk', 'value-at-risk', 'oracle'] as const;
export type LifecyclePolicy = (typeof LIFECYCLE_POLICIES)[number];

export interface LifecyclePolicyResult {
  /** Profit over the campaign minus `none`'s, on the same shoppers and random numbers. */
  incrementalProfit: number;
  profit: number;
  winbacksShown: number;
  /** Of those shows, how many went to shoppers who had truly dropped out. */
  shownToLapsed: number;
  reactivated: number;
  redemptions: number;
  discountSpend: number;
  /** Incremental profit per win-back shown (0 without shows). */
  profitPerShow: number;
  /** Shoppers still active at the end. */
  activeAtEnd: number;
}

export interface LifecycleResult {
  seed: number;
  shoppers: number;
  days: number;
  truth: BgNbdParams;
  /** What the retailer fitted from the orders before the start (days), which the devices forecast with. */
  fitted: BgNbdParams;
  /** Shoppers who had dropped out by the start (truth). */
  lapsedAtStart: number;
  thresholds: CustomerValue['tiers'];
  policies: Record<LifecyclePolicy, LifecyclePolicyResult>;
}

/** One shopper's truth: purchase rate λ a day, drop-out probability p, first purchase day, and history. */
interface Person {
  lambda: number;
  p: number;
  /** Visit probability a day while active: purchases happen on visits, with probability λ / visitRate. */
  visitRate: number;
  firstDay: number;
  /** Purchase times before the start (days, relative to the start, negative). */
  history: number[];
  aliveAtStart: boolean;
}

function people(o: Required<LifecycleOptions>): Person[] {
  return Array.from({ length: o.shoppers }, (_, i) => {
    const rng = stream(o.seed, 'lifecycle-person', i);
    const { lambda, p } = drawTraits(o.truth, rng);
    const firstDay = -Math.ceil(rng() * o.historyDays);
    const { purchases, droppedAt } = drawPurchases(lambda, p, -firstDay, rng);
    return {
      lambda, p, visitRate: Math.min(0.9, 3 * lambda + 0.01), firstDay,
      history: [firstDay, ...purchases.map((t) => firstDay + t)], aliveAtStart: droppedAt === Infinity,
    };
  });
}

function startState(start: number, person: Person, seed: number, index: number): ProfileState {
  const rng = stream(seed, 'lifecycle-history', index);
  const state = emptyState(start + person.firstDay * DAY);
  for (const day of person.history) applyEvent(state, purchaseEvent(start + day * DAY, 'women', rng));
  return state;
}

/** Cut points at shares `lo` and `hi` of a list of values. */
function cuts(values: number[], lo: number, hi: number): { medium: number; high: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { medium: at(lo), high: at(hi) };
}

/**
 * Runs the win-back campaign under every policy on the same shoppers and random numbers.
 * @example const result = await simulateLifecycle({ seed: 1, shoppers: 10_000, days: 180 })
 */
export async function simulateLifecycle(options: LifecycleOptions): Promise<LifecycleResult> {
  const o: Required<LifecycleOptions> = {
    historyDays: 730, truth: demo.customerValue.bgnbd, reactivation: 0.2, lapsedVisits: 0.3, activeLift: 1.3, ...options,
  };
  const start = Date.UTC(2026, 0, 5);
  const population = people(o);
  // The retailer fits BG/NBD to its orders up to the start (fit-clv), and sets tiers from the shoppers it has.
  const summaries = population.map((p) => ({ x: p.history.length - 1, tx: p.history.at(-1)! - p.firstDay, T: -p.firstDay }));
  const fitted = fitBgNbd(summaries).params;
  // Every order is worth ORDER_VALUE, so the spend model is that constant: γp/(q−1) = ORDER_VALUE, p large.
  const base = { timeUnit: 'day' as const, bgnbd: fitted, gammaGamma: { p: 1000, q: 1001, gamma: ORDER_VALUE }, margin: ORDER_MARGIN / ORDER_VALUE };
  const probe = customerValueSchema.parse({ ...base, tiers: { value: { medium: 0, high: 0 }, potential: { medium: 0, high: 0 } } });
  const forecasts = summaries.map((s) => forecastCustomer(probe, { ...s, m: ORDER_VALUE }));
  const thresholds = {
    value: cuts(forecasts.map((f) => f.clv), 0.5, 0.8),
    attrition: { medium: 0.3, high: 0.6 },
    potential: cuts(forecasts.map((f) => f.clvIfActive), 0.5, 0.8),
  };
  const model = customerValueSchema.parse({ ...base, tiers: thresholds });

  const results = {} as Record<LifecyclePolicy, Omit<LifecyclePolicyResult, 'incrementalProfit' | 'profitPerShow'>>;
  for (const policy of LIFECYCLE_POLICIES) {
    let profit = 0;
    let shown = 0;
    let shownToLapsed = 0;
    let reactivated = 0;
    let redemptions = 0;
    let spend = 0;
    let activeAtEnd = 0;
    for (const [i, person] of population.entries()) {
      const state = startState(start, person, o.seed, i);
      let alive = person.aliveAtStart;
      let purchases = person.history.length;
      let lastShow = -Infinity;
      for (let day = 0; day < o.days; day++) {
        // The world's draws: the same shopper and day draw the same numbers under every policy.
        const rng = stream(o.seed, 'lifecycle-day', i, day);
        const rate = alive ? person.visitRate : person.visitRate * o.lapsedVisits;
        if (rng() >= rate) continue;
        const now = start + day * DAY + Math.floor(rng() * 12 * 3_600_000) + 8 * 3_600_000;
        let show = false;
        if (day - lastShow >= CAP_DAYS) {
          const profile = refresh(state, now);
          if (policy === 'recency-60') show = evaluateCondition(profile, RECENCY_RULE);
          else if (policy === 'oracle') show = !alive;
          else if (policy !== 'none') {
            await customerValue(state, { customerValue: model }, now);
            show = profile.attritionRisk === 'high' && (policy === 'attrition-risk' || profile.potentialTier === 'high');
          }
        }
        const u = rng();
        let buys: boolean;
        if (show) {
          shown++;
          lastShow = day;
          if (!alive) {
            shownToLapsed++;
            buys = u < o.reactivation;
            if (buys) {
              reactivated++;
              alive = true;
            }
          } else buys = u < Math.min(1, (o.activeLift * person.lambda) / person.visitRate);
        } else buys = alive && u < person.lambda / person.visitRate;
        if (!buys) continue;
        profit += ORDER_MARGIN;
        if (show) {
          profit -= WINBACK_COST;
          spend += WINBACK_COST;
          redemptions++;
        }
        applyEvent(state, purchaseEvent(now + 600_000, 'women', rng, show ? 'WINBACK-25' : undefined));
        // Drop-out after each purchase, drawn per purchase so that policies share the draw of the n-th purchase.
        purchases++;
        if (stream(o.seed, 'lifecycle-drop', i, purchases)() < person.p) alive = false;
      }
      if (alive) activeAtEnd++;
    }
    results[policy] = { profit, winbacksShown: shown, shownToLapsed, reactivated, redemptions, discountSpend: spend, activeAtEnd };
  }
  const none = results.none.profit;
  const round = (x: number) => Math.round(x * 100) / 100;
  const policies = Object.fromEntries(LIFECYCLE_POLICIES.map((name) => {
    const r = results[name];
    const incremental = r.profit - none;
    return [name, { ...r, profit: round(r.profit), discountSpend: round(r.discountSpend), incrementalProfit: round(incremental), profitPerShow: r.winbacksShown ? round(incremental / r.winbacksShown) : 0 }];
  })) as Record<LifecyclePolicy, LifecyclePolicyResult>;
  return {
    seed: o.seed, shoppers: o.shoppers, days: o.days, truth: o.truth, fitted,
    lapsedAtStart: population.filter((p) => !p.aliveAtStart).length, thresholds, policies,
  };
}

/** The result as a table for a terminal. */
export function formatLifecycle(r: LifecycleResult): string {
  const rows = LIFECYCLE_POLICIES.map((name) => {
    const p = r.policies[name];
    return [name, p.incrementalProfit.toFixed(0), String(p.winbacksShown), String(p.shownToLapsed), String(p.reactivated), p.discountSpend.toFixed(0), p.profitPerShow.toFixed(2), String(p.activeAtEnd)];
  });
  const header = ['policy', 'incr. profit', 'win-backs shown', 'to lapsed', 'reactivated', 'discount', 'per show', 'active at end'];
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j]!.length)));
  const line = (cells: string[]) => cells.map((c, j) => (j ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join('  ');
  return `seed ${r.seed}: ${r.shoppers} shoppers, ${r.days} days; ${r.lapsedAtStart} had dropped out by the start\n` +
    `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
