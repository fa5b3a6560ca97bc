// HTTP plumbing shared by all routes: the error shape, bodies with size limits, CORS.
export { ApiError, handleError, notFound } from './errors.ts';
export { MAX_JSON_DEPTH, jsonTreeProblem, readBodyBytes, readJson } from './body.ts';
export { applyCors, originAllowed, preflight, selfOrigin } from './cors.ts';
export { positiveIntParam, siteParam } from './params.ts';
