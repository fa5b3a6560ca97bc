// Reading roles from model outputs: the column a manifest names (P(class 1) of [N, 2] probabilities, not P(class 0)),
// per-offer columns of a pooled uplift model, rows of a batch, and outputs that cannot be read.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeModel, floatTensor } from '../../../models/onnx/index.ts';
import { siteConfigSchema, type DeviceConfig, type DeviceModel, type DeviceOffer as Offer, type Profile } from '../../../protocol/index.ts';
import { emptyProfile } from '../profile/index.ts';
import { clearModels, scoreOffers } from './index.ts';
import { formatOutputRef, outputNames, readOutput, readRoles } from './outputs.ts';

const t = (shape: number[], values: number[]) => ({ shape, data: Float64Array.from(values) });

describe('readOutput', () => {
  const out = { probabilities: t([2, 2], [0.75, 0.25, 0.4, 0.6]), p: t([2, 1], [0.1, 0.2]), label: t([2], [0, 1]) };

  it('reads the named column of the named row', () => {
    expect(readOutput(out, { name: 'probabilities', column: 1 }, 0)).toBe(0.25);
    expect(readOutput(out, { name: 'probabilities', column: 1 }, 1)).toBe(0.6);
    expect(readOutput(out, { name: 'probabilities', column: 0 }, 1)).toBe(0.4);
    // A plain name is column 0, of [N, 1] and [N] alike.
    expect(readOutput(out, 'p', 1)).toBe(0.2);
    expect(readOutput(out, 'label', 1)).toBe(1);
  });

  it('reads the offer\'s own column of a per-offer output, and nothing for an offer it does not list', () => {
    const ref = { name: 'probabilities', columns: { a: 1, b: 0 } };
    expect(readOutput(out, ref, 0, 'a')).toBe(0.25);
    expect(readOutput(out, ref, 0, 'b')).toBe(0.75);
    expect(readOutput(out, ref, 0, 'c')).toBeUndefined();
  });

  it('names the output that is missing, too narrow or not a number', () => {
    expect(() => readOutput(out, 'proba', 0)).toThrow('output "proba" was not produced (outputs: probabilities, p, label)');
    expect(() => readOutput(out, { name: 'p', column: 1 }, 0)).toThrow('output "p" has 1 column; column 1 was asked for');
    expect(() => readOutput({ p: t([1, 1], [NaN]) }, 'p', 0)).toThrow('output "p" column 0 row 0 is NaN, not a finite number');
  });

  it('lists each tensor once and formats references', () => {
    const outputs = { p_treatment: { name: 'pt', columns: { a: 0, b: 1 } }, p_control: 'pc', uplift: { name: 'pc', column: 0 } };
    expect(outputNames(outputs)).toEqual(['pt', 'pc']);
    expect(readRoles({ pt: t([1, 2], [0.3, 0.4]), pc: t([1, 1], [0.2]) }, outputs, 0, 'b')).toEqual({ p_treatment: 0.4, p_control: 0.2, uplift: 0.2 });
    expect(formatOutputRef(outputs.p_treatment)).toBe('pt[:, 0 (a), 1 (b)]');
    expect(formatOutputRef({ name: 'probabilities', column: 1 })).toBe('probabilities[:, 1]');
    expect(formatOutputRef('pc')).toBe('pc');
  });
});

