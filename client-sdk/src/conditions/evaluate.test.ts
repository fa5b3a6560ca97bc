// Runs the shared condition cases, plus the properties a case file cannot express.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CONDITION_OPERATORS } from '../../../protocol/condition.ts';
import casesJson from './cases.json' with { type: 'json' };
import type { ConditionCasesFile } from './cases.ts';
import { evaluateCondition, paddedVersion, readPath } from './index.ts';

const file = casesJson as ConditionCasesFile;

describe('condition cases.json', () => {
  it('is version 1 with unique names', () => {
    expect(file.version).toBe(1);
    expect(new Set(file.cases.map((c) => c.name)).size).toBe(file.cases.length);
  });

  it.each(file.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(evaluateCondition(c.attributes, c.condition, c.savedGroups)).toBe(c.expected);
  });

  it('covers every operator of the protocol', () => {
    const text = JSON.stringify(file.cases.map((c) => c.condition));
    for (const operator of CONDITION_OPERATORS) expect(text, operator).toContain(`"${operator}"`);
  });
});

describe('evaluateCondition', () => {
  it('has the documented signature', () => {
    expectTypeOf(evaluateCondition).returns.toEqualTypeOf<boolean>();
  });

  it('never throws on hostile input', () => {
    expect(evaluateCondition(null, { a: { $regex: '[' } })).toBe(false);
    expect(evaluateCondition({ a: 1 }, { $or: 'nonsense' } as never)).toBe(true);
    expect(evaluateCondition({ a: [null, 0] }, { a: { $elemMatch: { b: 1 } } })).toBe(false);
  });

  it('orders versions numerically', () => {
    expect(paddedVersion('1.10.0') > paddedVersion('1.9.9')).toBe(true);
    expect(paddedVersion(2)).toBe(paddedVersion('2'));
  });

  it('reads dotted paths and returns null past a missing step', () => {
    expect(readPath({ a: { b: [5] } }, 'a.b.0')).toBe(5);
    expect(readPath({ a: 1 }, 'a.b')).toBeNull();
  });
});
