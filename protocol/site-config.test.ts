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
    bad.offers[3].redemptionCost = 'cheap';
    const result = siteConfigSchema.safeParse(bad);
    expect(result.success).toBe(false);
    const body = zodErrorBody('invalid_config', result.error!);
    expect(body.error.message).toBe('offers[3].redemptionCost: Invalid input: expected number, received string');
    expect(body.error.path).toEqual(['offers', 3, 'redemptionCost']);
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

describe('schemaVersion 2: a cost per redemption', () => {
  const offer = (extra: object) => ({ id: 'o', slots: ['hero'], content: { title: 'O' }, margin: 30, ...extra });
  const site = (offers: object[], extra: object = {}) => ({
    schemaVersion: 2, site: 'shop', segments: [{ id: 'all', name: 'All', condition: {}, priority: 0, size: 1000, maxOffers: 1, baseline: 0.1 }],
    offers, constraints: { budget: 100 }, ...extra,
  });

  it('names the field to set when a discount\'s cost cannot be derived', () => {
    const body = zodErrorBody('invalid_config', siteConfigSchema.safeParse(site([offer({ discount: { kind: 'percent', value: 15 } })])).error!);
    expect(body.error.path).toEqual(['offers', 0, 'redemptionCost']);
    expect(body.error.message).toBe('offers[0].redemptionCost: a 15% discount costs that share of an order: set redemptionCost, or economics.averageOrderValue');
    const ship = zodErrorBody('invalid_config', siteConfigSchema.safeParse(site([offer({ discount: { kind: 'free_shipping', value: 0 } })])).error!);
    expect(ship.error.message).toContain('economics.shippingCost');
  });

  it('accepts a derivable discount with the site economics, or a stated cost', () => {
    expect(siteConfigSchema.safeParse(site([offer({ discount: { kind: 'percent', value: 15 } })], { economics: { averageOrderValue: 80 } })).success).toBe(true);
    expect(siteConfigSchema.safeParse(site([offer({ discount: { kind: 'percent', value: 15 }, redemptionCost: 11 })])).success).toBe(true);
  });

  it('refuses the version 1 field cost in a version 2 config, at its path', () => {
    const body = zodErrorBody('invalid_config', siteConfigSchema.safeParse(site([offer({ cost: 0.5 })])).error!);
    expect(body.error.path).toEqual(['offers', 0]);
    expect(body.error.message).toContain('cost');
  });

  it('migrates a version 1 config: a cost per show becomes a cost per redemption that keeps the planned spend', () => {
    const v1 = {
      schemaVersion: 1, site: 'shop',
      segments: [
        { id: 'a', name: 'A', condition: {}, priority: 1, size: 1000, maxOffers: 1, baseline: 0.1 },
        { id: 'b', name: 'B', condition: {}, priority: 0, size: 3000, maxOffers: 1, baseline: 0.02 },
      ],
      offers: [
        // 15% off, 0.6 per show; planned P(redeem) = (1000·0.12 + 3000·0.03) / 4000 = 0.0525, so 0.6 / 0.0525.
        offer({ id: 'pct', discount: { kind: 'percent', value: 15 }, cost: 0.6, upliftPrior: { a: 0.02, b: 0.01 } }),
        offer({ id: 'amt', discount: { kind: 'amount', value: 10 }, cost: 0.4 }),
        offer({ id: 'content', cost: 0 }),
      ],
      constraints: { budget: 100 },
    };
    const migrated = siteConfigSchema.parse(v1);
    expect(migrated.schemaVersion).toBe(2);
    expect(migrated.offers.map((o) => o.redemptionCost)).toEqual([Math.round((0.6 / 0.0525) * 1e4) / 1e4, 10, 0]);
    expect(migrated.offers.every((o) => !('cost' in o))).toBe(true);
    // Errors in a version 1 config are named at their version 1 path.
    const bad = structuredClone(v1) as unknown as { offers: { cost: unknown }[] };
    bad.offers[0]!.cost = 'cheap';
    expect(zodErrorBody('invalid_config', siteConfigSchema.safeParse(bad).error!).error.path).toEqual(['offers', 0, 'cost']);
  });
});
