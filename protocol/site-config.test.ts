import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { siteConfigSchema, zodErrorBody } from './index.ts';

const demo = JSON.parse(readFileSync(new URL('../demo/site-config.json', import.meta.url), 'utf8'));

describe('siteConfigSchema', () => {
  it('accepts the demo site and fills defaults', () => {
    const config = siteConfigSchema.parse(demo);
    expect(config.segments.length).toBeGreaterThanOrEqual(5);
    expect(config.offers.filter((o) => o.slots.includes('hero')).length).toBeGreaterThanOrEqual(10);
    expect(config.offers[0]?.eligibility).toEqual({});
    expect(config.privacy.k).toBe(20);
  });

  it('names the field of a wrong type', () => {
    const bad = structuredClone(demo);
    bad.offers[3].cost = 'cheap';
    const result = siteConfigSchema.safeParse(bad);
    expect(result.success).toBe(false);
    const body = zodErrorBody('invalid_config', result.error!);
    expect(body.error.message).toBe('offers[3].cost: Invalid input: expected number, received string');
    expect(body.error.path).toEqual(['offers', 3, 'cost']);
  });

  it('rejects an unknown condition operator at its path', () => {
    const bad = structuredClone(demo);
    bad.segments[1].condition = { frequency: { $gtee: 1 } };
    const body = zodErrorBody('invalid_config', siteConfigSchema.safeParse(bad).error!);
    expect(body.error.path).toEqual(['segments', 1, 'condition', 'frequency', '$gtee']);
    expect(body.error.message).toContain('unknown operator "$gtee"');
  });

  it('rejects fields outside the schema', () => {
    const bad = structuredClone(demo);
    bad.offers[0].colour = 'red';
    const body = zodErrorBody('invalid_config', siteConfigSchema.safeParse(bad).error!);
    expect(body.error.path).toEqual(['offers', 0]);
    expect(body.error.message).toContain('colour');
  });

  it('rejects duplicate offer ids and unknown arm offers', () => {
    const bad = structuredClone(demo);
    bad.offers[1].id = bad.offers[0].id;
    bad.experiments[0].arms.push({ id: 'fixed', weight: 1, policy: 'offer', offerId: 'nope' });
    const result = siteConfigSchema.safeParse(bad);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('offers.1.id');
    expect(paths).toContain('experiments.0.arms.2.offerId');
  });
});