describe('scoreOffers reads the columns manifests name', () => {
  const offer = (id: string): Offer => ({ id, name: id, slots: ['hero'], margin: 20, redemptionCost: 10, items: [], upliftPrior: {}, eligibility: {} } as unknown as Offer);
  const offers = [offer('offer-a'), offer('offer-b'), offer('offer-c')];
  const profile: Profile = { ...emptyProfile(), frequency: 2, pageViews: 10, recencyDays: 30 };
  const inputs = [{ kind: 'numeric' as const, name: 'frequency', source: 'frequency', fill: 0 }, { kind: 'numeric' as const, name: 'recency', source: 'recencyDays', fill: 0 }];
  const x = [2, 30];
  const sigmoid = (v: number) => Math.fround(1 / (1 + Math.exp(-v)));
  // A pooled uplift model: p_treatment [N, 2] (one column per offer), p_control [N, 1]; and a [N, 2] classifier.
  const wt = [0.5, -0.25, -0.01, 0.02];
  const wc = [0.1, -0.03];
  const pooled = encodeModel({
    name: 'pooled',
    nodes: [
      { op: 'MatMul', inputs: ['input', 'Wt'], outputs: ['zt'] }, { op: 'Sigmoid', inputs: ['zt'], outputs: ['p_treatment'] },
      { op: 'MatMul', inputs: ['input', 'Wc'], outputs: ['zc'] }, { op: 'Sigmoid', inputs: ['zc'], outputs: ['p_control'] },
    ],
    initializers: [floatTensor('Wt', [2, 2], wt), floatTensor('Wc', [2, 1], wc)],
    inputs: [{ name: 'input', dims: ['N', 2] }],
    outputs: [{ name: 'p_treatment', dims: ['N', 2] }, { name: 'p_control', dims: ['N', 1] }],
  });
  const classifier = encodeModel({
    name: 'classifier',
    nodes: [{ op: 'LinearClassifier', domain: 'ai.onnx.ml', inputs: ['input'], outputs: ['label', 'probabilities'], attributes: {
      coefficients: { floats: [-0.2, 0.01, 0.2, -0.01] }, intercepts: { floats: [0.5, -0.5] }, classlabels_ints: { ints: [0, 1] }, post_transform: { string: 'LOGISTIC' },
    } }],
    initializers: [],
    inputs: [{ name: 'input', dims: ['N', 2] }],
    outputs: [{ name: 'label', dims: ['N'], elemType: 7 }, { name: 'probabilities', dims: ['N', 2] }],
  });
  const bytes = new Map([['1'.repeat(64), pooled], ['2'.repeat(64), classifier]]);
  const pooledModel: DeviceModel = {
    id: 'pooled', kind: 'uplift', sha256: '1'.repeat(64), url: '/m/1', inputs, inputName: 'input', offers: ['offer-a', 'offer-b'], metrics: {},
    outputs: { p_control: 'p_control', p_treatment: { name: 'p_treatment', columns: { 'offer-a': 0, 'offer-b': 1 } } },
  };
  const propensity: DeviceModel = {
    id: 'buy', kind: 'propensity', sha256: '2'.repeat(64), url: '/m/2', inputs, inputName: 'input', offers: [], metrics: {},
    outputs: { probability: { name: 'probabilities', column: 1 } },
  };
  const config = { segments: [], offers, models: [pooledModel, propensity] } as unknown as DeviceConfig;
  const fetchBytes = vi.fn(async (m: DeviceModel) => bytes.get(m.sha256)!);
  // No hash check: these hashes are ids (Node has crypto.subtle, which would refuse them).
  vi.stubGlobal('crypto', {});
  afterAll(() => vi.unstubAllGlobals());
  beforeEach(() => clearModels());

  it('gives each offer of a pooled model its own p_treatment column and the shared p_control', async () => {
    const errors: unknown[] = [];
    const [a, b, c] = await scoreOffers({ config, profile, segmentId: null, offers, models: { fetchBytes }, onModelError: (_, e) => errors.push(e) });
    expect(errors).toEqual([]);
    const pControl = sigmoid(x[0]! * wc[0]! + x[1]! * wc[1]!);
    expect(a).toMatchObject({ source: 'pooled' });
    expect(a!.pTreatment).toBeCloseTo(sigmoid(x[0]! * wt[0]! + x[1]! * wt[2]!), 6);
    expect(b!.pTreatment).toBeCloseTo(sigmoid(x[0]! * wt[1]! + x[1]! * wt[3]!), 6);
    expect(a!.pControl).toBeCloseTo(pControl, 6);
    expect(b!.pControl).toBeCloseTo(pControl, 6);
    expect(a!.pTreatment).not.toBeCloseTo(b!.pTreatment, 3);
    // offer-c is not pooled: the propensity model's P(class 1) is its P(buy), column 1 of [1, 2], not column 0.
    const p1 = sigmoid(-0.5 + 0.2 * x[0]! - 0.01 * x[1]!);
    expect(c).toMatchObject({ source: 'buy', uplift: 0 });
    expect(c!.pControl).toBeCloseTo(p1, 6);
    expect(c!.pControl).not.toBeCloseTo(sigmoid(0.5 - 0.2 * x[0]! + 0.01 * x[1]!), 3);
  });

  it('reports a model whose manifest names a column its output lacks, and scores the offer without it', async () => {
    const wide = { ...propensity, id: 'wide', outputs: { probability: { name: 'probabilities', column: 2 } } };
    const errors: [string, string][] = [];
    const [, , c] = await scoreOffers({
      config: { ...config, models: [wide] }, profile, segmentId: null, offers, models: { fetchBytes },
      onModelError: (id, e) => errors.push([id, String(e)]),
    });
    expect(errors).toEqual([['wide', 'Error: output "probabilities" has 2 columns; column 2 was asked for']]);
    expect(c!.source).toBe('prior');
  });

  it('is held by the site config: per-offer columns name offers the model scores', () => {
    const demo = JSON.parse(readFileSync(new URL('../../../demo/site-config.json', import.meta.url), 'utf8'));
    const [a, b, c] = demo.offers.map((o: { id: string }) => o.id) as string[];
    const { url: _, ...manifest } = pooledModel;
    const site = { ...demo, models: [{ ...manifest, offers: [a, b], outputs: { p_control: 'p_control', p_treatment: { name: 'p_treatment', columns: { [a!]: 0, [b!]: 1 } } } }] };
    const parsed = siteConfigSchema.safeParse(site);
    expect(parsed.error?.issues ?? []).toEqual([]);
    const bad = structuredClone(site);
    Object.assign(bad.models[0].outputs.p_treatment.columns, { [c!]: 2, 'offer-z': 3 });
    const issues = siteConfigSchema.safeParse(bad).error!.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues).toEqual([
      [`models.0.outputs.p_treatment.columns.${c}`, `offer "${c}" is not in this model's offers`],
      ['models.0.outputs.p_treatment.columns.offer-z', 'unknown offer "offer-z"'],
    ]);
  });
});

