// Local choice against brute force on random small pages, plus the rules one by one.
import { describe, expect, it } from 'vitest';
import { bestOffer, chooseOffers, type Candidate, type Choice, type ChoiceConstraints } from './index.ts';

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const net = (c: Candidate) => c.value - c.price;
const total = (choice: Choice) => [...choice.values()].reduce((sum, c) => sum + net(c), 0);

/** Every subset of candidates that obeys the rules; the best total. */
function bruteForce(candidates: readonly Candidate[], constraints: ChoiceConstraints): number {
  let best = 0;
  const n = candidates.length;
  for (let mask = 1; mask < 1 << n; mask++) {
    const picked = candidates.filter((_, i) => mask & (1 << i));
    if (picked.length > constraints.maxOffers) continue;
    if (picked.some((c) => !constraints.slots.includes(c.slot) || net(c) <= 0)) continue;
    const distinct = (key: (c: Candidate) => string | undefined) => {
      const keys = picked.map(key).filter((k) => k !== undefined);
      return new Set(keys).size === keys.length;
    };
    if (!distinct((c) => c.slot) || !distinct((c) => c.offerId) || !distinct((c) => c.category)) continue;
    best = Math.max(best, picked.reduce((sum, c) => sum + net(c), 0));
  }
  return best;
}

/** Checks the rules on a choice and returns its total. */
function valid(choice: Choice, constraints: ChoiceConstraints): void {
  const chosen = [...choice.entries()];
  expect(chosen.length).toBeLessThanOrEqual(constraints.maxOffers);
  for (const [slot, c] of chosen) {
    expect(c.slot).toBe(slot);
    expect(constraints.slots).toContain(slot);
    expect(net(c)).toBeGreaterThan(0);
  }
  expect(new Set(chosen.map(([, c]) => c.offerId)).size).toBe(chosen.length);
  const categories = chosen.map(([, c]) => c.category).filter((k) => k !== undefined);
  expect(new Set(categories).size).toBe(categories.length);
}

function randomPage(seed: number, consistent: boolean): [Candidate[], ChoiceConstraints] {
  const random = seeded(seed);
  const slots = ['hero', 'sidebar', 'footer', 'cart'].slice(0, 1 + Math.floor(random() * 4));
  const offers = 1 + Math.floor(random() * 6);
  const categories = ['a', 'b', 'c', undefined];
  const offerCategory = Array.from({ length: offers }, () => categories[Math.floor(random() * 4)]);
  const candidates: Candidate[] = [];
  for (let o = 0; o < offers; o++)
    for (const slot of slots) {
      if (candidates.length >= 14 || random() < 0.4) continue;
      const category = consistent ? offerCategory[o] : categories[Math.floor(random() * 4)];
      candidates.push({ offerId: `o${o}`, slot, category, value: Math.round(random() * 100) / 10, price: Math.round(random() * 60) / 10 });
    }
  const pageSlots = random() < 0.2 ? slots.slice(0, -1) : slots;
  return [candidates, { slots: pageSlots, maxOffers: Math.floor(random() * (slots.length + 1)) }];
}

describe('chooseOffers', () => {
  it.each(Array.from({ length: 300 }, (_, i) => i + 1))('matches brute force on random page %i', (seed) => {
    const [candidates, constraints] = randomPage(seed, true);
    const choice = chooseOffers(candidates, constraints);
    valid(choice, constraints);
    expect(total(choice)).toBeCloseTo(bruteForce(candidates, constraints), 9);
  });

  it.each(Array.from({ length: 100 }, (_, i) => i + 1000))('matches brute force when an offer changes category, page %i', (seed) => {
    const [candidates, constraints] = randomPage(seed, false);
    const choice = chooseOffers(candidates, constraints);
    valid(choice, constraints);
    expect(total(choice)).toBeCloseTo(bruteForce(candidates, constraints), 9);
  });

  const c = (offerId: string, slot: string, value: number, price: number, category?: string): Candidate => ({ offerId, slot, value, price, category });

  it('beats greedy: the best single offer gives way when two others fit together', () => {
    // Greedy takes x (9) in hero and leaves sidebar empty: 9. Exact puts y in hero and x in sidebar: 8 + 7.
    const candidates = [c('x', 'hero', 9, 0), c('x', 'sidebar', 7, 0), c('y', 'hero', 8, 0)];
    const choice = chooseOffers(candidates, { slots: ['hero', 'sidebar'], maxOffers: 2 });
    expect(choice.get('hero')?.offerId).toBe('y');
    expect(choice.get('sidebar')?.offerId).toBe('x');
  });

  it('shows nothing where no offer clears its price', () => {
    expect(chooseOffers([c('x', 'hero', 2, 2), c('y', 'hero', 1, 3)], { slots: ['hero'], maxOffers: 1 }).size).toBe(0);
  });

  it('keeps one offer per category and respects maxOffers', () => {
    const candidates = [c('x', 'hero', 9, 0, 'shoes'), c('y', 'sidebar', 8, 0, 'shoes'), c('z', 'sidebar', 1, 0, 'bags')];
    const two = chooseOffers(candidates, { slots: ['hero', 'sidebar'], maxOffers: 2 });
    expect([...two.values()].map((x) => x.offerId).sort()).toEqual(['x', 'z']);
    expect(chooseOffers(candidates, { slots: ['hero', 'sidebar'], maxOffers: 1 }).get('hero')?.offerId).toBe('x');
    expect(chooseOffers(candidates, { slots: ['hero', 'sidebar'], maxOffers: 0 }).size).toBe(0);
  });

  it('ignores slots not on the page and candidates with broken numbers, without throwing', () => {
    const candidates = [c('x', 'elsewhere', 9, 0), c('y', 'hero', Number.NaN, 0), c('z', 'hero', 3, Number.POSITIVE_INFINITY), c('w', 'hero', 2, 1)];
    const choice = chooseOffers(candidates, { slots: ['hero', 'hero'], maxOffers: Number.NaN });
    expect(choice.size).toBe(0);
    expect(chooseOffers(candidates, { slots: ['hero', 'hero'], maxOffers: 3 }).get('hero')?.offerId).toBe('w');
  });
});

describe('bestOffer (the single-slot path decide() uses)', () => {
  it('picks what the matching picks for one slot, ties included', () => {
    const random = seeded(7);
    for (let round = 0; round < 500; round++) {
      // Integer values and few categories make exact ties and shared categories common.
      const candidates: Candidate[] = Array.from({ length: 1 + Math.floor(random() * 8) }, (_, i) => ({
        offerId: `o${i}`, slot: 'hero', value: Math.floor(random() * 5) - 1, price: Math.floor(random() * 3),
        ...(random() < 0.7 ? { category: `c${Math.floor(random() * 3)}` } : {}),
      }));
      // A second, empty slot sends chooseOffers through the min-cost-flow matching instead of bestOffer.
      const matched = chooseOffers(candidates, { slots: ['hero', 'empty'], maxOffers: 1 }).get('hero');
      expect(bestOffer(candidates)).toBe(matched);
      expect(chooseOffers(candidates, { slots: ['hero'], maxOffers: 1 }).get('hero')).toBe(matched);
    }
  });

  it('ignores candidates that do not clear their price or are not finite', () => {
    expect(bestOffer([{ offerId: 'a', slot: 'hero', value: 1, price: 1 }, { offerId: 'b', slot: 'hero', value: NaN, price: 0 }])).toBeUndefined();
  });
});
