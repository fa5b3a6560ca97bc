// The model path's per-call caches: one feature vector per input spec and call, never a stale one, and each
// model still scoring with its own weights when many models share one input spec.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { demoModel } from '../../../models/demo/folders.ts';
import { tLearnerGraph } from '../../../models/onnx/index.ts';
import type { DeviceConfig, DeviceModel, DeviceOffer as Offer, Profile } from '../../../protocol/index.ts';
import { featureVector } from './features.ts';
import { clearModels, createModel, scoreOffers } from './index.ts';
import { vectorCache } from './models.ts';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');
const women = demoModel('demo-women-15').manifest;
const shoes = demoModel('demo-shoes-20').manifest;
const site = JSON.parse(readFileSync(path.join(root, 'demo', 'site-config.json'), 'utf8')) as { segments: DeviceConfig["segments"]; offers: (Omit<Offer, "redemptionCost"> & { redemptionCost?: number })[] };
const offers = site.offers.slice(0, 3).map((o) => ({ ...o, items: o.items ?? [], upliftPrior: o.upliftPrior ?? {}, redemptionCost: o.redemptionCost ?? 10 })) as Offer[];

const profile: Profile = {
  recencyDays: 90, frequency: 3, monetary: 240, averageOrderValue: 80, sessions: 6, sessionDepth: 3, pageViews: 25,
  itemViews: 12, cartAdds: 2, searches: 1, cartItems: 1, cartValue: 60, tenureDays: 300,
  categoryAffinity: { women: 3.2 }, brandAffinity: {}, topCategory: 'women', topBrand: null,
  discountShare: 0.6, priceLevel: 70, purchasedItems: {},
};
const changed: Profile = { ...profile, recencyDays: 5, frequency: 9, monetary: 900, categoryAffinity: { women: 0.1 }, topCategory: 'shoes' };

// One T-learner per offer, all on the women model's input spec (each a separate copy, as parsed JSON gives).
const bytes = new Map<string, Uint8Array>();
const perOffer: DeviceModel[] = offers.map((offer, i) => {
  const w = women.inputs.map((_, k) => Math.sin(3 * i + k) / 2);
  const sha = String(i + 1).padStart(64, '0');
  bytes.set(sha, tLearnerGraph({ weights: w, bias: -1 - i }, { weights: w.map((v) => v * 0.7), bias: -2 }));
  return { ...women, inputs: structuredClone(women.inputs), id: `m-${i}`, sha256: sha, offers: [offer.id], url: `/v1/models/${sha}` };
});
const config = { segments: site.segments, offers, models: perOffer } as unknown as DeviceConfig;
// No hash check: these hashes are ids (Node has crypto.subtle, which would refuse them).
const fetchBytes = vi.fn(async (m: DeviceModel) => bytes.get(m.sha256)!);
vi.stubGlobal('crypto', {});
afterAll(() => vi.unstubAllGlobals());

/** What each offer's own model gives for this profile, computed without scoreOffers or its caches. */
async function expected(p: Profile) {
  return Promise.all(perOffer.map(async (m) => {
    const out = await (await createModel(m, bytes.get(m.sha256)!)).run([featureVector(m.inputs, p)]);
    return { pTreatment: out.p_treatment!.data[0]!, pControl: out.p_control!.data[0]! };
  }));
}

beforeEach(() => clearModels());

describe('vectorCache', () => {
  it('gives models with equal input specs the same vector, built from the profile', () => {
    const vectorOf = vectorCache(profile);
    const a = vectorOf(women.inputs);
    expect(vectorOf(structuredClone(women.inputs))).toBe(a);
    expect([...a]).toEqual([...featureVector(women.inputs, profile)]);
    // Another spec gets its own vector.
    const b = vectorOf(shoes.inputs);
    expect(b).not.toBe(a);
    expect([...b]).toEqual([...featureVector(shoes.inputs, profile)]);
    expect(vectorOf(women.inputs.slice(1))).not.toBe(a);
  });

  it('builds a changed profile afresh', () => {
    const before = vectorCache(profile)(women.inputs);
    const after = vectorCache(changed)(women.inputs);
    expect([...after]).toEqual([...featureVector(women.inputs, changed)]);
    expect([...after]).not.toEqual([...before]);
  });
});

describe('scoreOffers with one model per offer on one input spec', () => {
  it('scores each offer by its own model, and a changed profile by its new values', async () => {
    for (const p of [profile, changed, profile]) {
      const scores = await scoreOffers({ config, profile: p, segmentId: null, offers, models: { fetchBytes } });
      const want = await expected(p);
      expect(scores.map((s) => s.source)).toEqual(['m-0', 'm-1', 'm-2']);
      scores.forEach((s, i) => {
        expect(s.pTreatment).toBe(want[i]!.pTreatment);
        expect(s.pControl).toBe(want[i]!.pControl);
      });
      // The models differ, so a shared vector must not mean a shared output.
      expect(new Set(scores.map((s) => s.pTreatment)).size).toBe(3);
    }
    const [a, b] = [await expected(profile), await expected(changed)];
    expect(a[0]!.pTreatment).not.toBe(b[0]!.pTreatment);
    expect(fetchBytes).toHaveBeenCalledTimes(3);
  });
});
