import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffConfigs, showValue } from './diff.ts';

const demo = () => JSON.parse(readFileSync(new URL('../../demo/site-config.json', import.meta.url), 'utf8'));

describe('diffConfigs', () => {
  it('finds nothing between equal configs', () => {
    const d = diffConfigs(demo(), demo());
    expect(d).toEqual({ sections: [], settings: [], same: true });
  });

  it('names added, removed and changed entities by id, with changed fields and values', () => {
    const before = demo();
    const after = demo();
    after.offers[0].margin = 50;
    after.offers[0].content.title = 'New title';
    after.offers.splice(1, 1);
    after.segments.push({ id: 'students', name: 'Students', condition: {}, priority: 1 });
    after.experiments[0].arms[1].weight = 0.3;
    after.constraints.budget = 4000;
    const d = diffConfigs(before, after);
    expect(d.same).toBe(false);
    const offers = d.sections.find((s) => s.name === 'offers')!.items;
    expect(offers).toEqual([
      { id: 'women-15', status: 'changed', changes: [
        { field: 'content.title', before: '15% off womenswear', after: 'New title' },
        { field: 'margin', before: 45, after: 50 },
      ].sort((a, b) => (a.field < b.field ? -1 : 1)) },
      { id: 'men-15', status: 'removed', changes: [] },
    ].map((x) => (x.status === 'changed' ? { ...x, changes: expect.arrayContaining(x.changes) } : x)));
    expect(d.sections.find((s) => s.name === 'segments')!.items).toEqual([{ id: 'students', status: 'added', changes: [] }]);
    expect(d.sections.find((s) => s.name === 'experiments')!.items[0]!.changes).toEqual([
      { field: 'arms[control].weight', before: 0.5, after: 0.3 },
    ]);
    expect(d.settings).toEqual([{ field: 'constraints.budget', before: 3000, after: 4000 }]);
  });

  it('reports a key that appears or disappears inside an entity', () => {
    const before = demo();
    const after = demo();
    delete after.offers[2].inventory;
    after.offers[2].frequencyCap = { count: 2, days: 7 };
    delete after.offers[2].content.cta;
    const changes = diffConfigs(before, after).sections[0]!.items[0]!.changes;
    expect(changes).toContainEqual({ field: 'inventory', before: 300, after: undefined });
    expect(changes).toContainEqual({ field: 'frequencyCap', before: undefined, after: { count: 2, days: 7 } });
    expect(changes).toContainEqual({ field: 'content.cta', before: before.offers[2].content.cta, after: undefined });
  });
});

describe('showValue', () => {
  it('quotes strings, marks absence and shortens long JSON', () => {
    expect(showValue('a')).toBe('"a"');
    expect(showValue(undefined)).toBe('(none)');
    expect(showValue({ a: 'x'.repeat(200) })).toHaveLength(120);
  });
});
