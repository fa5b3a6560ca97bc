// From the on-device profile to a model's input vector, per the manifest's ordered feature spec.
import type { FeatureSpec, Profile } from '../../../protocol/index.ts';

/** Reads a dotted attribute path ("categoryAffinity.women") from the profile. */
export function readPath(profile: unknown, path: string): unknown {
  // Most inputs are top-level attributes: skip the split (it dominates scoring many models).
  if (!path.includes('.')) return (profile as Record<string, unknown>)[path];
  let value = profile;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | null | undefined)?.[key];
  return value;
}

/**
 * The model input for this profile: numeric attributes (missing -> fill, or NaN with a null fill; then
 * standardised) and one-hot categories, in manifest order.
 * @example featureVector(manifest.inputs, profile) // Float64Array [0.13, -1.2, 1, 0]
 */
export function featureVector(inputs: readonly FeatureSpec[], profile: Profile | Record<string, unknown>): Float64Array {
  const out = new Float64Array(inputs.length);
  inputs.forEach((spec, i) => {
    const value = readPath(profile, spec.source);
    if (spec.kind === 'onehot') {
      out[i] = value !== undefined && value !== null && String(value) === String(spec.value) ? 1 : 0;
      return;
    }
    // A null fill hands the model a missing value (NaN): tree ensembles then take their missing-value branches.
    let v = typeof value === 'number' && Number.isFinite(value) ? value : typeof value === 'boolean' ? +value : spec.fill === null ? NaN : spec.fill ?? 0;
    if (spec.scale) v = (v - spec.scale.mean) / spec.scale.std;
    out[i] = v;
  });
  return out;
}

/** Events below which a shopper with no purchase is scored by the segment prior rather than a model. */
export const COLD_START_EVENTS = 3;

/**
 * Cold start: a profile is too thin for a model while the shopper has bought nothing and has fewer than
 * COLD_START_EVENTS page views, item views, cart adds and searches in all. Such a profile is almost all
 * fill values, so the model would score the average shopper anyway; the segment's lookalike prior
 * (`scoreWithoutModel`) is at least tuned by the marketer to that kind of visitor.
 * @example isThinProfile({ ...profile, frequency: 0, pageViews: 1 }) // true
 */
export function isThinProfile(profile: Profile): boolean {
  return profile.frequency === 0 && profile.pageViews + profile.itemViews + profile.cartAdds + profile.searches < COLD_START_EVENTS;
}
