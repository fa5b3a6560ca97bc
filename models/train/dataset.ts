// Turning a table into a training set: arms, a binary outcome, a seeded holdout split.
import { mulberry32 as rng } from '../../stats/prng.ts';
import { columnIndex, type Table } from '../data/csv.ts';

/** "COL=VALUE": rows whose COL equals VALUE belong to the arm. */
export interface ArmSpec {
  column: string;
  value: string;
}

/**
 * Parses "COL=VALUE" (the value may itself contain "=").
 * @example parseArm('segment=Womens E-Mail', '--treatment') // { column: 'segment', value: 'Womens E-Mail' }
 */
export function parseArm(text: string, option: string): ArmSpec {
  const at = text.indexOf('=');
  if (at <= 0) throw new Error(`${option}: expected COLUMN=VALUE, received "${text}"`);
  return { column: text.slice(0, at), value: text.slice(at + 1) };
}

/** A deterministic PRNG (stats/' mulberry32), so splits and demo data are reproducible from a seed. */
export { rng };

/**
 * A binary outcome cell: numbers > 0, "true" and "yes" are 1; 0, "false" and "no" are 0; anything else is an
 * error naming the row, so a mistyped --outcome column cannot silently train on garbage.
 */
export function outcomeValue(cell: string | null, column: string, row: number): number | null {
  if (cell === null) return null;
  const s = cell.trim().toLowerCase();
  if (s === 'true' || s === 'yes') return 1;
  if (s === 'false' || s === 'no') return 0;
  const v = Number(s);
  if (s !== '' && Number.isFinite(v)) return v > 0 ? 1 : 0;
  throw new Error(`outcome column "${column}", data row ${row + 1}: expected a number, true/false or yes/no, received "${cell}"`);
}

export interface UpliftRows {
  /** Rows of the table in an arm with a known outcome. */
  table: Table;
  treated: Uint8Array;
  y: Uint8Array;
  /** Rows dropped: in neither arm, or with a missing outcome. */
  ignored: { neitherArm: number; missingOutcome: number };
}

/**
 * Keeps the rows of either arm with a known outcome. Errors for unknown columns and for a single arm.
 * @example selectArms(table, parseArm('segment=Womens E-Mail', '--treatment'), parseArm('segment=No E-Mail', '--control'), 'visit')
 */
export function selectArms(table: Table, treatment: ArmSpec, control: ArmSpec, outcome: string): UpliftRows {
  const tj = columnIndex(table, treatment.column, 'treatment column');
  const cj = columnIndex(table, control.column, 'control column');
  const yj = columnIndex(table, outcome, 'outcome column');
  const rows: (string | null)[][] = [];
  const treated: number[] = [];
  const y: number[] = [];
  const ignored = { neitherArm: 0, missingOutcome: 0 };
  table.rows.forEach((row, i) => {
    const isT = row[tj] === treatment.value;
    const isC = row[cj] === control.value;
    if (isT && isC) throw new Error(`data row ${i + 1} is in both arms: check --treatment and --control`);
    if (!isT && !isC) return void ignored.neitherArm++;
    const v = outcomeValue(row[yj] ?? null, outcome, i);
    if (v === null) return void ignored.missingOutcome++;
    rows.push(row);
    treated.push(isT ? 1 : 0);
    y.push(v);
  });
  const nt = treated.filter(Boolean).length;
  const arm = (a: ArmSpec) => `${a.column}=${a.value}`;
  if (nt === 0 || nt === rows.length)
    throw new Error(
      `the data has one arm only: ${nt} rows match --treatment ${arm(treatment)} and ${rows.length - nt} match --control ${arm(control)}; uplift needs both`,
    );
  return { table: { columns: table.columns, rows }, treated: Uint8Array.from(treated), y: Uint8Array.from(y), ignored };
}

/**
 * A seeded random split; `holdout` is the share kept out of training for the metrics.
 * @example const { train, test } = split(1000, 0.3, 7)
 */
export function split(n: number, holdout: number, seed: number): { train: number[]; test: number[] } {
  const order = Array.from({ length: n }, (_, i) => i);
  const random = rng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const cut = Math.round(n * holdout);
  return { test: order.slice(0, cut).sort((a, b) => a - b), train: order.slice(cut).sort((a, b) => a - b) };
}

/** The rows of a table at the given indices. */
export function pick<T>(values: ArrayLike<T>, idx: number[]): T[] {
  return idx.map((i) => values[i]!);
}
