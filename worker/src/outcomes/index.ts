// Outcome ingestion and counting.
export { OutcomeCounter } from './counter.ts';
export type { CounterCell, IngestResult } from './counter.ts';
export { flushCellsToD1 } from './flush.ts';
export { counterFor } from './stub.ts';
