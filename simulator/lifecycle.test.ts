// The purchase-and-dropout world: deterministic, the truth's ceiling above every rule, and the device's attrition
// risk reaching lapsed shoppers more often than the recency rule does. The default world is another file.
import { describe, expect, it } from 'vitest';
import { LIFECYCLE_POLICIES, formatLifecycle, simulateLifecycle } from './lifecycle.ts';

describe('simulateLifecycle', () => {
  it('runs every policy on the same shoppers, and targets lapsed shoppers better by attrition risk than by recency', async () => {
    const r = await simulateLifecycle({ seed: 3, shoppers: 2000, days: 120 });
    expect(Object.keys(r.policies)).toEqual([...LIFECYCLE_POLICIES]);
    expect(r.policies.none).toMatchObject({ incrementalProfit: 0, winbacksShown: 0, reactivated: 0 });
    // The retailer's fit recovers the true process from 2,000 histories, roughly.
    expect(r.fitted.r / r.truth.r).toBeGreaterThan(0.6);
    expect(r.fitted.r / r.truth.r).toBeLessThan(1.6);
    const { 'recency-60': recency, 'attrition-risk': attrition, oracle } = r.policies;
    expect(oracle.shownToLapsed).toBe(oracle.winbacksShown);
    expect(attrition.shownToLapsed / attrition.winbacksShown).toBeGreaterThan(2 * (recency.shownToLapsed / recency.winbacksShown));
    expect(attrition.profitPerShow).toBeGreaterThan(recency.profitPerShow);
    for (const name of LIFECYCLE_POLICIES) expect(oracle.incrementalProfit).toBeGreaterThanOrEqual(r.policies[name].incrementalProfit);
    expect(await simulateLifecycle({ seed: 3, shoppers: 2000, days: 120 })).toEqual(r);
    expect(formatLifecycle(r)).toMatch(/^seed 3: 2000 shoppers, 120 days; \d+ had dropped out by the start\npolicy/);
  });
});
