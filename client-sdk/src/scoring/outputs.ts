// Reading a manifest's roles from a model's outputs: which tensor, which column, which row. One reader for the
// device, the CLI's score/evaluate and the tests, so a [N, 2] probability output is read the same everywhere.
import type { ModelManifest, OutputRef } from '../../../protocol/index.ts';
import type { Tensor } from './decode.ts';

/** Role values of one row, by role name ("p_treatment", "p_control", "uplift", "probability"). */
export type Roles = Partial<Record<string, number>>;

/** The output tensor a role reference reads. */
export const outputName = (ref: OutputRef): string => (typeof ref === 'string' ? ref : ref.name);

/**
 * The output tensors a manifest reads, each once: all a runtime needs to compute.
 * @example outputNames({ probability: { name: 'probabilities', column: 1 } }) // ['probabilities']
 */
export function outputNames(outputs: ModelManifest['outputs']): string[] {
  return [...new Set(Object.values(outputs).map(outputName))];
}

/**
 * The column a reference reads for an offer: column 0 of a plain name, the given column, or the offer's own column
 * (undefined when a per-offer reference has none for this offer).
 * @example columnOf({ name: 'p_treatment', columns: { a: 0, b: 1 } }, 'b') // 1
 */
export function columnOf(ref: OutputRef, offerId?: string): number | undefined {
  if (typeof ref === 'string') return 0;
  if ('columns' in ref) return offerId === undefined ? undefined : ref.columns[offerId];
  return ref.column ?? 0;
}

/** Columns of an output: its last dimension ([N] and [N, 1] alike have one). */
export const widthOf = (t: Tensor): number => (t.shape.length > 1 ? t.shape[t.shape.length - 1]! : 1);

/**
 * One role's value in row `row`. Throws, naming the output, when the tensor is missing, too narrow or not a
 * finite number, so a broken model is reported and skipped rather than scored as 0 or NaN.
 * @example readOutput(out, { name: 'probabilities', column: 1 }, 0) // P(class 1) of the first row
 */
export function readOutput(out: Record<string, Tensor>, ref: OutputRef, row: number, offerId?: string): number | undefined {
  const name = outputName(ref);
  const column = columnOf(ref, offerId);
  if (column === undefined) return undefined;
  const tensor = out[name];
  if (!tensor) throw new Error(`output "${name}" was not produced (outputs: ${Object.keys(out).join(', ') || 'none'})`);
  const width = widthOf(tensor);
  if (column >= width) throw new Error(`output "${name}" has ${width} column${width === 1 ? '' : 's'}; column ${column} was asked for`);
  const value = tensor.data[row * width + column];
  if (value === undefined || !Number.isFinite(value)) throw new Error(`output "${name}" column ${column} row ${row} is ${String(value)}, not a finite number`);
  return value;
}

/**
 * Every role of a manifest for one row (and, for per-offer columns, one offer); roles without a column for this
 * offer are left out.
 * @example readRoles(out, manifest.outputs, 0, 'women-15') // { p_treatment: 0.31, p_control: 0.22 }
 */
export function readRoles(out: Record<string, Tensor>, outputs: ModelManifest['outputs'], row: number, offerId?: string): Roles {
  const roles: Roles = {};
  for (const role in outputs) {
    const value = readOutput(out, outputs[role]!, row, offerId);
    if (value !== undefined) roles[role] = value;
  }
  return roles;
}

/**
 * A reference as text, for messages and model cards: a plain name (column 0) as itself.
 * @example formatOutputRef({ name: 'probabilities', column: 1 }) // 'probabilities[:, 1]'
 */
export function formatOutputRef(ref: OutputRef): string {
  if (typeof ref === 'string') return ref;
  if ('columns' in ref) return `${ref.name}[:, ${Object.entries(ref.columns).map(([offer, c]) => `${c} (${offer})`).join(', ')}]`;
  return `${ref.name}[:, ${ref.column ?? 0}]`;
}
