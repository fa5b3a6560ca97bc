// Slots in the page: elements with data-edgewise-slot, filled with an offer as text, image and link (never as
// HTML), hidden for at most the anti-flicker time while their decision is made.
import type { Decision } from '../decide/index.ts';

const SLOT = 'data-edgewise-slot';
const PENDING = 'data-edgewise-pending';

/** Only http(s) and relative links: a config string must never become a javascript: URL. */
export function safeUrl(url: string | undefined, base: string): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url, base);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
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
  const make = (tag: string, text?: string, cls?: string) => {
    const node = doc.createElement(tag);
    if (text) node.textContent = text;
    if (cls) node.className = `edgewise-${cls}`;
    return node;
  };
  const link = safeUrl(c.link, doc.baseURI);
  const box = link ? make('a') : make('div');
  if (link) box.setAttribute('href', link);
  box.className = 'edgewise-offer';
  const image = safeUrl(c.image, doc.baseURI);
  if (image) {
    const img = make('img') as HTMLImageElement;
    img.src = image;
    img.alt = c.title;
    box.append(img);
  }
  box.append(make('strong', c.title, 'title'));
  if (c.body) box.append(make('span', c.body, 'body'));
  if (c.cta) box.append(make('span', c.cta, 'cta'));
  el.replaceChildren(box);
  el.setAttribute('data-edgewise-offer', decision.offerId);
}

/**
 * Hides the slots now in the page until `reveal` or `ms` milliseconds, whichever comes first.
 * @example const reveal = hideSlots(document, 300)
 */
export function hideSlots(doc: Document, ms: number): (el?: Element) => void {
  if (!doc.getElementById('edgewise-af')) {
    const style = doc.createElement('style');
    style.id = 'edgewise-af';
    style.textContent = `[${PENDING}]{visibility:hidden!important}`;
    doc.head.append(style);
  }
  const slots = [...doc.querySelectorAll(`[${SLOT}]`)];
  for (const el of slots) el.setAttribute(PENDING, '');
  const reveal = (el?: Element) => {
    for (const slot of el ? [el] : slots) slot.removeAttribute(PENDING);
  };
  setTimeout(reveal, ms);
  return reveal;
}

/**
 * Decides and fills every slot not yet handled under `root`, and watches for slots added later (single-page shops).
 * @example watchSlots(document, (slot) => sdk.decide(slot), 300)
 */
export function watchSlots(doc: Document, decide: (slot: string) => Promise<Decision | null>, flickerMs: number): () => void {
  const done = new WeakSet<Element>();
  const reveal = hideSlots(doc, flickerMs);
  const run = () => {
    for (const el of doc.querySelectorAll(`[${SLOT}]`)) {
      if (done.has(el)) continue;
      done.add(el);
      if (!el.hasAttribute(PENDING)) {
        el.setAttribute(PENDING, '');
        setTimeout(() => reveal(el), flickerMs);
      }
      void decide(el.getAttribute(SLOT) ?? '').then((decision) => {
        if (decision && el.hasAttribute(PENDING)) fillSlot(el, decision);
        reveal(el);
      });
    }
  };
  run();
  const observer = new MutationObserver(run);
  observer.observe(doc.documentElement, { childList: true, subtree: true });
  return () => observer.disconnect();
}
