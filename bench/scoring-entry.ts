// Bench entry bundled for Chromium by bench/scoring.mjs: scoreOffers on 200 offers with the compact evaluator.
import type { DeviceConfig, DeviceModel, DeviceOffer as Offer, ModelManifest, Profile } from '../protocol/index.ts';
import { redemptionCostOf, type SiteEconomics } from '../protocol/economics.ts';
import { tLearnerGraph } from '../models/onnx/index.ts';
import { clearModels, scoreOffers } from '../client-sdk/src/scoring/index.ts';

export interface BenchCase {
  offers: Offer[];
  profile: Profile;
  segments: DeviceConfig['segments'];
  /** The site's economics: given, offers' costs per redemption are resolved from them, as the edge does. */
  economics?: SiteEconomics;
  /** Demo model manifests and their bytes. */
  demo: { manifest: ModelManifest; bytes: number[] }[];
}

const hex = (n: number) => n.toString(16).padStart(64, '0');

/** The cases: see `models`. */
export type BenchKind = 'shared' | 'per-offer' | 'site';

/**
 * Case "shared": the demo evaluator fixtures; the three uplift models (two logistic, one boosted-trees) each cover a
 * third of the offers and the propensity model all of them. Case "per-offer": one logistic T-learner per offer.
 * Case "site": the given models as they are (the demo site's pooled model on its own offers).
 */
function models(c: BenchCase, kind: BenchKind): { list: DeviceModel[]; bytes: Map<string, Uint8Array> } {
  const bytes = new Map<string, Uint8Array>();
  const list: DeviceModel[] = [];
  if (kind === 'site') {
    for (const { manifest, bytes: b } of c.demo) {
      list.push({ ...manifest, url: `/v1/models/${manifest.sha256}` });
      bytes.set(manifest.sha256, Uint8Array.from(b));
    }
    return { list, bytes };
  }
  if (kind === 'shared') {
    const third = Math.ceil(c.offers.length / 3);
    const part: Record<string, Offer[]> = {
      'demo-women-15': c.offers.slice(0, third), 'demo-winback-25': c.offers.slice(third, 2 * third), 'demo-shoes-20': c.offers.slice(2 * third),
    };
    for (const { manifest, bytes: b } of c.demo) {
      const offers = part[manifest.id] ?? [];
      list.push({ ...manifest, offers: offers.map((o) => o.id), url: `/v1/models/${manifest.sha256}` });
      bytes.set(manifest.sha256, Uint8Array.from(b));
    }
    return { list, bytes };
  }
  const base = c.demo.find((d) => d.manifest.id === 'demo-women-15')!.manifest;
  c.offers.forEach((offer, i) => {
    const w = base.inputs.map((_, k) => Math.sin(i + k) / 2);
    const sha = hex(i + 1); // no crypto.subtle on a data: page, so the hash is an id here, not verified
    bytes.set(sha, tLearnerGraph({ weights: w, bias: -2 }, { weights: w.map((v) => v * 0.8), bias: -2.2 }));
    list.push({ ...base, id: `m-${i}`, sha256: sha, offers: [offer.id], url: `/v1/models/${sha}` });
  });
  return { list, bytes };
}

declare global {
  interface Window {
    benchScoring(c: BenchCase, kind: BenchKind, iterations: number): Promise<{ perCallMs: number[]; sources: Record<string, number> }>;
  }
}

window.benchScoring = async (c, kind, iterations) => {
  clearModels();
  const { list, bytes } = models(c, kind);
  const economics = c.economics;
  const offers = economics ? c.offers.map((o) => ({ ...o, redemptionCost: redemptionCostOf(o, economics) ?? 0 })) : c.offers;
  const config = { segments: c.segments, offers, models: list } as unknown as DeviceConfig;
  const run = () => scoreOffers({ config, profile: c.profile, segmentId: 'lapsing', offers, models: { fetchBytes: async (m) => bytes.get(m.sha256)! } });
  const first = await run(); // loads and compiles every model once, as the first decision does
  for (let i = 0; i < 50; i++) await run();
  const perCallMs: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await run();
    perCallMs.push(performance.now() - started);
  }
  const sources: Record<string, number> = {};
  for (const s of first) sources[s.source.startsWith('m-') ? 'per-offer model' : s.source] = (sources[s.source.startsWith('m-') ? 'per-offer model' : s.source] ?? 0) + 1;
  return { perCallMs, sources };
};
