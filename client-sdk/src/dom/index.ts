// Slots in the page: elements with data-edgewise-slot, filled with an offer as text, image and link (never as
// HTML), hidden for at most the anti-flicker time while their decision is made.
import type { Decision } from '../decide/index.ts';

const SLOT = 'data-edgewise-slot';
const PENDING = 'data-edgewise-pending';

/** Only http(s) URLs (absolute or relative): a config string must never become a javascript: URL. */
export function safeUrl(url: string | undefined, base: string): string | null {
  try {
    const href = url ? new URL(url, base).href : '';
    return /^https?:/.test(href) ? href : null;
  } catch {
    return null;
  }
}

/**
 * Replaces a slot's children with the offer. Every string goes through textContent or an attribute.
 * @example fillSlot(document.querySelector('[data-edgewise-slot="hero"]'), decision)
 */
export function fillSlot(el: Element, decision: Decision): void {
  const doc = el.ownerDocument;
  const c = decision.content;
  const make = (tag: string, cls: string, text?: string) => {
    const node = doc.createElement(tag);
    node.className = `edgewise-${cls}`;
    if (text) node.textContent = text;
    return node;
  };
  const link = safeUrl(c.link, doc.baseURI);
  const image = safeUrl(c.image, doc.baseURI);
  const box = make(link ? 'a' : 'div', 'offer');
  if (link) box.setAttribute('href', link);
  if (image) {
    const img = make('img', 'image') as HTMLImageElement;
    img.src = image;
    img.alt = c.title;
    box.append(img);
  }
  box.append(make('strong', 'title', c.title));
  if (c.body) box.append(make('span', 'body', c.body));
  if (c.cta) box.append(make('span', 'cta', c.cta));
  el.replaceChildren(box);
  el.setAttribute('data-edgewise-offer', decision.offerId);
}

/**
 * Hides every slot until its decision arrives or `flickerMs` passes, whichever is first; fills it when an offer
 * comes. Slots added later (single-page shops) are handled the same way.
 * @example watchSlots(document, (slot) => sdk.decide(slot), 300)
 */
export function watchSlots(doc: Document, decide: (slot: string) => Promise<Decision | null>, flickerMs: number): void {
  const style = doc.createElement('style');
  style.textContent = `[${PENDING}]{visibility:hidden!important}`;
  doc.head.append(style);
  const seen = new WeakSet<Element>();
  const run = () => {
    for (const el of doc.querySelectorAll(`[${SLOT}]`)) {
      if (seen.has(el)) continue;
      seen.add(el);
      el.setAttribute(PENDING, '');
      const reveal = () => el.removeAttribute(PENDING);
      setTimeout(reveal, flickerMs);
      void decide(el.getAttribute(SLOT)!).then((decision) => {
        // After the timeout the shopper already sees the default content: replacing it then would be the flicker.
        if (decision && el.hasAttribute(PENDING)) fillSlot(el, decision);
        reveal();
      });
    }
  };
  run();
  new MutationObserver(run).observe(doc.documentElement, { childList: true, subtree: true });
}
