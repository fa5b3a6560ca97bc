// HTTP plumbing shared by all routes: the error shape, bodies with size limits, CORS.
export { ApiError, handleError, notFound } from './errors.ts';
export { readBodyBytes, readJson } from './body.ts';
export { applyCors, originAllowed, preflight } from './cors.ts';
export { siteParam } from './params.ts';
