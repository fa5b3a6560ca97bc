// The condition builder's model: every condition the demo uses is drawn as rules and written back to a condition
// that matches exactly the same shoppers; what the form cannot draw stays JSON; the operators are the language's.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONDITION_OPERATORS } from '../../protocol/condition-operators.ts';
import { PROFILE_ATTRIBUTES } from '../../protocol/profile.ts';
import { evaluateCondition } from '../../client-sdk/src/conditions/index.ts';
import { OPERATORS, attributeFor, operatorsFor, toCondition, toGroup } from './conditions.ts';
import { SAMPLE_SIZE, configCategories, sampleShoppers } from './sample-shoppers.ts';

const demo = JSON.parse(readFileSync(new URL('../../demo/site-config.json', import.meta.url), 'utf8'));
const NOW = Date.parse('2026-11-30T12:00:00Z');
const sample = sampleShoppers(configCategories(demo), NOW, SAMPLE_SIZE, demo);
const conditions: [string, Record<string, unknown>][] = [
  ...demo.segments.map((s: { id: string; condition: Record<string, unknown> }) => [`segment ${s.id}`, s.condition]),
  ...demo.offers.filter((o: { eligibility?: unknown }) => o.eligibility).map((o: { id: string; eligibility: Record<string, unknown> }) => [`offer ${o.id}`, o.eligibility]),
  ['two rules on one attribute', { frequency: { $gte: 1, $lt: 5 } }],
  ['none of', { $nor: [{ topCategory: 'kids' }, { cartItems: { $gt: 3 } }] }],
  ['any of two groups', { $or: [{ frequency: { $gte: 5 }, recencyDays: { $lte: 30 } }, { 'categoryAffinity.shoes': { $gte: 2 } }] }],
  ['a list', { topCategory: { $in: ['women', 'men'] } }],
];

describe('condition <-> rules', () => {
  it.each(conditions)('%s is drawn as rules and written back matching the same sample shoppers', (_name, condition) => {
    const group = toGroup(condition);
    expect(group).not.toBeNull();
    const back = toCondition(group!);
    expect(toGroup(back)).toEqual(group);
    const before = sample.map((p) => evaluateCondition(p, condition));
    const after = sample.map((p) => evaluateCondition(p, back));
    expect(after).toEqual(before);
  });

  it('writes conditions the way a person would', () => {
    expect(toCondition({ kind: 'group', mode: 'all', items: [
      { kind: 'rule', path: 'frequency', op: '$gte', value: 1 },
      { kind: 'rule', path: 'recencyDays', op: '$gte', value: 60 },
    ] })).toEqual({ frequency: { $gte: 1 }, recencyDays: { $gte: 60 } });
    expect(toCondition({ kind: 'group', mode: 'any', items: [{ kind: 'rule', path: 'topCategory', op: '$eq', value: 'women' }, { kind: 'rule', path: 'cartItems', op: '$exists:true', value: undefined }] }))
      .toEqual({ $or: [{ topCategory: 'women' }, { cartItems: { $exists: true } }] });
    expect(toCondition({ kind: 'group', mode: 'all', items: [] })).toEqual({});
  });

  it('leaves to the JSON view what the form cannot draw', () => {
    expect(toGroup({ purchasedItems: { $elemMatch: { $eq: 'x' } } })).toBeNull();
    expect(toGroup({ $not: { frequency: 0 } })).toBeNull();
    expect(toGroup({ frequency: [1, 2] })).toBeNull();
  });
});

describe('the builder\'s words', () => {
  it('offers only operators of the condition language', () => {
    for (const o of OPERATORS) expect(CONDITION_OPERATORS).toContain(o.op.split(':')[0]);
  });

  it('reads attributes, units and meanings from PROFILE_ATTRIBUTES, map keys included', () => {
    expect(attributeFor('recencyDays')).toBe(PROFILE_ATTRIBUTES.find((a) => a.path === 'recencyDays'));
    expect(attributeFor('categoryAffinity.shoes')?.unit).toBe('category -> score');
    expect(operatorsFor(attributeFor('topCategory'), 'topCategory').map((o) => o.words)).toContain('is one of');
    expect(operatorsFor(attributeFor('frequency'), 'frequency').map((o) => o.words)).toContain('is at least');
  });
});

describe('sample shoppers', () => {
  it('are the same every time and as varied as a shop\'s visitors', () => {
    expect(sample).toHaveLength(SAMPLE_SIZE);
    expect(sampleShoppers(configCategories(demo), NOW, SAMPLE_SIZE, demo)).toEqual(sample);
    const share = (test: (p: (typeof sample)[number]) => boolean) => sample.filter(test).length / sample.length;
    expect(share((p) => p.frequency === 0)).toBeGreaterThan(0.2);
    expect(share((p) => p.frequency >= 5 || p.monetary >= 500)).toBeGreaterThan(0.05);
    expect(share((p) => p.recencyDays !== null && p.recencyDays >= 60)).toBeGreaterThan(0.05);
    expect(new Set(sample.map((p) => p.topCategory))).toEqual(new Set([...configCategories(demo), null].filter((c) => sample.some((p) => p.topCategory === c))));
    // Every demo segment holds someone, and not everyone.
    for (const segment of demo.segments.filter((s: { id: string }) => s.id !== 'everyone')) {
      const n = sample.filter((p) => evaluateCondition(p, segment.condition)).length;
      expect(n, segment.id).toBeGreaterThan(0);
      expect(n, segment.id).toBeLessThan(SAMPLE_SIZE);
    }
  });
});
