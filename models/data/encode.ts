// Feature encoding: detect numeric and categorical columns, one-hot categories, standardise numbers, and
// describe it all as the manifest's FeatureSpec so the device builds the very same vector.
import type { FeatureSpec } from '../../protocol/index.ts';
import { rawInput, scaledInput } from '../../client-sdk/src/scoring/features.ts';
import { columnIndex, type Table } from './csv.ts';

/** Categories kept per column (most frequent first); rarer ones share the all-zero encoding. */
export const MAX_CATEGORIES = 30;

const isNumber = (s: string) => s.trim() !== '' && Number.isFinite(Number(s));

export interface EncodeOptions {
  /** Columns to use; default every column not in `exclude`. */
  features?: string[];
  exclude?: string[];
  /** Column -> profile attribute path on the device; default the column name itself. */
  sources?: Record<string, string>;
}

/**
 * Learns the feature spec from the training rows: a column whose non-missing cells all parse as numbers is
 * numeric (mean-filled, standardised); any other is categorical (one input per frequent value).
 * @example const specs = learnFeatures(table, { features: ['recency', 'channel'] })
 */
export function learnFeatures(table: Table, options: EncodeOptions = {}): FeatureSpec[] {
  const exclude = new Set(options.exclude ?? []);
  const names = options.features ?? table.columns.filter((c) => !exclude.has(c));
  if (names.length === 0) throw new Error('no feature columns left: pass --features or check the excluded columns');
  const specs: FeatureSpec[] = [];
  for (const name of names) {
    const j = columnIndex(table, name, 'feature column');
    const source = options.sources?.[name] ?? name;
    const cells = table.rows.map((r) => r[j]).filter((v): v is string => v !== null && v !== undefined);
    if (cells.length > 0 && cells.every(isNumber)) {
      const values = cells.map(Number);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
      specs.push({ kind: 'numeric', name, source, fill: round(mean), scale: { mean: round(mean), std: round(std > 1e-12 ? std : 1) } });
    } else {
      const counts = new Map<string, number>();
      for (const c of cells) counts.set(c, (counts.get(c) ?? 0) + 1);
      const kept = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_CATEGORIES);
      // One-hot with every level: the L2 penalty, not a dropped baseline, keeps the fit identified.
      for (const [value] of kept) specs.push({ kind: 'onehot', name: `${name}=${value}`, source, value });
    }
  }
  return specs;
}

const round = (v: number) => Number(v.toPrecision(10));

/**
 * Encodes table rows into input vectors with the same rules as the device's `featureVector`.
 * @example const X = encodeRows(table, specs)
 */
export function encodeRows(table: Table, specs: FeatureSpec[], sourceOf: (spec: FeatureSpec) => string = (s) => columnOf(s)): Float64Array[] {
  for (const spec of specs)
    if (spec.kind === 'share') throw new Error(`input "${spec.name}": a share of a map attribute is computed on the device; a CSV column cannot give it`);
  const index = specs.map((s) => columnIndex(table, sourceOf(s), 'feature column'));
  return table.rows.map((row) => {
    const x = new Float64Array(specs.length);
    const raw = new Map<string, number>();
    specs.forEach((spec, i) => {
      const cell = row[index[i]!] ?? null;
      // One-hot values compare as text; everything else reads the cell as a number (missing: the spec's fill).
      const value = cell === null ? undefined : spec.kind === 'onehot' || !isNumber(cell) ? cell : Number(cell);
      const v = rawInput(spec, value, () => 0, (name) => raw.get(name) ?? NaN);
      raw.set(spec.name, v);
      x[i] = scaledInput(spec, v);
    });
    return x;
  });
}

/** The training column a spec reads: its name, minus the "=value" of one-hot inputs. */
export function columnOf(spec: FeatureSpec): string {
  return spec.kind === 'onehot' ? spec.name.slice(0, spec.name.length - String(spec.value).length - 1) : spec.name;
}

/** Feature rows as the device would see them: column values keyed by profile attribute (for parity cases). */
export function profileRecord(table: Table, row: (string | null)[], specs: FeatureSpec[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const spec of specs) {
    const cell = row[columnIndex(table, columnOf(spec))] ?? null;
    if (cell === null) continue;
    setPath(record, spec.source, spec.kind === 'numeric' && isNumber(cell) ? Number(cell) : cell);
  }
  return record;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]!] = value;
}
