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
 * One input before scaling, from the value its spec reads: `mapTotal` gives the sum of the map a share reads from,
 * `earlier` the unscaled value of an earlier input (for crosses). The device and the training pipeline both call it.
 * @example rawInput({ kind: 'atLeast', name: 'lapsed', source: 'recencyDays', threshold: 60 }, 75, () => 0, () => 0) // 1
 */
export function rawInput(spec: FeatureSpec, value: unknown, mapTotal: () => number, earlier: (name: string) => number): number {
  switch (spec.kind) {
    case 'onehot':
      return value !== undefined && value !== null && String(value) === String(spec.value) ? 1 : 0;
    case 'atLeast':
      return typeof value === 'number' && value >= spec.threshold ? 1 : 0;
    case 'share': {
      const sum = mapTotal();
      return sum > 0 ? (typeof value === 'number' && Number.isFinite(value) ? value : 0) / sum : spec.fill ?? 0;
    }
    default: {
      // A null fill hands the model a missing value (NaN): tree ensembles then take their missing-value branches.
      let v = typeof value === 'number' && Number.isFinite(value) ? value : typeof value === 'boolean' ? +value : spec.fill === null ? NaN : spec.fill ?? 0;
      if (spec.transform === 'log1p') v = Math.log1p(Math.max(v, 0));
      if (spec.times !== undefined) v *= earlier(spec.times);
      return v;
    }
  }
}

/** The standardised input: (x − mean) / std when the spec says so. */
export const scaledInput = (spec: FeatureSpec, v: number): number => ('scale' in spec && spec.scale ? (v - spec.scale.mean) / spec.scale.std : v);

/** Sum of a map attribute's numeric entries. */
function total(map: unknown): number {
  let sum = 0;
  if (map && typeof map === 'object') for (const key in map) {
    const v = (map as Record<string, unknown>)[key];
    if (typeof v === 'number' && Number.isFinite(v)) sum += v;
  }
  return sum;
}

/**
 * The model input for this profile, in manifest order: numeric attributes (missing -> fill, or NaN with a null
 * fill; then log1p and a cross with an earlier input when asked), one-hot categories, shares of a map attribute and
 * thresholds, each standardised last when its spec says so.
 * @example featureVector(manifest.inputs, profile) // Float64Array [0.13, -1.2, 1, 0]
 */
export function featureVector(inputs: readonly FeatureSpec[], profile: Profile | Record<string, unknown>): Float64Array {
  const out = new Float64Array(inputs.length);
  // Values before scaling, by name, for crosses (`times`); most models have none, so the map is made lazily.
  let raw: Map<string, number> | undefined;
  const crossed = inputs.some((s) => s.kind === 'numeric' && s.times !== undefined);
  inputs.forEach((spec, i) => {
    const mapTotal = () => total(readPath(profile, spec.source.slice(0, spec.source.lastIndexOf('.'))));
    const v = rawInput(spec, readPath(profile, spec.source), mapTotal, (name) => raw?.get(name) ?? NaN);
    if (crossed) (raw ??= new Map()).set(spec.name, v);
    out[i] = scaledInput(spec, v);
  });
  return out;
}
