// Sending one outcome batch: fetch with keepalive (survives page unload), sendBeacon as the fallback. No cookie,
// no Referer, and a body padded to a fixed size step, so neither the headers nor the size say anything.
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

/** 'sent': the edge has it; 'rejected': it never will (4xx), drop it; 'retry': try again later. */
export type SendResult = 'sent' | 'rejected' | 'retry';

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
    return nav?.sendBeacon?.(url, new Blob([json], { type: 'text/plain' })) ? 'sent' : 'retry';
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
    if (response.ok) return 'sent';
    // 408 and 429 and 5xx are transient; other 4xx mean the batch itself is wrong and will never be accepted.
    return response.status >= 500 || response.status === 408 || response.status === 429 ? 'retry' : 'rejected';
  } catch {
    return 'retry';
  }
}
