// The pooled uplift learner: recovers per-offer effects on a randomised test, and its baked columns are the fit.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../stats/prng.ts';
import { featureVector } from '../../client-sdk/src/scoring/features.ts';
import { fitPooledUplift, pooledInputs, predictPooled, type PooledRow } from './pooled.ts';

const categories = ['women', 'men'];
const offers = [
  { id: 'women-20', category: 'women', redemptionCost: 16 },
  { id: 'men-20', category: 'men', redemptionCost: 16 },
  { id: 'content', redemptionCost: 0 },
];
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * A shop where a discount in a category lifts the shoppers who browse it and are price-sensitive, and content lifts
 * everyone a little: profile -> true logit shift per offer.
 */
function truth(profile: { discountShare: number; categoryAffinity: Record<string, number> }, offer: string): number {
  const aff = profile.categoryAffinity;
  const share = (c: string) => (aff[c] ?? 0) / ((aff.women ?? 0) + (aff.men ?? 0) || 1);
  if (offer === 'content') return 0.3;
  const c = offer.startsWith('women') ? 'women' : 'men';
  return 4 * share(c) * profile.discountShare - 0.5;
}

function test(n: number, seed: number): PooledRow[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const women = r() * 5;
    const profile = {
      frequency: Math.floor(r() * 6), recencyDays: Math.floor(r() * 120), monetary: r() * 400, discountShare: r(), sessions: 1 + Math.floor(r() * 20),
      itemViews: Math.floor(r() * 40), tenureDays: Math.floor(r() * 300), categoryAffinity: { women, men: 5 - women },
    };
    const arm = Math.floor(r() * 4);
    const offerId = arm === 0 ? null : offers[arm - 1]!.id;
    const logit = -2 + (offerId ? truth(profile, offerId) : 0);
    return { profile, offerId, bought: r() < sigmoid(logit) ? 1 : 0 };
  });
}

describe('fitPooledUplift', () => {
  const model = fitPooledUplift(test(40_000, 1), offers, { categories, averageOrderValue: 80 });

  it('scores every offer in one pass: column 0 without an offer, one column per offer', () => {
    expect(model.offers).toEqual(['women-20', 'men-20', 'content']);
    expect(model.weights).toHaveLength(4);
    expect(model.inputs).toEqual(pooledInputs(categories));
    for (const w of model.weights) expect(w).toHaveLength(model.inputs.length);
  });

  it('recovers who a category discount lifts: price-sensitive shoppers of its category, not the others', () => {
    const fan = { frequency: 3, recencyDays: 20, monetary: 200, discountShare: 0.9, sessions: 8, itemViews: 20, tenureDays: 150, categoryAffinity: { women: 4.5, men: 0.5 } };
    const loyal = { ...fan, discountShare: 0.05 };
    const p = predictPooled(model, fan);
    const q = predictPooled(model, loyal);
    const upliftFan = p.pTreatment['women-20']! - p.pControl;
    expect(upliftFan).toBeGreaterThan(0.15);
    expect(upliftFan).toBeGreaterThan(p.pTreatment['men-20']! - p.pControl + 0.1);
    expect(q.pTreatment['women-20']! - q.pControl).toBeLessThan(0);
    // Content lifts everyone by about logit 0.3.
    expect(Math.log(p.pTreatment.content! / (1 - p.pTreatment.content!)) - Math.log(p.pControl / (1 - p.pControl))).toBeCloseTo(0.3, 0);
  });

  it('bakes the fit into linear columns on the raw input: what the ONNX graph computes', () => {
    const profile = { frequency: 0, recencyDays: null, monetary: 0, discountShare: 0, sessions: 1, itemViews: 2, tenureDays: 0, categoryAffinity: { men: 2 } };
    const u = featureVector(model.inputs, profile);
    const p = predictPooled(model, profile);
    const column = (k: number) => sigmoid(model.weights[k]!.reduce((a, w, i) => a + w * u[i]!, model.bias[k]!));
    expect(p.pControl).toBeCloseTo(column(0), 12);
    expect(p.pTreatment['men-20']).toBeCloseTo(column(2), 12);
  });

  it('refuses rows naming an offer it was not given', () => {
    expect(() => fitPooledUplift([{ profile: {}, offerId: 'nope', bought: 0 }], offers, { categories, averageOrderValue: 80 })).toThrow('row 0 shows offer "nope", which is not among the offers');
  });
});
