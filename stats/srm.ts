// Sample-ratio mismatch: do the exposures per arm match the configured weights? A low p-value means the
// assignment or the reporting is broken, and no other statistic of the experiment can be trusted.
import { chiSquareSf } from './special.ts';

export interface SrmTest {
  chi2: number;
  df: number;
  pValue: number;
  /** Expected exposures per arm under the configured shares. */
  expected: Record<string, number>;
}

/**
 * Pearson χ² goodness-of-fit of observed exposures to expected shares (weights; they need not sum to 1).
 * Arms with a zero share are left out of the degrees of freedom; any exposure in one makes the p-value 0.
 * @example srmTest({ a: 5050, b: 4950 }, { a: 1, b: 1 }) // { chi2: 1, df: 1, pValue: 0.3173 }
 */
export function srmTest(observed: Readonly<Record<string, number>>, shares: Readonly<Record<string, number>>): SrmTest {
  const arms = Object.keys(observed);
  for (const arm of arms) {
    const share = shares[arm];
    if (share === undefined || !(share >= 0)) throw new RangeError(`expectedShares.${arm}: expected a share >= 0, received ${share}`);
  }
  const total = arms.reduce((sum, arm) => sum + (observed[arm] ?? 0), 0);
  const weight = arms.reduce((sum, arm) => sum + (shares[arm] ?? 0), 0);
  const expected: Record<string, number> = {};
  let chi2 = 0;
  let cells = 0;
  for (const arm of arms) {
    const e = weight > 0 ? (total * (shares[arm] ?? 0)) / weight : 0;
    expected[arm] = e;
    const o = observed[arm] ?? 0;
    if (e > 0) {
      chi2 += ((o - e) * (o - e)) / e;
      cells++;
    } else if (o > 0) chi2 = Infinity;
  }
  const df = Math.max(0, cells - 1);
  const pValue = chi2 === Infinity ? 0 : df === 0 || total === 0 ? 1 : chiSquareSf(chi2, df);
  return { chi2, df, pValue, expected };
}
