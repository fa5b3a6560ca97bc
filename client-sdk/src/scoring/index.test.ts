// scoreOffers with the demo models kept as evaluator fixtures (models/demo/folders.ts): model outputs per offer,
// the propensity/uplift combination, cold start and failures falling back to the prior without throwing.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { offerValue, type DeviceConfig, type DeviceModel, type DeviceOffer as Offer, type ModelManifest, type Profile } from '../../../protocol/index.ts';
import { demoConfig } from '../testing/fixtures.ts';
import { EVALUATOR_FIXTURES, demoModel } from '../../../models/demo/folders.ts';
import { clearModels, createModel, featureVector, readRoles, scoreOffers, scoreWithoutModel, type ScoreInput } from './index.ts';

const site = demoConfig();
const manifests: ModelManifest[] = EVALUATOR_FIXTURES.map((id) => demoModel(id).manifest);
const models: DeviceModel[] = manifests.map((m) => ({ ...m, url: `/v1/models/${m.sha256}` }));
const bytesOf = (id: string) => demoModel(id).bytes;
const byHash = new Map(manifests.map((m) => [m.sha256, bytesOf(m.id)]));
const offers: Offer[] = site.offers;
const offer = (id: string) => offers.find((o) => o.id === id)!;

const config = { segments: site.segments, offers, models } as unknown as DeviceConfig;
const profile: Profile = {
  recencyDays: 90, frequency: 3, monetary: 240, averageOrderValue: 80, sessions: 6, sessionDepth: 3, pageViews: 25,
  itemViews: 12, cartAdds: 2, searches: 1, cartItems: 1, cartValue: 60, tenureDays: 300,
  categoryAffinity: { women: 3.2, shoes: 0.4 }, brandAffinity: {}, topCategory: 'women', topBrand: null,
  discountShare: 0.6, priceLevel: 70, purchasedItems: {},
};
const fetchBytes = vi.fn(async (m: DeviceModel) => byHash.get(m.sha256)!);
const input = (over: Partial<ScoreInput> = {}): ScoreInput => ({
  config, profile, segmentId: 'lapsing', offers: [offer('women-15'), offer('winback-25'), offer('bags-10'), offer('shoes-20')], models: { fetchBytes }, ...over,
});
const run = async (id: string) => {
  const m = manifests.find((x) => x.id === id)!;
  const out = await (await createModel(m, bytesOf(id))).run([featureVector(m.inputs, profile)]);
  return readRoles(out, m.outputs, 0);
};

beforeEach(() => {
  clearModels();
  fetchBytes.mockClear();
});

