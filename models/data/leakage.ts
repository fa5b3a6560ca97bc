// Guard against target leakage: a column that is only ever non-zero when the outcome is 1 (Hillstrom's
// `conversion` and `spend` next to outcome `visit`) was recorded after the outcome, and a model that reads it
// scores perfectly on paper and uselessly in a shop, where the column is unknown at decision time.

/** Rows a column must be non-zero in before "non-zero implies the outcome" counts as evidence. */
const MIN_ROWS = 20;

/**
 * Columns among `candidates` that are numeric, non-zero in at least 20 rows, and non-zero only in rows whose
 * outcome is 1.
 * @example outcomeShadows(table, ['recency', 'spend'], y) // ['spend']
 */
export function outcomeShadows(table: { columns: string[]; rows: (string | null)[][] }, candidates: string[], y: ArrayLike<number>): string[] {
  const out: string[] = [];
  for (const name of candidates) {
    const j = table.columns.indexOf(name);
    if (j < 0) continue;
    let nonZero = 0;
    let shadows = true;
    for (let i = 0; i < table.rows.length && shadows; i++) {
      const cell = table.rows[i]![j];
      if (cell === null || cell === undefined || cell === '') continue;
      const value = Number(cell);
      if (!Number.isFinite(value)) {
        shadows = false;
        break;
      }
      if (value === 0) continue;
      nonZero++;
      if (y[i] !== 1) shadows = false;
    }
    // A column non-zero in every row is not a shadow of the outcome but a constant or an always-present number.
    if (shadows && nonZero >= MIN_ROWS && nonZero < table.rows.length) out.push(name);
  }
  return out;
}
