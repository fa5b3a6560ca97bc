// Conditions are checked without recursion: depth is bounded, unsafe patterns are refused at their path.
import { describe, expect, it } from 'vitest';
import { MAX_CONDITION_DEPTH, conditionProblem, conditionSchema } from './condition.ts';
import { zodErrorBody } from './errors.ts';

function nested(levels: number): Record<string, unknown> {
  let condition: Record<string, unknown> = { frequency: 1 };
  for (let i = 0; i < levels; i++) condition = { $and: [condition] };
  return condition;
}

describe('conditionProblem', () => {
  it('names a condition nested 4,000 levels deep instead of overflowing the stack', () => {
    const problem = conditionProblem(nested(4000));
    expect(problem?.message).toMatch(`nested deeper than ${MAX_CONDITION_DEPTH} levels`);
    expect(problem?.path).toHaveLength(MAX_CONDITION_DEPTH);
    expect(problem?.path.slice(0, 2)).toEqual(['$and', 0]);
  });

  it('accepts a condition just inside the bound', () => {
    expect(conditionProblem(nested(MAX_CONDITION_DEPTH / 2 - 1))).toBeNull();
  });

  it('refuses a catastrophic $regex at its path, and a $regex that is not a string', () => {
    expect(conditionProblem({ topCategory: { $regex: '^(a+)+$' } })).toEqual({
      path: ['topCategory', '$regex'],
      message: 'regular expression refused: nested quantifier: a repeated group contains a quantifier, as in (a+)+',
    });
    expect(conditionProblem({ $or: [{ s: { $regexi: '(a|a)*' } }] })?.path).toEqual(['$or', 0, 's', '$regexi']);
    expect(conditionProblem({ s: { $regex: 5 } })?.message).toBe('expected a regular expression as a string, received number');
    expect(conditionProblem({ s: { $regex: '^/demo/' } })).toBeNull();
  });

  it('reports the first problem in document order', () => {
    expect(conditionProblem({ a: { $gt: 1 }, b: { $gtee: 1 } })?.path).toEqual(['b', '$gtee']);
  });

  it('gives the schema error the path and message', () => {
    const result = conditionSchema.safeParse({ x: { $regex: '(\\w|\\d)+$' } });
    expect(zodErrorBody('invalid_config', result.error!).error).toMatchObject({ path: ['x', '$regex'], message: expect.stringMatching(/^x\.\$regex: regular expression refused: ambiguous alternation/) });
  });
});
