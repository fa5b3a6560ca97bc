// Patterns that can backtrack catastrophically are refused; the patterns rules are written with are not.
import { describe, expect, it } from 'vitest';
import casesJson from '../client-sdk/src/conditions/cases.json' with { type: 'json' };
import { MAX_PATTERN_LENGTH, unsafePattern } from './regex-safety.ts';

// Each takes seconds (or forever) in V8 on a short hostile string: the classic ReDoS shapes.
const catastrophic: [string, RegExp][] = [
  ['^(a+)+$', /nested quantifier/],
  ['(a*)*b', /nested quantifier/],
  ['^(\\d+\\.)+$', /nested quantifier/],
  ['(.*a){12}', /nested quantifier/],
  ['^(a?){25}a{25}$', /nested quantifier/],
  ['^(a{1,30}){1,30}$', /nested quantifier/],
  ['(?:a+){2,}', /nested quantifier/],
  ['^(([a-z])+.)+[A-Z]([a-z])+$', /nested quantifier/],
  ['^(?=(a+)+$)', /nested quantifier/],
  ['(a|a)*$', /ambiguous alternation/],
  ['(a|ab)*$', /ambiguous alternation/],
  ['(\\w|\\d)+$', /ambiguous alternation/],
  ['(a|)+$', /ambiguous alternation/],
  ['.*a.*a.*a.*a', /unbounded repetitions/],
  ['^\\d+\\d+\\d+\\d+$', /unbounded repetitions/],
  ['\\d+\\d+\\d+!', /unbounded repetitions/],
  ['(a)\\1', /backreferences/],
  ['(?<x>a)\\k<x>', /backreferences/],
  ['((a', /not a valid regular expression/],
  ['x'.repeat(MAX_PATTERN_LENGTH + 1), /longer than/],
];

const everyday = [
  '^/demo/', '@example\\.com$', '^abc', '^(shoes|bags)$', 'chrome|firefox', '\\d+', '^[a-z]+-[a-z]+-[a-z]+-[a-z]+$',
  '^(\\d{3}-){2}\\d{4}$', '^(?=.*\\d)(?=.*[a-z]).{8,}$', '.*foo.*bar', '^[^@]+@[^@]+\\.[a-z]{2,}$', '(ab|cd)+',
  '^v?\\d+(\\.\\d+)?$', '[]]', '^\\w+$', '\\b(sale|promo)\\b', '^(https?://)?shop\\.example/', '^SKU-\\d{4,8}$',
];

describe('unsafePattern', () => {
  it.each(catastrophic)('refuses %s', (pattern, reason) => {
    expect(unsafePattern(pattern)).toMatch(reason);
  });

  it.each(everyday)('accepts %s', (pattern) => {
    expect(unsafePattern(pattern)).toBeNull();
  });

  it('accepts every valid pattern of the shared condition cases (GrowthBook semantics unchanged)', () => {
    const patterns = casesJson.cases.flatMap((c) => JSON.stringify(c.condition).match(/"\$regexi?":"(?:[^"\\]|\\.)*"/g) ?? []);
    expect(patterns.length).toBeGreaterThan(5);
    for (const entry of patterns) {
      const pattern = JSON.parse(`{${entry}}`) as Record<string, string>;
      const source = Object.values(pattern)[0]!;
      const valid = (() => { try { new RegExp(source); return true; } catch { return false; } })();
      expect(unsafePattern(source), source).toEqual(valid ? null : expect.stringMatching(/not a valid/));
    }
  });
});
