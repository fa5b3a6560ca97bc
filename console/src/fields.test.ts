import { describe, expect, it } from 'vitest';
import { SETTINGS_FIELDS, fromText, getIn, prefixLength, setIn, toText, type Field } from './fields.ts';
import { fieldsOf } from './schema-fields.ts';

const field = (key: string, fields: Field[] = fieldsOf('offers')) => fields.find((f) => f.key.join('.') === key)!;

describe('fromText and toText', () => {
  it('turns input text into config values of the field kind', () => {
    expect(fromText(field('margin'), ' 1.5 ')).toEqual({ value: 1.5 });
    expect(fromText(field('margin'), '')).toEqual({ value: undefined });
    // Not a number: passed on as text so the edge names the field and what it expected.
    expect(fromText(field('margin'), '1,5')).toEqual({ value: '1,5' });
    expect(fromText(field('inventory'), '')).toEqual({ value: null });
    expect(fromText(field('slots'), 'hero, sidebar,, ')).toEqual({ value: ['hero', 'sidebar'] });
    expect(fromText(field('score.weights'), '{"frequency": 0.2}')).toEqual({ value: { frequency: 0.2 } });
    expect(fromText(field('content.cta'), '')).toEqual({ value: undefined });
    expect(fromText(field('content.title'), '')).toEqual({ value: '' });
    expect(fromText(field('autoPublish', SETTINGS_FIELDS), true)).toEqual({ value: true });
  });

  it('reports JSON that does not parse instead of storing it', () => {
    const result = fromText(field('score.weights'), '{"frequency": }');
    expect('error' in result && result.error).toMatch(/^not valid JSON: /);
  });

  it('shows lists, JSON and absent values as an input would', () => {
    expect(toText(field('slots'), ['hero', 'sidebar'])).toBe('hero, sidebar');
    expect(toText(field('score.weights'), { a: 1 })).toBe('{\n  "a": 1\n}');
    expect(toText(field('inventory'), null)).toBe('');
  });
});

describe('setIn and getIn', () => {
  it('sets nested values, creating parents, and deletes on undefined', () => {
    const offer: Record<string, unknown> = { id: 'a' };
    setIn(offer, ['content', 'title'], 'Hi');
    expect(getIn(offer, ['content', 'title'])).toBe('Hi');
    setIn(offer, ['content', 'title'], undefined);
    expect(offer).toEqual({ id: 'a', content: {} });
  });

  it('removes a frequency cap once both of its fields are cleared', () => {
    const offer: Record<string, unknown> = { frequencyCap: { count: 3, days: 7 } };
    setIn(offer, ['frequencyCap', 'count'], undefined);
    expect(offer).toEqual({ frequencyCap: { days: 7 } });
    setIn(offer, ['frequencyCap', 'days'], undefined);
    expect(offer).toEqual({});
  });
});

describe('prefixLength', () => {
  it('matches an input path against an error path, numbers and strings alike', () => {
    expect(prefixLength(['offers', 3, 'cost'], ['offers', 3, 'cost'])).toBe(3);
    expect(prefixLength(['offers', 3, 'upliftPrior'], ['offers', '3', 'upliftPrior', 'vip'])).toBe(3);
    expect(prefixLength(['offers', 2, 'cost'], ['offers', 3, 'cost'])).toBe(-1);
    expect(prefixLength(['offers', 3, 'cost', 'x'], ['offers', 3, 'cost'])).toBe(-1);
  });
});
