// Logistic regression: known coefficients recovered, L2 shrinkage and sample weights honoured.
import { describe, expect, it } from 'vitest';
import { fitLogistic, predictLogistic } from './logistic.ts';
import { rng } from './dataset.ts';

describe('fitLogistic', () => {
  it('recovers known coefficients from simulated data', () => {
    const random = rng(3);
    const X: Float64Array[] = [];
    const y: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const x = Float64Array.from([random() * 2 - 1, random() * 2 - 1]);
      X.push(x);
      y.push(random() < 1 / (1 + Math.exp(-(-1 + 2 * x[0]! - 0.5 * x[1]!))) ? 1 : 0);
    }
    const model = fitLogistic(X, y, { l2: 0 });
    expect(model.bias).toBeCloseTo(-1, 1);
    expect(model.weights[0]).toBeCloseTo(2, 1);
    expect(model.weights[1]).toBeCloseTo(-0.5, 1);
  });

  it('shrinks weights under L2 and honours sample weights', () => {
    const X = [0, 0, 1, 1].map((v) => Float64Array.from([v]));
    const y = [0, 1, 1, 1];
    const loose = fitLogistic(X, y, { l2: 1e-6 });
    const tight = fitLogistic(X, y, { l2: 10 });
    expect(Math.abs(tight.weights[0]!)).toBeLessThan(Math.abs(loose.weights[0]!));
    // Weighting the x=0 negative 3x makes P(y=1 | x=0) = 1/4.
    const weighted = fitLogistic(X, y, { l2: 0, weights: [3, 1, 1, 1], maxIterations: 200 });
    expect(predictLogistic(weighted, [Float64Array.from([0])])[0]).toBeCloseTo(0.25, 4);
  });
});
