// Both uplift methods find a known heterogeneous effect, with unbalanced arms.
import { describe, expect, it } from 'vitest';
import { rng } from './dataset.ts';
import { fitUplift, predictUplift, UPLIFT_METHODS } from './uplift.ts';

// x = 1 shoppers respond to the offer (+30 points), x = 0 shoppers do not; arms 1:3 unbalanced on purpose.
function simulate(n: number) {
  const random = rng(9);
  const X: Float64Array[] = [];
  const y: number[] = [];
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = random() < 0.5 ? 1 : 0;
    const treated = random() < 0.25 ? 1 : 0;
    X.push(Float64Array.from([x]));
    t.push(treated);
    y.push(random() < 0.2 + (treated && x ? 0.3 : 0) ? 1 : 0);
  }
  return { X, y, t };
}

describe.each(UPLIFT_METHODS)('%s', (method) => {
  it('recovers a heterogeneous effect with unbalanced arms', () => {
    const { X, y, t } = simulate(40000);
    const fit = fitUplift(method, X, y, t, { l2: 0 });
    const [u0, u1] = predictUplift(fit, [Float64Array.from([0]), Float64Array.from([1])]).uplift;
    expect(u1).toBeCloseTo(0.3, 1);
    expect(Math.abs(u0!)).toBeLessThan(0.03);
  });
});
