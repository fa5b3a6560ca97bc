// Request bodies: size-limited before parsing, so an oversized upload is a 413 and never buffered whole twice.
import type { Context } from 'hono';
import type { z } from 'zod';
import type { ErrorCode } from '../../../protocol/index.ts';
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
      await reader.cancel();
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

function tooLarge(limit: number, size: number): ApiError {
  return new ApiError(413, 'payload_too_large', `body is ${size} bytes or more; the limit is ${limit} bytes`);
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
  const result = schema.safeParse(data);
  if (!result.success) throw ApiError.fromZod(code, result.error);
  return result.data;
}
