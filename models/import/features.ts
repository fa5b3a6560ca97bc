// From a data scientist's training columns to the manifest's input specs: which profile attribute each column
// reads on the device (`--source col=path`, or `col=path==value` for a one-hot column), what fills a missing
// value, and which columns no profile attribute backs (a warning at import, an error at publish).
import { PROFILE_ATTRIBUTES, closestNames, featureSourceProblem, profileAttributeOf, type FeatureSpec } from '../../protocol/index.ts';
import { didYouMeanAny } from '../../protocol/suggest.ts';

/** A column's mapping: a profile path, and for a one-hot column the value it is 1 for. */
export interface SourceMapping {
  path: string;
  value?: string | number;
}

/**
 * The feature column a `column=...` pair names: a column name may itself contain "=" (`zip_code=Urban`), so the
 * pair is split after the longest feature name it starts with.
 */
function pairColumn(pair: string, features: readonly string[]): string | undefined {
  let column: string | undefined;
  for (const f of features) if (pair.startsWith(`${f}=`) && f.length > (column?.length ?? -1)) column = f;
  return column;
}

/**
 * Parses `--source` pairs against the feature names, each split after its column (`pairColumn`). `path==value`
 * maps a one-hot column.
 * @example parseSources(['recency=recencyDays', 'zip_code=Urban=topCategory==women'], ['recency', 'zip_code=Urban'])
 */
export function parseSources(pairs: readonly string[], features: readonly string[]): Record<string, SourceMapping> {
  const out: Record<string, SourceMapping> = {};
  for (const pair of pairs) {
    const column = pairColumn(pair, features);
    if (!column) {
      const name = pair.split('=')[0] ?? pair;
      throw new Error(`--source "${pair}": no feature column "${name}"${didYouMeanAny(name, features)} (expected column=profile.path, the column one of --features)`);
    }
    const rest = pair.slice(column.length + 1);
    const eq = rest.indexOf('==');
    const path = eq < 0 ? rest : rest.slice(0, eq);
    if (!path) throw new Error(`--source "${pair}": no profile path after "${column}="`);
    const raw = eq < 0 ? undefined : rest.slice(eq + 2);
    out[column] = { path, ...(raw !== undefined ? { value: raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw } : {}) };
  }
  return out;
}

/**
 * Parses `--fill` pairs against the feature names: what a missing value of the column becomes, a number or null
 * for "missing" (NaN on the device: the model's own missing-value branches).
 * @example parseFills(['recency=missing', 'history=0'], ['recency', 'history']) // { recency: null, history: 0 }
 */
export function parseFills(pairs: readonly string[], features: readonly string[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const pair of pairs) {
    const column = pairColumn(pair, features);
    if (!column) throw new Error(`--fill "${pair}": expected column=VALUE or column=missing, the column one of --features`);
    const value = pair.slice(column.length + 1);
    if (value !== 'missing' && !Number.isFinite(Number(value)) || value === '') throw new Error(`--fill "${pair}": expected a number or "missing"`);
    out[column] = value === 'missing' ? null : Number(value);
  }
  return out;
}

/**
 * The input specs of an imported model, in `--features` order. An explicit `--source` that is no profile
 * attribute is an error naming the close ones; a column with no mapping reads the attribute of its own name.
 * @example featureSpecs(['recency'], { recency: { path: 'recencyDays' } }, { recency: null })
 */
export function featureSpecs(features: readonly string[], sources: Record<string, SourceMapping>, fills: Record<string, number | null>): FeatureSpec[] {
  return features.map((name) => {
    const mapping = sources[name];
    const source = mapping?.path ?? name;
    const kind = mapping?.value !== undefined ? 'onehot' : 'numeric';
    if (mapping) {
      const problem = featureSourceProblem(source, kind);
      if (problem) throw new Error(`--source ${name}=${source}: ${problem}`);
    }
    if (kind === 'onehot') return { kind, name, source, value: mapping!.value! };
    return { kind, name, source, fill: name in fills ? fills[name]! : 0 };
  });
}

/**
 * Inputs no profile attribute backs, named with the close ones: on the device they would always read their fill
 * value, so publishing refuses them.
 * @example unmappedInputs(specs).names // ['recency (did you mean recencyDays?)', 'history']
 */
function unmappedInputs(specs: readonly FeatureSpec[]): { inputs: number; names: string[] } {
  const names = new Set<string>();
  let inputs = 0;
  for (const spec of specs) {
    if (!featureSourceProblem(spec.source, spec.kind)) continue;
    inputs++;
    // One-hot inputs of one column are named once, by the column they read.
    const close = closestNames(spec.source, PROFILE_ATTRIBUTES.map((a) => a.path));
    const label = spec.kind === 'onehot' ? spec.source : `${spec.name}${spec.source !== spec.name ? ` (${spec.source})` : ''}`;
    names.add(`${label}${close.length ? ` (did you mean ${close.join(', ')}?)` : ''}`);
  }
  return { inputs, names: [...names] };
}

/**
 * The warning import-model and train-* print when inputs read no profile attribute, or undefined when all do.
 * @example unmappedWarning(manifest.inputs) // '11 of 11 inputs are no profile attribute, ...'
 */
export function unmappedWarning(specs: readonly FeatureSpec[]): string | undefined {
  const { inputs, names } = unmappedInputs(specs);
  if (!inputs) return undefined;
  return `${inputs} of ${specs.length} inputs are no profile attribute, so a device would always read their fill value, and publishing refuses the model until --source maps them: ${names.join(', ')}`;
}

/**
 * Inputs whose profile attribute can be absent (null before a first purchase, a map key not yet seen), with what
 * the device then gives the model: for the import report and the model card.
 * @example missingValueHandling(specs) // ['recency <- recencyDays: missing before the first purchase -> NaN (the model's own missing-value branches)']
 */
export function missingValueHandling(specs: readonly FeatureSpec[]): string[] {
  return specs.flatMap((spec) => {
    const attribute = profileAttributeOf(spec.source);
    if (!attribute || (!attribute.nullable && attribute.type !== 'map')) return [];
    const when = attribute.type === 'map' ? `absent until a first ${attribute.path === 'purchasedItems' ? 'purchase' : 'event'} for that key` : 'null until known';
    const to = spec.kind === 'onehot' || spec.kind === 'atLeast' ? `0 (${spec.kind})` : spec.fill === null ? "NaN: the model's own missing-value branches decide" : `${spec.fill}`;
    return [`${spec.name} <- ${spec.source}: ${when} -> ${to}`];
  });
}
