// The cut between evaluate.ts and operators.ts, as the script tag sees it before sdk-operators.js is in: every
// rule usesRareOperators passes evaluates exactly without the part, so loading it only for the others is safe.
import { describe, expect, it, vi } from 'vitest';
import { CONDITION_OPERATORS } from '../../../protocol/condition-operators.ts';
import casesJson from './cases.json' with { type: 'json' };
import type { ConditionCasesFile } from './cases.ts';
import { evaluateCondition, usesRareOperators } from './evaluate.ts';

// The shim's answer while the part is not in (build.mjs, `sync`).
vi.mock('./operators.ts', () => ({ rareOperator: () => false, warmOperators: async () => {} }));

const cases = (casesJson as ConditionCasesFile).cases;
/** What evaluate.ts handles itself; everything else loads the part. */
const HERE = ['$eq', '$ne', '$lt', '$lte', '$gt', '$gte', '$exists', '$in', '$nin', '$inGroup', '$notInGroup', '$not', '$and', '$or', '$nor'];

describe('usesRareOperators', () => {
  it.each(CONDITION_OPERATORS.map((op) => [op]))('%s', (op) => {
    expect(usesRareOperators({ segments: [{ condition: { a: { [op]: 1 } } }] })).toBe(!HERE.includes(op));
  });

  it('reads keys only: offer texts with a $ do not load the part', () => {
    expect(usesRareOperators({ offers: [{ eligibility: { frequency: { $gte: 1 } }, content: { title: '$all: $5 off', body: '"$regex"' } }] })).toBe(false);
    expect(usesRareOperators({ $or: [{ a: { $not: { $in: [1] } } }, { b: { $nin: [] } }] })).toBe(false);
  });
});

describe('evaluate.ts without the part', () => {
  const plain = cases.filter((c) => !usesRareOperators(c.condition));

  it('still has most shared cases to hold, and answers false for a rare operator (the part is mocked here)', () => {
    expect(plain.length).toBeGreaterThan(cases.length / 2);
    expect(evaluateCondition({ a: [] }, { a: { $size: 0 } })).toBe(false);
  });

  it.each(plain.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(evaluateCondition(c.attributes, c.condition, c.savedGroups)).toBe(c.expected);
  });
});
