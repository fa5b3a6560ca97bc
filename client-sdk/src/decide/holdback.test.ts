// The measurement holdback: a share of decisions shows a random eligible offer or nothing, labelled for the report.
import { describe, expect, it } from 'vitest';
import { upliftDecile } from '../../../protocol/holdback.ts';
import { mulberry32 } from '../../../stats/prng.ts';
import { applyEvent, emptyState, refresh } from '../profile/index.ts';
import { demoConfig } from '../testing/fixtures.ts';
import { compileOffers, decide, type DecideInput } from './index.ts';

const NOW = Date.parse('2026-11-20T12:00:00Z');

function input(holdback: number, seed: number, experiments = demoConfig().experiments): DecideInput {
  const config = demoConfig({ holdback, experiments });
  const state = emptyState(NOW - 86_400_000);
  applyEvent(state, { t: NOW - 60_000, type: 'view_item', items: [{ item_id: 'w1', item_category: 'women', price: 60 }] });
  return {
    config, offers: compileOffers(config), state, profile: refresh(state, NOW), slot: 'hero', deviceKey: `device-${seed}`,
    assignments: new Map(), page: { offers: new Set(), categories: new Set() }, now: NOW, random: mulberry32(seed),
  };
}

describe('decide: the measurement holdback', () => {
  it('randomises every decision at share 1: a random eligible offer or nothing, half each, labelled with its uplift decile', async () => {
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => decide(input(1, i + 1, []))));
    const shown = outcomes.filter((o) => o.holdback?.shown);
    const held = outcomes.filter((o) => o.holdback && !o.holdback.shown);
    expect(shown.length + held.length).toBe(200);
    expect(shown.length).toBeGreaterThan(70);
    expect(held.length).toBeGreaterThan(70);
    for (const o of held) {
      expect(o.decision).toBeNull();
      expect(o.trace.empty).toBe('holdback');
    }
    const offers = new Set(shown.map((o) => o.decision!.offerId));
    expect(offers.size).toBeGreaterThan(4);
    for (const o of shown) {
      expect(o.decision!.offerId).toBe(o.holdback!.offerId);
      const score = o.trace.scores.find((s) => s.offerId === o.holdback!.offerId)!;
      expect(o.holdback!.decile).toBe(upliftDecile(score.uplift));
    }
  });

  it('leaves decisions alone at share 0, and never overrides a fixed-offer arm', async () => {
    for (let i = 1; i <= 50; i++) expect((await decide(input(0, i, []))).holdback).toBeUndefined();
    const fixed = [{ id: 'fixed', slot: 'hero', version: 1, status: 'running' as const, bandit: false, explorationFloor: 0.01, arms: [{ id: 'women', weight: 1, policy: 'offer' as const, offerId: 'women-15' }] }];
    for (let i = 1; i <= 50; i++) {
      const out = await decide(input(1, i, fixed));
      expect(out.holdback).toBeUndefined();
    }
  });

  it('holds back about its share of decisions', async () => {
    const outcomes = await Promise.all(Array.from({ length: 2000 }, (_, i) => decide(input(0.05, 1000 + i, []))));
    const n = outcomes.filter((o) => o.holdback).length;
    // Binomial(2000, 0.05): 100 ± 3 sd is 65 to 135.
    expect(n).toBeGreaterThan(65);
    expect(n).toBeLessThan(135);
  });
});
