// The one error shape every edge failure is answered with, and the translation of zod issues into it.
import type { z } from 'zod';

export type ErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'invalid_config'
  | 'invalid_outcomes'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

/** One problem with a request body: where, and what. */
export interface ErrorIssue {
  path: (string | number)[];
  message: string;
}

export interface ErrorBody {
  /**
   * `message` and `path` name the first problem; `issues`, when the body had several, lists every one (up to
   * MAX_ERROR_ISSUES), so a CLI or a form shows them all at once.
   */
  error: { code: ErrorCode; message: string; path: (string | number)[]; issues?: ErrorIssue[] };
}

/** At most this many problems are listed in one answer. */
export const MAX_ERROR_ISSUES = 100;

/** `offers[3].cost`: the way a marketer reads a path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/**
 * A zod error as an error body: the first issue as `message` and `path` (`offers[3].cost: Invalid input: expected
 * number, received string (and 2 more)`), and every issue in `issues` when there are several.
 * @example zodErrorBody('invalid_config', result.error)
 */
export function zodErrorBody(code: ErrorCode, error: z.ZodError): ErrorBody {
  const issues = error.issues.slice(0, MAX_ERROR_ISSUES).map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))),
    message: issue.message,
  }));
  const first = issues[0];
  const where = first ? formatPath(first.path) : '';
  const message = first ? (where ? `${where}: ${first.message}` : first.message) : 'invalid input';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return { error: { code, message: message + more, path: first?.path ?? [], ...(issues.length > 1 ? { issues } : {}) } };
}
