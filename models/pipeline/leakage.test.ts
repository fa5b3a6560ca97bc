// Training leaves out columns recorded after the outcome, says so, and keeps them only when asked by name.
import { describe, expect, it } from 'vitest';
import { rng } from '../train/dataset.ts';
import { trainPropensityModel, trainUpliftModel } from './index.ts';

function table() {
  const random = rng(3);
  const rows: (string | null)[][] = [];
  for (let i = 0; i < 600; i++) {
    const x = random();
    const treated = i % 2;
    const y = random() < 0.2 + 0.3 * x + 0.1 * treated ? 1 : 0;
    rows.push([x.toFixed(4), treated ? 'mail' : 'none', String(y), y ? (10 + 50 * random()).toFixed(2) : '0']);
  }
  return { columns: ['x', 'arm', 'visit', 'spend'], rows };
}

describe('target leakage', () => {
  const arms = { treatment: { column: 'arm', value: 'mail' }, control: { column: 'arm', value: 'none' } };

  it('leaves out a column that is non-zero only when the outcome is 1', () => {
    const uplift = trainUpliftModel(table(), { id: 'u', data: 't.csv', outcome: 'visit', ...arms });
    expect(uplift.training.leakingColumns).toEqual(['spend']);
    expect(uplift.manifest.inputs.map((i) => i.name)).toEqual(['x']);
    const propensity = trainPropensityModel(table(), { id: 'p', data: 't.csv', outcome: 'visit' });
    expect(propensity.training.leakingColumns).toEqual(['spend']);
  });

  it('keeps it when --features names it', () => {
    const model = trainUpliftModel(table(), { id: 'u', data: 't.csv', outcome: 'visit', features: ['x', 'spend'], ...arms });
    expect(model.training.leakingColumns).toBeUndefined();
    expect(model.manifest.inputs.map((i) => i.name)).toEqual(['x', 'spend']);
  });
});
