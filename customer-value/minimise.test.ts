// The minimiser on functions with known minima, and the Hessian and inverse the standard errors come from.
import { describe, expect, it } from 'vitest';
import { hessian, invert, minimise } from './minimise.ts';

describe('minimise', () => {
  it('finds the minimum of Rosenbrock\'s curved valley', () => {
    const rosenbrock = ([x, y]: number[]) => 100 * (y! - x! * x!) ** 2 + (1 - x!) ** 2;
    const found = minimise(rosenbrock, [-1.2, 1]);
    expect(found.converged).toBe(true);
    expect(found.x[0]).toBeCloseTo(1, 4);
    expect(found.x[1]).toBeCloseTo(1, 4);
  });

  it('treats a non-finite value as +∞ and reports running out of evaluations', () => {
    const f = ([x]: number[]) => (x! < 0 ? Number.NaN : (x! - 2) ** 2);
    expect(minimise(f, [5]).x[0]).toBeCloseTo(2, 5);
    const capped = minimise(([x, y, z]: number[]) => x! ** 2 + y! ** 2 + z! ** 2, [9, 9, 9], { maxEvaluations: 20 });
    expect(capped.converged).toBe(false);
    expect(capped.evaluations).toBeLessThanOrEqual(22);
  });
});

describe('hessian and invert', () => {
  it('differentiate a quadratic exactly and invert its matrix', () => {
    const h = hessian(([x, y]: number[]) => 3 * x! * x! + 2 * x! * y! + y! * y!, [0.3, -0.7]);
    expect(h[0]![0]).toBeCloseTo(6, 5);
    expect(h[0]![1]).toBeCloseTo(2, 5);
    expect(h[1]![1]).toBeCloseTo(2, 5);
    const inv = invert([[6, 2], [2, 2]])!;
    expect(inv[0]![0]).toBeCloseTo(0.25, 12);
    expect(inv[0]![1]).toBeCloseTo(-0.25, 12);
    expect(inv[1]![1]).toBeCloseTo(0.75, 12);
    expect(invert([[1, 2], [2, 4]])).toBeNull();
  });
});
