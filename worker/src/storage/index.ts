// Persistence: D1 for versions, publications, audit and tokens; KV for what devices read.
export { latestVersion, getVersion, insertVersion, listVersions } from './versions.ts';
export type { StoredVersion } from './versions.ts';
export { appendAudit, listAudit } from './audit.ts';
export { readPublished, writePublished, listPublications } from './published.ts';
export type { PublishedRecord } from './published.ts';
export { putModel, getModel, hasModel } from './models.ts';
