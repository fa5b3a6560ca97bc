// Outcome ingestion and counting.
export { OutcomeCounter } from './counter.ts';
export type { IngestResult } from './counter.ts';
export { ReportCounter, cellKey } from './cells.ts';
export type { CounterCell } from './cells.ts';
export { flushCellsToD1 } from './flush.ts';
export { counterFor } from './stub.ts';