describe('missing values on the device', () => {
  const profile: Profile = { ...emptyProfile(), frequency: 2, pageViews: 10, recencyDays: null };
  const offer = { id: 'o', margin: 20, cost: 1, upliftPrior: {} } as unknown as Offer;
  // A tree over recency (input 1) whose missing values go to their own leaf, and a logistic model over both.
  const tree = encodeModel({
    name: 'tree', initializers: [],
    nodes: [{ op: 'TreeEnsembleRegressor', domain: 'ai.onnx.ml', inputs: ['input'], outputs: ['p'], attributes: {
      n_targets: { int: 1 }, nodes_treeids: { ints: [0, 0, 0] }, nodes_nodeids: { ints: [0, 1, 2] }, nodes_featureids: { ints: [1, 0, 0] },
      nodes_values: { floats: [30, 0, 0] }, nodes_modes: { strings: ['BRANCH_LEQ', 'LEAF', 'LEAF'] }, nodes_truenodeids: { ints: [1, 0, 0] },
      nodes_falsenodeids: { ints: [2, 0, 0] }, nodes_missing_value_tracks_true: { ints: [1, 0, 0] },
      target_treeids: { ints: [0, 0] }, target_nodeids: { ints: [1, 2] }, target_ids: { ints: [0, 0] }, target_weights: { floats: [0.25, 0.05] },
    } }],
    inputs: [{ name: 'input', dims: ['N', 2] }], outputs: [{ name: 'p', dims: ['N', 1] }],
  });
  const linear = encodeModel({
    name: 'linear', initializers: [floatTensor('W', [2, 1], [0.1, -0.01])],
    nodes: [{ op: 'MatMul', inputs: ['input', 'W'], outputs: ['z'] }, { op: 'Sigmoid', inputs: ['z'], outputs: ['p'] }],
    inputs: [{ name: 'input', dims: ['N', 2] }], outputs: [{ name: 'p', dims: ['N', 1] }],
  });
  const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  const bytes = new Map([[sha(tree), tree], [sha(linear), linear]]);
  const manifest = (sha256: string, fill: number | null): DeviceModel => ({
    id: sha256 === sha(tree) ? 'tree' : 'linear', kind: 'propensity', sha256, url: '/m', inputName: 'input', offers: [], metrics: {}, outputs: { probability: 'p' },
    inputs: [{ kind: 'numeric', name: 'frequency', source: 'frequency', fill: 0 }, { kind: 'numeric', name: 'recency', source: 'recencyDays', fill }],
  });
  const score = async (model: DeviceModel) => {
    clearModels();
    const errors: string[] = [];
    const config = { segments: [], offers: [offer], models: [model] } as unknown as DeviceConfig;
    const [s] = await scoreOffers({ config, profile, segmentId: null, offers: [offer], models: { fetchBytes: async (m) => bytes.get(m.sha256)! }, onModelError: (_, e) => errors.push(String(e)) });
    return { ...s!, errors };
  };

  it("takes a tree's missing-value branch when the manifest's fill is null, and the fill's branch otherwise", async () => {
    expect(await score(manifest(sha(tree), null))).toMatchObject({ source: 'tree', pControl: Math.fround(0.25), errors: [] });
    expect(await score(manifest(sha(tree), 365))).toMatchObject({ source: 'tree', pControl: Math.fround(0.05), errors: [] });
  });

  it('reports a model that gives NaN for a missing value, and scores the offer without it', async () => {
    const { source, errors } = await score(manifest(sha(linear), null));
    expect(source).toBe('prior');
    expect(errors).toEqual(['Error: output "p" column 0 row 0 is NaN, not a finite number']);
    expect((await score(manifest(sha(linear), 0))).errors).toEqual([]);
  });
});

