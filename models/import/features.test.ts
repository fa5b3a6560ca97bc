// --source and --fill pairs split after the longest feature column they start with, since a column may hold "=".
import { describe, expect, it } from 'vitest';
import { parseFills, parseSources } from './features.ts';

const FEATURES = ['zip_code', 'zip_code=Urban', 'recency'];

describe('parseSources and parseFills', () => {
  it('split each pair after the longest column it starts with', () => {
    expect(parseSources(['zip_code=Urban=topCategory==women', 'recency=recencyDays'], FEATURES)).toEqual({
      'zip_code=Urban': { path: 'topCategory', value: 'women' },
      recency: { path: 'recencyDays' },
    });
    expect(parseFills(['zip_code=Urban=missing', 'zip_code=2', 'recency=0.5'], FEATURES)).toEqual({ 'zip_code=Urban': null, zip_code: 2, recency: 0.5 });
  });

  it('name the pair that fits no column, or whose value is not a number', () => {
    expect(() => parseSources(['recncy=recencyDays'], FEATURES)).toThrow('--source "recncy=recencyDays": no feature column "recncy"; did you mean recency?');
    expect(() => parseFills(['frequency=0'], FEATURES)).toThrow('--fill "frequency=0": expected column=VALUE or column=missing, the column one of --features');
    expect(() => parseFills(['recency='], FEATURES)).toThrow('--fill "recency=": expected a number or "missing"');
  });
});
