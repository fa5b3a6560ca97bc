import { describe, expect, it } from 'vitest';
import { siteConfigSchema } from './site-config.ts';
import { slotTraffic } from './slots.ts';
import demo from '../demo/site-config.json' with { type: 'json' };

const arms = [{ id: 'a', weight: 1, policy: 'personalised' as const }, { id: 'b', weight: 1, policy: 'control' as const }];
const experiment = (id: string, extra: Record<string, unknown> = {}) => ({ id, slot: 'hero', status: 'running' as const, arms, ...extra });

describe('slot traffic', () => {
  it('splits a slot evenly between running experiments without namespaces, in config order', () => {
    const { shares, conflicts } = slotTraffic([experiment('one'), experiment('two'), experiment('paused', { status: 'paused' }), experiment('three')]);
    expect(conflicts).toEqual([]);
    expect(shares.map((s) => [s.experiment, s.namespace.id, s.namespace.range])).toEqual([
      ['one', 'auto:hero', [0, 1 / 3]], ['two', 'auto:hero', [1 / 3, 2 / 3]], ['three', 'auto:hero', [2 / 3, 1]],
    ]);
    for (const s of shares) expect(s.share).toBeCloseTo(1 / 3, 12);
  });

  it('keeps explicit namespaces with disjoint ranges, and names both experiments of every pair that could overlap', () => {
    const ns = (id: string, range: [number, number]) => ({ namespace: { id, range } });
    expect(slotTraffic([experiment('x', ns('n', [0, 0.3])), experiment('y', ns('n', [0.3, 1]))]).conflicts).toEqual([]);
    const cases: [Record<string, unknown>, Record<string, unknown>, RegExp][] = [
      [ns('n', [0, 0.6]), ns('n', [0.5, 1]), /their ranges in namespace "n" overlap/],
      [ns('n', [0, 0.5]), ns('m', [0.5, 1]), /different namespaces \("n", "m"\)/],
      [ns('n', [0, 0.5]), {}, /"y" has no namespace while "x" has one/],
    ];
    for (const [x, y, why] of cases) {
      const [conflict, ...rest] = slotTraffic([experiment('x', x), experiment('y', y)]).conflicts;
      expect(rest).toEqual([]);
      expect(conflict).toMatchObject({ slot: 'hero', experiments: ['x', 'y'], index: 1 });
      expect(conflict!.message).toMatch(/^experiments "x" and "y" both run on slot "hero" and /);
      expect(conflict!.message).toMatch(why);
    }
  });

  it('is checked by the site config: a second running experiment splits the slot, an overlapping one is refused', () => {
    const base = structuredClone(demo) as Record<string, unknown> & { experiments: Record<string, unknown>[] };
    base.experiments.push({ ...base.experiments[0], id: 'hero-second' });
    expect(siteConfigSchema.safeParse(base).success).toBe(true);
    base.experiments[1]!.namespace = { id: 'mine', range: [0, 0.5] };
    const refused = siteConfigSchema.safeParse(base);
    expect(refused.error?.issues.map((i) => [i.path, i.message.slice(0, 76)])).toEqual([
      [['experiments', 1, 'namespace'], 'experiments "hero-personalisation" and "hero-second" both run on slot "hero"'],
    ]);
    base.experiments[1]!.namespace = { id: 'auto:hero', range: [0, 0.5] };
    expect(siteConfigSchema.safeParse(base).error?.issues[0]?.message).toMatch(/namespace ids starting with "auto:" are the edge's/);
  });
});
