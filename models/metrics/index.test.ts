// AUC, uplift@k and Qini on small cases with known answers.
import { describe, expect, it } from 'vitest';
import { ate, auc, qini, upliftAtK } from './index.ts';

describe('auc', () => {
  it('is 1 for a perfect ranking, 0.5 for ties, and averages tied ranks', () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(auc([0.9, 0.1], [1, 0])).toBe(1);
    expect(auc([0.5, 0.5, 0.5], [1, 0, 1])).toBe(0.5);
    expect(auc([0.3, 0.2], [1, 1])).toBeNaN();
  });
});

describe('uplift metrics', () => {
  // Treated responders among t=1 rows, control responders among t=0 rows.
  const y = [1, 1, 0, 0, 0, 0, 1, 1];
  const t = [1, 1, 1, 1, 0, 0, 0, 0];
  it('uplift@k per arm and overall', () => {
    const score = [0.9, 0.8, 0.1, 0.0, 0.95, 0.85, 0.05, 0.02];
    expect(upliftAtK(score, y, t, 0.5)).toBe(1); // top half of treated: 1,1; of control: 0,0
    expect(upliftAtK(score, y, t, 0.5, 'overall')).toBe(1); // top 4 overall: t 0.9, 0.8 (1, 1); c 0.95, 0.85 (0, 0)
    expect(ate(y, t)).toBe(0);
  });

  it('Qini is 1 for the perfect ranking, about 0 for an uninformative one and negative when reversed', () => {
    const perfect = t.map((ti, i) => (ti ? y[i]! : -y[i]!));
    expect(qini(perfect, y, t)).toBeCloseTo(1, 10);
    expect(qini(perfect.map((v) => -v), y, t)).toBeLessThan(0);
    expect(qini(new Array(8).fill(0), y, t)).toBe(0);
  });
});
