// The oracle: knows every shopper's true purchase probabilities, so the true value of every offer to every
// shopper, and solves the period's allocation LP over shoppers (not segments) each morning for what is left,
// with the same planning budget (and so the same reserve) as Edgewise.
import type { SiteConfig } from '../protocol/index.ts';
import { refresh } from '../client-sdk/src/profile/index.ts';
import type { Policy, Visit } from './policy.ts';
import { compileOffers, deviceConfig, eligibleOffers } from './site.ts';
import { trueValue, type World } from './world.ts';

/**
 * Lagrangian dual of the per-shopper LP
 *   max Σ_s n_s Σ_o v_so x_so   s.t.  Σ_o x_so ≤ 1,  Σ_s n_s Σ_o c_so x_so ≤ B,  Σ_s n_s pT_so x_so ≤ I_o,  x ≥ 0
 * with n_s the shopper's expected visits left, c_so = pT_so·discount_o its expected cost and pT_so its expected
 * units: D(λ, ν) = Σ_s n_s max(0, max_o v_so − λc_so − ν_o pT_so) + λB + Σ ν_o I_o. D is convex and piecewise
 * linear; its minimum equals the LP optimum (strong duality), found by cyclic coordinate bisection on the sign of
 * the subgradient. Per-shopper costs are why the project's segment LP (one cost per offer) does not apply here.
 */
export function oracleDuals(
  n: Float64Array, value: Float64Array, cost: Float64Array, units: Float64Array, eligible: Uint8Array,
  offers: number, budget: number, inventory: readonly (number | null)[], rounds = 4,
): { lambda: number; nu: Float64Array } {
  const S = n.length;
  const nu = new Float64Array(offers);
  let lambda = 0;
  // Subgradient parts at (lambda, nu): spend and units of the best offer per shopper.
  const usage = () => {
    let spend = 0;
    const used = new Float64Array(offers);
    for (let s = 0; s < S; s++) {
      let best = 0;
      let arg = -1;
      for (let o = 0; o < offers; o++) {
        const k = s * offers + o;
        if (!eligible[k]) continue;
        const net = value[k]! - lambda * cost[k]! - nu[o]! * units[k]!;
        if (net > best) [best, arg] = [net, o];
      }
      if (arg >= 0) {
        spend += n[s]! * cost[s * offers + arg]!;
        used[arg]! += n[s]! * units[s * offers + arg]!;
      }
    }
    return { spend, used };
  };
  const bisect = (set: (x: number) => void, over: () => boolean, hi: number) => {
    set(0);
    if (!over()) return;
    let lo = 0;
    for (let i = 0; i < 30; i++) {
      const mid = (lo + hi) / 2;
      set(mid);
      if (over()) lo = mid;
      else hi = mid;
    }
    set(hi);
  };
  for (let r = 0; r < rounds; r++) {
    bisect((x) => (lambda = x), () => usage().spend > budget, 100);
    for (let o = 0; o < offers; o++) {
      const cap = inventory[o];
      if (cap === null || cap === undefined) continue;
      bisect((x) => (nu[o] = x), () => usage().used[o]! > cap, 1000);
    }
  }
  return { lambda, nu };
}

/** The oracle policy: true per-shopper values, prices re-solved each morning for the budget and units left. */
export function oraclePolicy(world: World, site: SiteConfig): Policy {
  const config = deviceConfig(site, 1, world.start);
  const compiled = compileOffers(config);
  const O = world.offers.length;
  const S = world.shoppers.length;
  const value = new Float64Array(S * O);
  const cost = new Float64Array(S * O);
  const units = new Float64Array(S * O);
  world.shoppers.forEach((s, i) =>
    world.offers.forEach((t, o) => {
      value[i * O + o] = trueValue(s, t);
      units[i * O + o] = s.pTreatment[t.id]!;
      cost[i * O + o] = units[i * O + o]! * t.discountCost;
    }),
  );
  const index = new Map(world.offers.map((t, o) => [t.id, o]));
  let lambda = 0;
  let nu: Float64Array = new Float64Array(O);
  return {
    name: 'oracle',
    startDay({ day, days, now, ledger, states }) {
      const left = days - day;
      const n = Float64Array.from(world.shoppers, (s) => s.visitRate * left);
      const eligible = new Uint8Array(S * O);
      states.forEach((state, i) => {
        refresh(state, now);
        for (const c of eligibleOffers(config, compiled, state, now)) eligible[i * O + index.get(c.offer.id)!] = 1;
      });
      const inventory = world.offers.map((t) => {
        const cap = world.inventory[t.id];
        return cap === null || cap === undefined ? null : Math.max(0, cap - (ledger.period.redeemed[t.id] ?? 0));
      });
      ({ lambda, nu } = oracleDuals(n, value, cost, units, eligible, O, Math.max(0, site.constraints.budget - ledger.period.spend), inventory));
    },
    decide(visit: Visit) {
      let best = 0;
      let arg: string | null = null;
      for (const c of eligibleOffers(config, compiled, visit.state, visit.now)) {
        if (!visit.open(c.offer.id)) continue;
        const k = visit.shopper.index * O + index.get(c.offer.id)!;
        const net = value[k]! - lambda * cost[k]! - nu[index.get(c.offer.id)!]! * units[k]!;
        if (net > best) [best, arg] = [net, c.offer.id];
      }
      return arg;
    },
    summary: () => ({ budgetDual: Math.round(lambda * 1e4) / 1e4 }),
  };
}
