// The counters' unit: one aggregated cell. Kept free of Worker APIs so the simulator and CLI can use it.
import type { OutcomeReport } from '../../../protocol/index.ts';

/** One aggregated cell; `segment` is '' when the report carried none. */
export interface CounterCell {
  day: string;
  experiment: string;
  version: number;
  arm: string;
  segment: string;
  metric: OutcomeReport['metric'];
  value: number;
  count: number;
}

