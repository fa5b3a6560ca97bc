// Non-return in the simulator's shop: a unit's report set arrives only when its shopper opens a page after the
// window closes. The simulator's shoppers (simulator/world.ts: visit rates and purchase probabilities both grow
// with loyalty, so shoppers who come back also buy more) go through a 28-day experiment of one offer against no
// offer with the real 7-day window; what complete observations show is compared with the truth over every exposed
// shopper. True outcomes (no randomised response, which adds noise but no bias), so every difference is the
// non-return bias alone. Used by tests/unit/nonreturn.test.ts and tests/studies/nonreturn.ts.
import { createWorld } from '../../simulator/world.ts';
import { mulberry32 } from '../../stats/prng.ts';

export const DAYS = 28;
export const WINDOW = 7;
export const OFFER = 'new-arrivals';

export interface Tally { exposed: number; bought: number; returned: number; boughtAndReturned: number }

/**
 * Per read day (days from the experiment's start) and arm: every exposed unit, the buyers among them, and those of
 * each whose report set arrived by then. `extraReturn` makes the offer bring shoppers back that much more often.
 * @example nonReturnRun({ seed: 1, shoppers: 20000, readDays: [35], extraReturn: 0 }).get(35)!.offer
 */
export function nonReturnRun(o: { seed: number; shoppers: number; readDays: number[]; extraReturn: number }): Map<number, Record<'control' | 'offer', Tally>> {
  const { seed, shoppers, readDays, extraReturn } = o;
  const world = createWorld({ seed, shoppers, days: DAYS });
  const rng = mulberry32(seed * 7919 + 1);
  const out = new Map(readDays.map((d) => [d, { control: blank(), offer: blank() }]));
  for (const s of world.shoppers) {
    const arm = rng() < 0.5 ? 'control' : 'offer';
    const p = arm === 'offer' ? s.pTreatment[OFFER]! : s.pControl;
    // The offer may also bring shoppers back more often (extraReturn): the differential case the warning is for.
    const rate = Math.min(0.95, s.visitRate * (arm === 'offer' ? 1 + extraReturn : 1));
    let first = -1;
    let bought = false;
    let back = Infinity;
    for (let day = 0; day < Math.max(...readDays); day++) {
      if (rng() >= (first < 0 && day >= DAYS ? 0 : rate)) continue;
      if (first < 0) first = day;
      if (day < first + WINDOW) bought ||= rng() < p;
      else if (back === Infinity) back = day;
    }
    if (first < 0) continue;
    for (const [readDay, tallies] of out) {
      const t = tallies[arm];
      t.exposed++;
      t.bought += bought ? 1 : 0;
      // The report set arrives on the first visit after the window, if that is before the results are read.
      if (back < readDay) {
        t.returned++;
        t.boughtAndReturned += bought ? 1 : 0;
      }
    }
  }
  return out;
}

export function blank(): Tally {
  return { exposed: 0, bought: 0, returned: 0, boughtAndReturned: 0 };
}

