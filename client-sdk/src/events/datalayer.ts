// GA4 dataLayer ingestion: the shop's existing gtag() and GTM pushes become track() calls, past and future.
import { EVENT_TYPES } from './index.ts';

const KNOWN = new Set<string>([...EVENT_TYPES, 'product_view']);

/** The (type, props) in one dataLayer entry, or null when it is not a GA4 ecommerce event. */
export function readEntry(entry: unknown): [string, Record<string, unknown>] | null {
  if (!entry || typeof entry !== 'object') return null;
  const e = entry as Record<string | number, unknown> & { length?: unknown };
  // gtag('event', name, params) pushes its `arguments` object: array-like, not an Array.
  if (typeof e.length === 'number' && e[0] === 'event' && typeof e[1] === 'string')
    return KNOWN.has(e[1]) ? [e[1], (e[2] as Record<string, unknown>) ?? {}] : null;
  // GTM style: { event: 'purchase', ecommerce: { ... } }.
  if (typeof e.event === 'string' && KNOWN.has(e.event)) {
    const ecommerce = e.ecommerce && typeof e.ecommerce === 'object' ? (e.ecommerce as Record<string, unknown>) : {};
    return [e.event, ecommerce];
  }
  return null;
}

/**
 * Reads every entry already in `window[name]` and every later push, without changing what the page sees.
 * @example watchDataLayer(window, 'dataLayer', (type, props) => sdk.track(type, props))
 */
export function watchDataLayer(
  win: Record<string, unknown>, name: string, track: (type: string, props: Record<string, unknown>) => void,
): void {
  const layer = (Array.isArray(win[name]) ? win[name] : (win[name] = [])) as unknown[] & { push: (...a: unknown[]) => number };
  const ingest = (entry: unknown) => {
    const found = readEntry(entry);
    if (found) track(found[0], found[1]);
  };
  for (const entry of layer) ingest(entry);
  // Wrap whatever push is there now (GTM may have replaced it already), so both still see every entry.
  const original = layer.push;
  layer.push = function (...entries: unknown[]) {
    const length = original.apply(this, entries);
    for (const entry of entries) ingest(entry);
    return length;
  };
}
