// Admin authentication: hashed, site-scoped tokens.
export { requireToken, assertSiteAccess, assertRoot, authorisedSite } from './middleware.ts';
export { createToken, resolveToken, sha256Hex, secretsEqual } from './tokens.ts';
export type { TokenGrant } from './tokens.ts';
