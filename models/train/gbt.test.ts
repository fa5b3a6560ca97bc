// Boosted trees: an interaction a linear model misses, the base rate, the leaf-weight floor.
import { describe, expect, it } from 'vitest';
import { auc } from '../metrics/index.ts';
import { rng } from './dataset.ts';
import { fitGbt, predictGbt } from './gbt.ts';
import { fitLogistic, predictLogistic } from './logistic.ts';

// An interaction no linear model can express: y is likely when exactly one of x0 > 0, x1 > 0 holds.
function xor(n: number, seed: number) {
  const random = rng(seed);
  const X = Array.from({ length: n }, () => Float64Array.from([random() * 2 - 1, random() * 2 - 1, random()]));
  const y = X.map((x) => (random() < ((x[0]! > 0) !== (x[1]! > 0) ? 0.8 : 0.2) ? 1 : 0));
  return { X, y };
}

describe('fitGbt', () => {
  it('learns an interaction that logistic regression cannot', () => {
    const train = xor(6000, 1);
    const test = xor(3000, 2);
    const trees = fitGbt(train.X, train.y, { trees: 30, depth: 2 });
    const linear = fitLogistic(train.X, train.y);
    expect(auc(predictGbt(trees, test.X), test.y)).toBeGreaterThan(0.75);
    expect(auc(predictLogistic(linear, test.X), test.y)).toBeLessThan(0.6);
  });

  it('starts from the weighted base rate and respects the minimum leaf weight', () => {
    const X = [0, 0, 1, 1].map((v) => Float64Array.from([v]));
    const model = fitGbt(X, [0, 1, 1, 1], { trees: 1, minLeaf: 3, weights: [3, 1, 1, 1] });
    expect(model.base).toBeCloseTo(Math.log(3 / 3), 12);
    expect(model.trees[0]!.left[0]).toBe(-1); // no split leaves 3 weight on both sides
  });
});
