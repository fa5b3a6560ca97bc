// One error type for the whole worker; `onError` turns it (and anything unexpected) into the one JSON shape.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { zodErrorBody, type ErrorBody, type ErrorCode, type ErrorIssue } from '../../../protocol/index.ts';
import { allowedMethods } from './methods.ts';

/** An error with an HTTP status and a code from the contract. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly path: (string | number)[] = [],
    readonly headers: Record<string, string> = {},
    /** Every problem, when there are several (the message names the first). */
    readonly issues?: ErrorIssue[],
  ) {
    super(message);
  }

  /**
   * A 400 naming the first invalid field, and listing every one.
   * @example throw ApiError.fromZod('invalid_config', result.error)
   */
  static fromZod(code: ErrorCode, error: z.ZodError): ApiError {
    const { error: body } = zodErrorBody(code, error);
    return new ApiError(400, code, body.message, body.path, {}, body.issues);
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, path: this.path, ...(this.issues ? { issues: this.issues } : {}) } };
  }
}

/** Hono onError: known errors keep their status; anything else is a 500 that leaks no internals. */
export function handleError(error: Error, c: Context): Response {
  if (error instanceof ApiError) {
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
    return c.json(error.toBody(), error.status);
  }
  console.error('unhandled error', error);
  const body: ErrorBody = { error: { code: 'internal', message: 'internal error', path: [] } };
  return c.json(body, 500);
}

/**
 * The answer for a request no route took: 405 with `Allow` when the path exists under other methods, else 404.
 * @example app.notFound((c) => notFound(c, app.routes))
 */
export function notFound(c: Context, routes: readonly { method: string; path: string }[] = []): Response {
  const path = new URL(c.req.url).pathname;
  const allowed = allowedMethods(routes, path);
  if (allowed.length > 0) {
    c.header('Allow', allowed.join(', '));
    const body: ErrorBody = { error: { code: 'method_not_allowed', message: `${c.req.method} is not allowed on ${path}; use ${allowed.join(', ')}`, path: [] } };
    return c.json(body, 405);
  }
  const body: ErrorBody = { error: { code: 'not_found', message: `no route for ${c.req.method} ${path}`, path: [] } };
  return c.json(body, 404);
}