describe('scoreOffers with models', () => {
  it('uses the uplift model, the propensity model and the prior where each applies', async () => {
    const [women, winback, bags, shoes] = await scoreOffers(input());
    const t = await run('demo-women-15');
    expect(women).toMatchObject({ offerId: 'women-15', source: 'demo-women-15' });
    expect(women!.pTreatment).toBeCloseTo(t.p_treatment!, 12);
    expect(women!.pControl).toBeCloseTo(t.p_control!, 12);
    expect(women!.value).toBeCloseTo((t.p_treatment! - t.p_control!) * offer('women-15').margin - t.p_treatment! * offer('women-15').redemptionCost, 12);

    // Class transformation gives uplift only: P(buy | no offer) comes from the propensity model.
    const ct = await run('demo-winback-25');
    const p = await run('demo-purchase');
    expect(winback).toMatchObject({ source: 'demo-winback-25' });
    expect(winback!.pControl).toBeCloseTo(p.probability!, 12);
    expect(winback!.uplift).toBeCloseTo(ct.uplift!, 12);

    // No uplift model for bags-10: propensity for P(buy), the lapsing segment's prior uplift (none: 0).
    // Every buyer redeems: with no uplift, the offer only gives the discount away.
    expect(bags).toMatchObject({ source: 'demo-purchase', uplift: 0 });
    expect(bags!.pControl).toBeCloseTo(p.probability!, 12);
    expect(bags!.value).toBeCloseTo(-p.probability! * offer('bags-10').redemptionCost, 12);

    // Boosted trees (TreeEnsembleRegressor) for shoes-20.
    const trees = await run('demo-shoes-20');
    expect(shoes).toMatchObject({ source: 'demo-shoes-20' });
    expect(shoes!.uplift).toBeCloseTo(trees.p_treatment! - trees.p_control!, 12);
    expect(fetchBytes).toHaveBeenCalledTimes(4);
  });

  it('loads each model once across decisions', async () => {
    await scoreOffers(input());
    await scoreOffers(input());
    expect(fetchBytes).toHaveBeenCalledTimes(4);
  });

  it('scores a first visit by the models too: the prior is only for offers no model covers', async () => {
    const first: Profile = { ...profile, frequency: 0, recencyDays: null, monetary: 0, pageViews: 1, itemViews: 1, cartAdds: 0, searches: 0 };
    const scores = await scoreOffers(input({ profile: first, segmentId: 'new-visitors' }));
    expect(scores.map((s) => s.source)).toEqual(['demo-women-15', 'demo-winback-25', 'demo-purchase', 'demo-shoes-20']);
    expect(fetchBytes).toHaveBeenCalled();
  });

  it('falls back to the prior and reports, never throws, when a model cannot be loaded or is corrupt', async () => {
    const errors: string[] = [];
    const broken = { fetchBytes: async (m: DeviceModel) => (m.id === 'demo-women-15' ? new Uint8Array([1, 2, 3]) : byHash.get(m.sha256)!) };
    const scores = await scoreOffers(input({ models: broken, onModelError: (id, e) => errors.push(`${id}: ${String(e)}`) }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^demo-women-15: Error: model demo-women-15: expected sha256 4587fe67/);
    expect(scores[0]!.source).toBe('demo-purchase');

    clearModels();
    const offline = { fetchBytes: async () => { throw new Error('offline'); } };
    const prior = await scoreOffers(input({ models: offline }));
    expect(prior.map((s) => s.source)).toEqual(['prior', 'prior', 'prior', 'prior']);
  });
});

describe('scoreWithoutModel', () => {
  it('scores with the uplift the edge learnt before the offer prior, and says so', () => {
    const bags = offer('bags-10');
    const prior = scoreWithoutModel(input({ segmentId: 'vip' }), bags);
    expect(prior.source).toBe('prior');
    expect(prior.uplift).toBeCloseTo(bags.upliftPrior.vip!, 12);
    const learnt = { ...config, learnedUplift: { vip: { 'bags-10': 0.05 } } } as DeviceConfig;
    const scored = scoreWithoutModel(input({ config: learnt, segmentId: 'vip' }), bags);
    expect(scored.source).toBe('learned');
    expect(scored.uplift).toBeCloseTo(0.05, 12);
    expect(scored.value).toBeCloseTo(offerValue(scored.pTreatment, scored.pControl, bags), 12);
    expect(scored.value).toBeCloseTo(0.05 * bags.margin - (0.3 + 0.05) * bags.redemptionCost, 12);
    // Another segment keeps its prior.
    expect(scoreWithoutModel(input({ config: learnt, segmentId: 'womenswear' }), bags).source).toBe('prior');
  });
});

describe('scoreOffers with the demo site\'s pooled model', () => {
  it('scores every demo offer from its own column of one model, loaded once, with the value formula', async () => {
    const { manifest, bytes } = demoModel('demo-pooled');
    const fetchPooled = vi.fn(async () => bytes);
    const pooledConfig = { ...config, models: [{ ...manifest, url: `/v1/models/${manifest.sha256}` }] } as DeviceConfig;
    const scores = await scoreOffers(input({ config: pooledConfig, offers, models: { fetchBytes: fetchPooled } }));
    const out = await (await createModel(manifest, bytes)).run([featureVector(manifest.inputs, profile)]);
    expect(scores.map((s) => s.offerId)).toEqual(offers.map((o) => o.id));
    scores.forEach((s, i) => {
      const roles = readRoles(out, manifest.outputs, 0, offers[i]!.id);
      expect(s.source).toBe('demo-pooled');
      expect(s.pControl).toBeCloseTo(roles.p_control!, 12);
      expect(s.pTreatment).toBeCloseTo(roles.p_treatment!, 12);
      expect(s.value).toBeCloseTo(offerValue(s.pTreatment, s.pControl, offers[i]!), 12);
    });
    // One P(buy | no offer) for every offer; the offers differ in what they add.
    expect(new Set(scores.map((s) => s.pControl)).size).toBe(1);
    expect(new Set(scores.map((s) => s.pTreatment)).size).toBe(offers.length);
    expect(fetchPooled).toHaveBeenCalledTimes(1);
  });
});
