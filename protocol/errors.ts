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

export interface ErrorBody {
  error: { code: ErrorCode; message: string; path: (string | number)[] };
}

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
 * The first zod issue as an error body naming the field: `offers[3].cost: Invalid input: expected number, received string`.
 * @example toErrorBody('invalid_config', result.error)
 */
export function zodErrorBody(code: ErrorCode, error: z.ZodError): ErrorBody {
  const issue = error.issues[0];
  const path = (issue?.path ?? []).map((p) => (typeof p === 'number' ? p : String(p)));
  const where = formatPath(path);
  const message = issue ? (where ? `${where}: ${issue.message}` : issue.message) : 'invalid input';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return { error: { code, message: message + more, path } };
}
