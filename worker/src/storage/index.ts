// Persistence: D1 for versions, publications, audit and tokens; KV for what devices read.
export { latestVersion, getVersion, insertVersion, listVersions } from './versions.ts';
export type { StoredVersion } from './versions.ts';
export { appendAudit, auditStatement, listAudit } from './audit.ts';
export type { NewAuditEntry } from './audit.ts';
export { lastPublication, listPublications, readPublished, readPublishedOrRepair, repairPublished, writePublished } from './published.ts';
export type { LastPublication, PublishedRecord } from './published.ts';
export { putModel, getModel, modelUsableBy } from './models.ts';
export { listBooks, putBooksDay } from './books.ts';
export { lastPricingDetail } from './pricing.ts';
export type { PricingDetail } from './pricing.ts';
