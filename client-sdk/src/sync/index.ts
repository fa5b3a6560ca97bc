// Outcome reporting: units and their report sets, the bounded outbox, and the transport.
export { CLOSES, closeUnits, openUnit, reportSet, spend, unitEpsilon } from './units.ts';
export { MAX_OUTBOX_REPORTS, MAX_REPORTS_PER_BATCH, Outbox, addReports, newBatchId, outboxSize } from './outbox.ts';
export { PAD_BYTES, padded, sendBatch } from './send.ts';
export type { OutcomeContext, UnitPlace } from './units.ts';
export type { SendResult } from './send.ts';
export { Reporter } from './reporter.ts';
export type { ReporterOptions } from './reporter.ts';
