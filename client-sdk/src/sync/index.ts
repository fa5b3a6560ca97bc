// Outcome reporting: what a device owes, the bounded outbox, and the transport.
export { REVENUE_BUCKET_EDGES, keepProbability, randomisedResponse, revenueBucket } from './privacy.ts';
export { closedWindowReports, exposureReports, purchaseReports } from './outcomes.ts';
export { MAX_OUTBOX_REPORTS, MAX_REPORTS_PER_BATCH, Outbox, newBatchId } from './outbox.ts';
export { sendBatch } from './send.ts';
export type { OutcomeContext } from './outcomes.ts';
export type { SendResult } from './send.ts';
export { Reporter } from './reporter.ts';
export type { ReporterOptions } from './reporter.ts';
