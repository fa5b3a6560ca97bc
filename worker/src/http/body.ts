// Request bodies: size-limited before parsing, so an oversized upload is a 413 and never buffered whole twice.
import type { Context } from 'hono';
import type { z } from 'zod';
import { formatPath, type ErrorCode } from '../../../protocol/index.ts';
import { ApiError } from './errors.ts';

/** Reads the raw body, rejecting with 413 past `limit` bytes (by Content-Length first, then by actual size). */
export async function readBodyBytes(c: Context, limit: number): Promise<Uint8Array> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit, declared);
  const body = c.req.raw.body;
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await discardRest(reader);
      throw tooLarge(limit, size);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Reads the rest of an oversized body and throws it away. Cancelling the request stream (or releasing it) leaves
 * workerd's connection with unread body bytes, and the next request on it hangs (issue 13, item 2); reading to
 * the end is what lets the connection carry the 413 and the next request. It costs waiting, not CPU, and the
 * platform bounds a request body (100 MB on most Cloudflare plans) before the worker sees it.
 */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  for (;;) if ((await reader.read()).done) return;
}

function tooLarge(limit: number, size: number): ApiError {
  return new ApiError(413, 'payload_too_large', `body is ${size} bytes or more; the limit is ${limit} bytes`);
}

/**
 * Deepest nesting of objects and arrays a body may have. Real bodies are under 40 levels deep (a condition is at
 * most 32, MAX_CONDITION_DEPTH); deeper input would reach the stack's limit in JSON.stringify or zod.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The first key that JavaScript objects cannot hold as data ("__proto__": zod's records drop it silently, so a
 * condition `{"__proto__": ...}` would become `{}` and match everyone), or the first value nested too deeply.
 * Iterative: any parsed body is walked without exhausting the stack.
 */
export function jsonTreeProblem(data: unknown): { path: (string | number)[]; message: string } | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: data, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_JSON_DEPTH) return { path, message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.includes('__proto__')) return { path: [...path, '__proto__'], message: '"__proto__" is not allowed as a key' };
    for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: (value as Record<string, unknown>)[keys[i]!], path: [...path, keys[i]!] });
  }
  return null;
}

/**
 * Reads, parses and validates a JSON body. Malformed JSON and schema violations are 400s naming the problem.
 * @example const batch = await readJson(c, outcomeBatchSchema, MAX_OUTCOME_BATCH_BYTES, 'invalid_outcomes')
 */
export async function readJson<T extends z.ZodType>(c: Context, schema: T, limit: number, code: ErrorCode): Promise<z.output<T>> {
  const bytes = await readBodyBytes(c, limit);
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new ApiError(400, 'invalid_json', `body is not valid JSON: ${(error as Error).message}`);
  }
  const problem = jsonTreeProblem(data);
  if (problem) throw new ApiError(400, code, `${formatPath(problem.path)}: ${problem.message}`, problem.path);
  const result = schema.safeParse(data);
  if (!result.success) throw ApiError.fromZod(code, result.error);
  return result.data;
}
