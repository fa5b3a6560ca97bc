// The admin API's customer-value view (GET /v1/admin/sites/{site}/customer-value): one shape for the worker, the
// CLI and the console. Types only.
import type { BgNbdParams, CustomerValue, Tier } from './customer-value.ts';

export type TierShares = Record<Tier, number>;

/** One histogram cell: what it holds (see customer-value/histogram.ts) and how many shoppers it is estimated to. */
export interface CustomerValueCell {
  purchased: boolean;
  age: [number, number];
  x: [number, number | null];
  recency: [number, number];
  /** Unbiased estimate of the reporting shoppers in it (may be negative), and the nearest non-negative histogram. */
  estimate: number;
  projected: number;
}

/** A segment defined on customer-value attributes only, sized from the reports. */
export interface ValueSegment {
  id: string;
  name: string;
  /** Share of all reporting shoppers (buyers or not) in it, at each cell's middle under the site's model. */
  share: number;
  /** Shoppers in it in the latest period: share × that period's reports. */
  size: number;
  meanClv: number | null;
  meanClvIfActive: number | null;
}

export interface CustomerValueAnswer {
  site: string;
  /** The published version read. */
  version: number;
  customerValue: CustomerValue | null;
  /** Reports per period, newest first: units opened, and report sets counted. */
  periods: { period: string; opened: number; reports: number }[];
  /** Null when the site takes no reports (customerValue.report unset). */
  analysis: {
    reports: number;
    buyerShare: number;
    fit: { params: BgNbdParams; standardErrors: BgNbdParams | null; boundary: string | null; buyers: number } | null;
    /** Why there is no fit (too few reports, no convergence), else null. */
    fitProblem: string | null;
    tiers: { value: TierShares; attrition: TierShares; potential: TierShares } | null;
    cells: CustomerValueCell[];
  } | null;
  segments: ValueSegment[];
}
