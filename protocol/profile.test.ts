// The attribute catalogue describes exactly the profile the SDK keeps.
import { describe, expect, it } from 'vitest';
import { applyEvent, emptyProfile, emptyState } from '../client-sdk/src/profile/index.ts';
import { customerValue } from '../client-sdk/src/profile/value.ts';
import { customerValueSchema } from './customer-value.ts';
import { PROFILE_ATTRIBUTES } from './profile.ts';

/** A profile with everything the device can set: the empty profile, and the customer-value part's attributes. */
async function fullProfile(): Promise<Record<string, unknown>> {
  const state = emptyState(0);
  applyEvent(state, { t: 0, type: 'purchase', items: [], value: 20 });
  const model = customerValueSchema.parse({
    timeUnit: 'week', bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 }, margin: 0.3,
    tiers: { value: { medium: 10, high: 50 }, potential: { medium: 20, high: 100 } },
  });
  await customerValue(state, { customerValue: model }, 30 * 86_400_000);
  return { ...emptyProfile(), ...state.profile };
}

describe('PROFILE_ATTRIBUTES', () => {
  it('lists every attribute of the profile once, with its type; the customer-value ones are marked as such', async () => {
    const profile = await fullProfile();
    const empty = emptyProfile() as unknown as Record<string, unknown>;
    expect(PROFILE_ATTRIBUTES.map((a) => a.path).sort()).toEqual(Object.keys(profile).sort());
    for (const a of PROFILE_ATTRIBUTES) expect(!!a.customerValue, a.path).toBe(!(a.path in empty));
    for (const a of PROFILE_ATTRIBUTES) {
      const value = profile[a.path];
      const type = value === null ? (a.nullable ? a.type : 'null') : typeof value === 'object' ? 'map' : typeof value;
      expect(type, a.path).toBe(a.type);
    }
  });
});
