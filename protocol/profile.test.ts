// The attribute catalogue describes exactly the profile the SDK keeps.
import { describe, expect, it } from 'vitest';
import { emptyProfile } from '../client-sdk/src/profile/index.ts';
import { PROFILE_ATTRIBUTES } from './profile.ts';

describe('PROFILE_ATTRIBUTES', () => {
  it('lists every attribute of the profile once, with its type', () => {
    const profile = emptyProfile() as unknown as Record<string, unknown>;
    expect(PROFILE_ATTRIBUTES.map((a) => a.path).sort()).toEqual(Object.keys(profile).sort());
    for (const a of PROFILE_ATTRIBUTES) {
      const value = profile[a.path];
      const type = value === null ? (a.nullable ? a.type : 'null') : typeof value === 'object' ? 'map' : typeof value;
      expect(type, a.path).toBe(a.type);
    }
  });
});
