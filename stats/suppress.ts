// Small-cell suppression: a result cell built from fewer than k reports is not shown, so that no count can be
// traced back to a handful of shoppers.

/**
 * Whether a cell of `reports` reports may be shown under threshold k (k <= 1 shows everything with a report).
 * @example isReportable(19, 20) // false
 */
export function isReportable(reports: number, k: number): boolean {
  return reports >= Math.max(1, k);
}

/**
 * Splits cells into those shown and the number hidden; `reportsOf` says how many reports a cell rests on.
 * @example
 * hideSmallCells([{ arm: 'a', exposures: 3 }, { arm: 'b', exposures: 40 }], 20, (c) => c.exposures)
 * // { shown: [{ arm: 'b', exposures: 40 }], hidden: 1 }
 */
export function hideSmallCells<T>(cells: readonly T[], k: number, reportsOf: (cell: T) => number): { shown: T[]; hidden: number } {
  const shown = cells.filter((cell) => isReportable(reportsOf(cell), k));
  return { shown, hidden: cells.length - shown.length };
}
