// Feature detection and encoding, held to the device's featureVector on the same rows.
import { describe, expect, it } from 'vitest';
import { featureVector } from '../../client-sdk/src/scoring/index.ts';
import { parseCsv } from './csv.ts';
import { encodeRows, learnFeatures, profileRecord } from './encode.ts';

const table = parseCsv('age,channel,flag\n20,web,1\n40,phone,0\n,web,1\n30,,0');

describe('learnFeatures', () => {
  it('detects numeric columns (mean fill, standardised) and one-hots categories by frequency', () => {
    const specs = learnFeatures(table, { features: ['age', 'channel'], sources: { age: 'profile.age' } });
    const std = Number(Math.sqrt(200 / 3).toPrecision(10));
    expect(specs).toEqual([
      { kind: 'numeric', name: 'age', source: 'profile.age', fill: 30, scale: { mean: 30, std } },
      { kind: 'onehot', name: 'channel=web', source: 'channel', value: 'web' },
      { kind: 'onehot', name: 'channel=phone', source: 'channel', value: 'phone' },
    ]);
  });

  it('rejects an unknown feature column by name', () => {
    expect(() => learnFeatures(table, { features: ['age', 'colour'] })).toThrow('unknown feature column "colour"');
  });
});

describe('encodeRows', () => {
  it('encodes rows exactly as the device encodes the matching profile', () => {
    const specs = learnFeatures(table, { features: ['age', 'channel', 'flag'] });
    const X = encodeRows(table, specs);
    expect(Array.from(X[2]!)).toEqual([0, 1, 0, (1 - 0.5) / 0.5]);
    table.rows.forEach((row, i) => {
      expect(Array.from(featureVector(specs, profileRecord(table, row, specs)))).toEqual(Array.from(X[i]!));
    });
  });
});
