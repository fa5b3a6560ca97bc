// The coarse histogram of (x, t_x, T) that devices report for the privacy-preserving fit: which cell a shopper
// is in, and what each cell means. No imports: the device's forecast part bundles it.
import type { ValueReport } from '../protocol/customer-value.ts';

/** The grid of a report config: what the device and the edge both need. */
export type Grid = Pick<ValueReport, 'ageDays' | 'frequency' | 'recency'>;

/** What one cell stands for: a range of age (days), of repeat purchases (hi null: open), of t_x/T. */
export interface Cell {
  /** The "no purchase yet" cell carries no age. */
  purchased: boolean;
  age: [lo: number, hi: number];
  x: [lo: number, hi: number | null];
  recency: [lo: number, hi: number];
}

/**
 * Cells per age bucket: x = 0, then every repeat-purchase bucket × recency bucket. Age bucket a holds the cells
 * from 1 + a·perAge(g) on.
 * @example perAge({ ageDays: [60, 180, 365, 730], frequency: [1, 2, 4, 7], recency: 2 }) // 9
 */
export const perAge = (g: Grid) => 1 + g.frequency.length * g.recency;

/**
 * The number of cells, k: one for "no purchase yet" and perAge cells in each of ageDays.length + 1 age buckets.
 * @example cellCount({ ageDays: [60, 180, 365, 730], frequency: [1, 2, 4, 7], recency: 2 }) // 1 + 5 × 9 = 46
 */
export function cellCount(g: Grid): number {
  return 1 + (g.ageDays.length + 1) * perAge(g);
}

/**
 * The cell of a shopper: 0 before the first purchase, else by age T (days), repeat purchases x and t_x/T.
 * @example cellOf(grid, { x: 3, txDays: 100, TDays: 150 }) // age bucket 1, x bucket 2-3, recency bucket 2 of 2
 */
export function cellOf(g: Grid, s: { x: number; txDays: number; TDays: number } | null): number {
  if (!s) return 0;
  let a = 0;
  while (a < g.ageDays.length && s.TDays >= g.ageDays[a]!) a++;
  let index = 1 + a * perAge(g);
  if (s.x === 0) return index;
  let j = 0;
  while (j + 1 < g.frequency.length && s.x >= g.frequency[j + 1]!) j++;
  const share = s.TDays > 0 ? s.txDays / s.TDays : 1;
  return index + 1 + j * g.recency + Math.min(g.recency - 1, Math.floor(share * g.recency));
}

/**
 * Every cell's meaning, by index (the edge's fit and the console read it).
 * @example describeCells(grid)[1] // { purchased: true, age: [0, 60], x: [0, 0], recency: [0, 1] }
 */
export function describeCells(g: Grid): Cell[] {
  const cells: Cell[] = [{ purchased: false, age: [0, 0], x: [0, 0], recency: [0, 1] }];
  const edges = [0, ...g.ageDays, 2 * g.ageDays.at(-1)!];
  for (let a = 0; a <= g.ageDays.length; a++) {
    const age: [number, number] = [edges[a]!, edges[a + 1]!];
    cells.push({ purchased: true, age, x: [0, 0], recency: [0, 1] });
    g.frequency.forEach((lo, j) => {
      const hi = j + 1 < g.frequency.length ? g.frequency[j + 1]! - 1 : null;
      for (let r = 0; r < g.recency; r++) cells.push({ purchased: true, age, x: [lo, hi], recency: [r / g.recency, (r + 1) / g.recency] });
    });
  }
  return cells;
}

/**
 * The first day (YYYY-MM-DD) of the reporting period a time falls in: periods are whole multiples of periodDays
 * since 1970-01-01 (UTC), so every device of a site and the edge agree on them without asking.
 * @example periodStart(Date.parse('2026-11-30T12:00:00Z'), 28) // '2026-11-19'
 */
export function periodStart(time: number, periodDays: number): string {
  const day = Math.floor(time / 86_400_000);
  return new Date((day - (day % periodDays)) * 86_400_000).toISOString().slice(0, 10);
}
