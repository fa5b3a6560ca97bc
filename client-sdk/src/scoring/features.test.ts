// The model input vector: each feature kind, as the device and the training pipeline compute it.
import { describe, expect, it } from 'vitest';
import { featureSpecSchema, modelManifestSchema, type FeatureSpec } from '../../../protocol/index.ts';
import { encodeRows } from '../../../models/data/encode.ts';
import { featureVector } from './features.ts';

const profile = { frequency: 3, recencyDays: 75, discountShare: 0.5, topCategory: 'women', categoryAffinity: { women: 3, men: 1 } };
const specs: FeatureSpec[] = [
  { kind: 'numeric', name: 'log_frequency', source: 'frequency', fill: 0, transform: 'log1p' },
  { kind: 'onehot', name: 'women', source: 'topCategory', value: 'women' },
  { kind: 'share', name: 'share_women', source: 'categoryAffinity.women', fill: 0.5 },
  { kind: 'share', name: 'share_kids', source: 'categoryAffinity.kids', fill: 0.5 },
  { kind: 'atLeast', name: 'lapsed', source: 'recencyDays', threshold: 60 },
  { kind: 'numeric', name: 'ds_x_women', source: 'discountShare', fill: 0, times: 'share_women', scale: { mean: 0.1, std: 0.5 } },
];

describe('featureVector', () => {
  it('computes log1p, one-hot, shares of a map, thresholds and crosses (scaled last)', () => {
    expect([...featureVector(specs, profile)]).toEqual([Math.log(4), 1, 0.75, 0, 1, (0.5 * 0.75 - 0.1) / 0.5]);
  });

  it('fills a share of an empty map, and gives 0 below a threshold or with the attribute missing', () => {
    const fresh = { frequency: 0, recencyDays: null, discountShare: 0, categoryAffinity: {} };
    expect([...featureVector(specs, fresh)]).toEqual([0, 0, 0.5, 0.5, 0, (0 - 0.1) / 0.5]);
  });

  it('matches the training pipeline\'s encoding of CSV columns for the kinds a column can give', () => {
    const csvSpecs = specs.filter((s) => s.kind !== 'share' && !('times' in s && s.times));
    const table = { columns: ['log_frequency', 'women', 'lapsed'], rows: [['3', 'women', '75'], [null, 'men', '10']] };
    const [a, b] = encodeRows(table, csvSpecs, (s) => s.name);
    expect([...a!]).toEqual([...featureVector(csvSpecs, { frequency: 3, topCategory: 'women', recencyDays: 75 })]);
    expect([...b!]).toEqual([...featureVector(csvSpecs, { topCategory: 'men', recencyDays: 10 })]);
    expect(() => encodeRows(table, specs, (s) => s.name)).toThrow('a share of a map attribute is computed on the device');
  });

  it('is validated: a share names a map entry, a cross an earlier input', () => {
    expect(featureSpecSchema.safeParse({ kind: 'share', name: 's', source: 'categoryAffinity' }).error?.issues[0]?.message).toMatch(/reads one entry of a map/);
    const manifest = (inputs: FeatureSpec[]) => ({ id: 'm', kind: 'uplift', sha256: '0'.repeat(64), inputs, outputs: { p_treatment: 'p' } });
    const later = modelManifestSchema.safeParse(manifest([{ kind: 'numeric', name: 'x', source: 'frequency', fill: 0, times: 'y' }, { kind: 'numeric', name: 'y', source: 'sessions', fill: 0 }]));
    expect(later.error?.issues[0]).toMatchObject({ path: ['inputs', 0, 'times'], message: '"y" is not the name of an earlier input' });
  });
});
