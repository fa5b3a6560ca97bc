// Sending one outcome batch: fetch with keepalive (survives page unload), sendBeacon as the fallback. No cookie,
// no Referer, and a body padded to a fixed size step, so neither the headers nor the size say anything.
import type { OutcomeAnswer } from '../../../protocol/outcome-answer.ts';
import type { OutcomeBatch } from '../../../protocol/outcomes.ts';

/** Equal to BATCH_PAD_BYTES in protocol/outcomes.ts. */
export const PAD_BYTES = 512;

/**
 * The batch as sent: JSON padded with trailing spaces (valid JSON) to the next multiple of PAD_BYTES. Report
 * fields are ASCII, so characters are bytes; a report set is one size whatever its values.
 * @example padded(batch).length % 512 === 0
 */
export function padded(body: OutcomeBatch): string {
  const json = JSON.stringify(body);
  return json.padEnd(Math.ceil(json.length / PAD_BYTES) * PAD_BYTES);
}

/**
 * 'sent': the edge has the batch, except the reports at `retry` (indices), which may be counted if sent again
 * later; 'rejected': it never will be (a malformed batch), drop it; 'split': too large, send it in halves;
 * 'retry': try the whole batch again later.
 */
export type SendResult = { sent: true; retry: number[] } | 'rejected' | 'split' | 'retry';

/**
 * Statuses that say the batch itself is wrong, so sending it again can never succeed. Everything else is worth
 * a later try: 404 and 403 (a site whose config is still on its way, or whose origins are being fixed), 408,
 * 429 and 5xx; 413 is split instead.
 */
const NEVER = [400, 401, 405, 410, 415, 422];

/**
 * POSTs a batch to `{api}/v1/sites/{site}/outcomes`. No credentials (no cookie) and no Referer (not the page's URL).
 * @example await sendBatch('https://edge.example', 'acme', body, fetch)
 */
export async function sendBatch(api: string, site: string, body: OutcomeBatch, fetcher?: typeof fetch): Promise<SendResult> {
  const url = `${api}/v1/sites/${encodeURIComponent(site)}/outcomes`;
  const json = padded(body);
  const f = fetcher ?? globalThis.fetch;
  if (!f) {
    const nav = globalThis.navigator as Navigator | undefined;
    return nav?.sendBeacon?.(url, new Blob([json], { type: 'text/plain' })) ? { sent: true, retry: [] } : 'retry';
  }
  try {
    const response = await f(url, {
      method: 'POST',
      body: json,
      headers: { 'content-type': 'application/json' },
      keepalive: true,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      mode: 'cors',
    });
    if (response.ok) {
      // An answer without a readable `dropped` (an older edge) counted the whole batch.
      const answer = (await response.json().catch(() => null)) as Partial<OutcomeAnswer> | null;
      const dropped = Array.isArray(answer?.dropped) ? answer.dropped : [];
      return { sent: true, retry: dropped.filter((d) => d?.retry === true && Number.isInteger(d.index)).map((d) => d.index) };
    }
    if (response.status === 413) return 'split';
    return NEVER.includes(response.status) ? 'rejected' : 'retry';
  } catch {
    return 'retry';
  }
}
