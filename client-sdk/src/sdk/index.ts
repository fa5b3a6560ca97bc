// createEdgewise: the public object a page talks to, wired to the page's lifecycle.
import type { Decision, Explanation } from '../decide/index.ts';
import { watchSlots } from '../dom/index.ts';
import { watchDataLayer } from '../events/datalayer.ts';
import type { ExportedData } from '../store/index.ts';
import { Client, type Failure, type Outcome, type ReadyState } from './client.ts';
import { resolveOptions, type EdgewiseOptions, type ResolvedOptions } from './options.ts';

/** The SDK's public surface. Every method resolves; none throws into the page. */
export interface Edgewise {
  /** Resolves once stored data is loaded and the config is in (or its first-visit timeout passed). */
  ready: Promise<ReadyState>;
  /** Records a GA4 ecommerce event (`view_item`, `add_to_cart`, `purchase`, ...). */
  track(type: string, props?: Record<string, unknown>): Promise<Outcome>;
  /** The offer for a slot, or null when nothing should be shown (the page keeps its default content). */
  decide(slot: string): Promise<Decision | null>;
  /** Why the last decision in `slot` came out as it did. */
  explain(slot: string): Promise<Explanation | null>;
  /** Everything stored about the shopper (a Failure only if reading the store throws). */
  exportData(): Promise<ExportedData | Failure>;
  forget(): Promise<Outcome>;
  consent(granted: boolean): Promise<Outcome>;
  flush(): Promise<{ ok: true; sent: number } | { ok: false; reason: string }>;
  /** Events: "ready", "config", "track", "decision", "consent", "forget". Returns an unsubscribe function. */
  on(event: string, fn: (payload: unknown) => void): () => void;
}

/** The API's methods (`ready` aside). */
export const METHODS = ['track', 'decide', 'explain', 'exportData', 'forget', 'consent', 'flush', 'on'] as const;

/**
 * Creates the SDK. Validates options at once (a TypeError names the bad field); after that nothing throws.
 * @example
 * const edgewise = createEdgewise({ site: 'acme', api: 'https://edge.example' });
 * edgewise.track('view_item', { items: [{ item_id: 'sku-1', item_category: 'shoes', price: 60 }] });
 * const offer = await edgewise.decide('hero');
 */
export function createEdgewise(options: EdgewiseOptions): Edgewise {
  return startEdgewise(resolveOptions(options));
}

/** Starts the SDK from options already checked (the script tag checks the few it reads from data attributes). */
export function startEdgewise(o: ResolvedOptions): Edgewise {
  const client = new Client(o);
  // Bound methods, not the instance: a page can pass `edgewise.track` around, and cannot reach the internals.
  const api = Object.fromEntries(METHODS.map((m) => [m, client[m].bind(client)])) as unknown as Edgewise;
  api.ready = client.ready;
  const win = globalThis.window as unknown as (Window & Record<string, unknown>) | undefined;
  if (win) {
    // pagehide, not unload: it fires on mobile and keeps the back-forward cache usable.
    win.addEventListener('pagehide', () => client._leave());
    win.document.addEventListener('visibilitychange', () => {
      if (win.document.visibilityState === 'hidden') void client.flush();
    });
    // The script tag loads it (sdk-datalayer.js) only for shops that ask for it; it reads past entries on
    // arrival, so nothing pushed meanwhile is lost.
    if (o.dataLayer)
      Promise.resolve()
        .then(() => watchDataLayer(win, o.dataLayer === true ? 'dataLayer' : (o.dataLayer as string), (t, p) => void client.track(t, p)))
        .catch((error) => o.debug && o.logger('warn', 'dataLayer reader did not load', error));
    if (o.renderSlots) watchSlots(win.document, (slot) => client.decide(slot), o.flickerMs, { style: o.slotStyle, render: o.render });
  }
  return api;
}
