// What a policy is to the simulator: told when a day starts, asked for an offer at each visit, told what came of it.
import type { Profile } from '../protocol/index.ts';
import type { ProfileState } from '../client-sdk/src/profile/index.ts';
import type { Rng } from '../stats/index.ts';
import type { Ledger } from './shop.ts';
import type { Shopper, World } from './world.ts';

export interface Visit {
  world: World;
  shopper: Shopper;
  /** The SDK's profile state of this shopper in this policy's run (purchases differ between policies). */
  state: ProfileState;
  profile: Profile;
  now: number;
  /** Day within the budget period, and the period (0 for the first). */
  day: number;
  period: number;
  /**
   * The policy's random numbers for this visit: separate from the world's, so the world stays common, and the same
   * for every policy (keyed on shopper and day, not on the policy), so that two policies differ only by what they do.
   */
  random: Rng;
  /** False for offers the shop has switched off (its budget or the offer's units used up by yesterday's books). */
  open(offerId: string): boolean;
}

export interface DayStart {
  /** Day within the budget period (0 starts a period: a new budget and new units), the period, and its length. */
  day: number;
  period: number;
  days: number;
  now: number;
  ledger: Readonly<Ledger>;
  states: readonly ProfileState[];
}

export interface Policy {
  readonly name: string;
  startDay?(day: DayStart): void | Promise<void>;
  /** The offer to show on this visit, or null. */
  decide(visit: Visit): string | null | Promise<string | null>;
  afterVisit?(visit: Visit, offerId: string | null, purchased: boolean): void;
  /** Figures of its own for the summary (what the loop learnt, the prices it used...). */
  summary?(): Record<string, unknown>;
}
