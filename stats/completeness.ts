// Which units' report sets have arrived: results count complete observations only, so a marketer must see what
// is still pending (windows not closed yet) and, per arm, the share of closed units whose report set arrived
// (a shopper who never comes back never sends it). Shares that differ between arms bias every comparison.
import { chiSquareSf } from './special.ts';
import { isReportable } from './suppress.ts';

const DAY = 86_400_000;

/** One arm's (or cell's) units by the UTC day they opened, and the report sets that arrived for them. */
export interface ArrivalCounts {
  id: string;
  /** Opening reports per day (YYYY-MM-DD). */
  opened: Readonly<Record<string, number>>;
  /** Report sets per day their unit opened. */
  arrived: Readonly<Record<string, number>>;
}

export interface ArmArrival {
  id: string;
  /** Units opened (exposures); null when fewer than k. */
  opened: number | null;
  /** Units whose window has certainly closed (opened on or before `closedThrough`). */
  due: number | null;
  /** Report sets that arrived for those. */
  arrived: number | null;
  /** arrived / due; null with nothing due or a hidden count. */
  share: number | null;
  /** Units whose window may still be open: their report sets cannot have arrived yet. */
  pending: number | null;
}

export interface Completeness {
  /** Units opened on or before this day have a closed window. */
  closedThrough: string;
  /** The day the last pending unit's window closes at the latest; its report set arrives when the shopper returns. */
  pendingUntil: string | null;
  arms: ArmArrival[];
  /** χ² test that every arm's report sets arrive in the same share (null with fewer than two arms due). */
  test: { chi2: number; df: number; pValue: number } | null;
  /** Set when the shares differ between arms (p below `alpha`): comparisons may be biased by who comes back. */
  warning: string | null;
}

const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * Pending and arrived report sets per arm for units with a window of `windowDays` (a unit opened on day D has
 * closed by the end of day D + ⌈windowDays⌉), as of `now`. Counts under k are hidden.
 * @example
 * reportingCompleteness([{ id: 'a', opened: { '2026-11-01': 100 }, arrived: { '2026-11-01': 80 } }], { windowDays: 7, now: Date.parse('2026-11-20') })
 * // { closedThrough: '2026-11-12', arms: [{ id: 'a', due: 100, arrived: 80, share: 0.8, pending: 0, ... }], ... }
 */
export function reportingCompleteness(
  arms: readonly ArrivalCounts[],
  options: { windowDays: number; now: number; k?: number; alpha?: number },
): Completeness {
  const k = options.k ?? 1;
  const alpha = options.alpha ?? 0.001;
  const lag = Math.ceil(options.windowDays) + 1;
  const closedThrough = dayOf(options.now - lag * DAY);
  let latestPending: string | null = null;
  const rows = arms.map((arm) => {
    let opened = 0;
    let due = 0;
    let arrived = 0;
    for (const [day, n] of Object.entries(arm.opened)) {
      opened += n;
      if (day <= closedThrough) due += n;
      else if (latestPending === null || day > latestPending) latestPending = day;
    }
    for (const [day, n] of Object.entries(arm.arrived)) if (day <= closedThrough) arrived += n;
    return { id: arm.id, opened, due, arrived: Math.min(arrived, due) };
  });
  // Zero reveals no one: only counts from 1 to k − 1 are hidden.
  const shown = (n: number) => (n === 0 || isReportable(n, k) ? n : null);
  const out: ArmArrival[] = rows.map((r) => ({
    id: r.id,
    opened: shown(r.opened),
    due: shown(r.due),
    arrived: isReportable(r.due, k) ? r.arrived : null,
    share: isReportable(r.due, k) && r.due > 0 ? r.arrived / r.due : null,
    pending: shown(r.opened - r.due),
  }));
  const tested = rows.filter((r) => isReportable(r.due, k) && r.due > 0);
  let test: Completeness['test'] = null;
  if (tested.length >= 2) {
    const due = tested.reduce((s, r) => s + r.due, 0);
    const arrived = tested.reduce((s, r) => s + r.arrived, 0);
    const share = arrived / due;
    let chi2 = 0;
    if (share > 0 && share < 1)
      for (const r of tested) {
        const expected = r.due * share;
        chi2 += (r.arrived - expected) ** 2 / expected + (r.arrived - expected) ** 2 / (r.due - expected);
      }
    const df = tested.length - 1;
    test = { chi2, df, pValue: chi2 > 0 ? chiSquareSf(chi2, df) : 1 };
  }
  const pendingUntil = latestPending === null ? null : dayOf(Date.parse(latestPending) + (lag - 1) * DAY);
  const warning = test && test.pValue < alpha
    ? `report sets arrived for ${out.filter((a) => a.share !== null).map((a) => `${Math.round(a.share! * 1000) / 10}% of ${a.id}`).join(', ')} ` +
      `(χ² = ${test.chi2.toFixed(1)}, p = ${test.pValue.toExponential(1)}): shoppers come back at different rates, so the arms ` +
      'compare different kinds of shopper and every difference may be biased.'
    : null;
  return { closedThrough, pendingUntil, arms: out, test, warning };
}
