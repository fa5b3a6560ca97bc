// Outcome ingestion and counting.
export { OutcomeCounter } from './counter.ts';
export type { IngestResult, LiveUnits } from './counter.ts';
export { ReportCounter, cellKey } from './cells.ts';
export type { CounterCell } from './cells.ts';
export { MAX_CELLS_PER_FLUSH, MAX_DAYS_BACK, flushCellsToD1, flushCounter, utcDay } from './flush.ts';
export { acceptsOf, nextAccepts, rejectReport } from './admissible.ts';
export type { Accepts } from './admissible.ts';
export { counterFor } from './stub.ts';
