// Uplift models for the simulated shop, trained the way a retailer would: on its own earlier randomised test (a
// separate population drawn from the same world), with the project's training pipeline, shipped as ONNX and
// scored on the device by the SDK's model runtime.
import type { ModelManifest } from '../protocol/index.ts';
import type { Table } from '../models/data/csv.ts';
import { trainUpliftModel } from '../models/pipeline/index.ts';
import { applyEvent, refresh } from '../client-sdk/src/profile/index.ts';
import { initialState, visitEvents } from './shop.ts';
import { CATEGORIES, createWorld, stream, type World } from './world.ts';

/** Model inputs: profile attributes the device has (column name -> profile path). */
const SOURCES: Record<string, string> = {
  frequency: 'frequency', recencyDays: 'recencyDays', monetary: 'monetary', discountShare: 'discountShare',
  sessions: 'sessions', itemViews: 'itemViews', priceLevel: 'priceLevel', tenureDays: 'tenureDays',
  ...Object.fromEntries(CATEGORIES.map((c) => [`affinity_${c}`, `categoryAffinity.${c}`])),
};

export interface TrainedModels {
  manifests: ModelManifest[];
  /** Model bytes by sha256, what the edge would serve at /v1/models/{sha256}. */
  bytes: Map<string, Uint8Array>;
  /** Rows of the earlier test. */
  rows: number;
}

/**
 * The retailer's earlier test: `shoppers` other shoppers of the same world, each shown one offer at random (or
 * none, the control) on one visit, with the purchase drawn from the truth. One T-learner (logistic) per offer.
 * @example const { manifests, bytes } = trainModels(world, 30_000)
 */
export function trainModels(world: World, shoppers: number): TrainedModels {
  const past = createWorld({ seed: (world.seed ^ 0x5bd1e995) >>> 0, shoppers, days: world.days, start: world.start });
  const arms = ['control', ...past.offers.map((o) => o.id)];
  const columns = [...Object.keys(SOURCES), 'arm', 'bought'];
  const rows: (string | null)[][] = [];
  for (const shopper of past.shoppers) {
    const rng = stream(past.seed, 'past-test', shopper.index);
    const state = initialState(past, shopper);
    const { t, events } = visitEvents(past, shopper, 0, rng);
    for (const event of events) applyEvent(state, event);
    const profile = refresh(state, t) as unknown as Record<string, unknown>;
    const arm = arms[Math.floor(rng() * arms.length)]!;
    const p = arm === 'control' ? shopper.pControl : shopper.pTreatment[arm]!;
    const read = (path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | null)?.[k], profile);
    rows.push([
      ...Object.values(SOURCES).map((path) => {
        const v = read(path);
        return typeof v === 'number' ? String(v) : path.startsWith('categoryAffinity.') ? '0' : null;
      }),
      arm, rng() < p ? '1' : '0',
    ]);
  }
  const table: Table = { columns, rows };
  const manifests: ModelManifest[] = [];
  const bytes = new Map<string, Uint8Array>();
  for (const offer of past.offers) {
    const model = trainUpliftModel(table, {
      id: `sim-${offer.id}`, data: 'simulated earlier test', outcome: 'bought', features: Object.keys(SOURCES), sources: SOURCES,
      treatment: { column: 'arm', value: offer.id }, control: { column: 'arm', value: 'control' }, offers: [offer.id],
      method: 't-learner', learner: 'logistic', l2: 1e-2, seed: world.seed,
    });
    manifests.push(model.manifest);
    bytes.set(model.manifest.sha256, model.bytes);
  }
  return { manifests, bytes, rows: rows.length };
}
