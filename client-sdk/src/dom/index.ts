// Slots in the page: elements with data-edgewise-slot, filled in place, and <edgewise-slot name> elements, filled
// in their shadow root (so a framework keeps its own children). An offer is text, image and link, never HTML;
// a slot stays hidden for at most the anti-flicker time while its decision is made.
import type { Decision } from '../decide/index.ts';
import { renderSpecial, warmRender } from './render.ts';

const PENDING = 'data-edgewise-pending';
/** Every element the SDK fills: `data-edgewise-slot="hero"` or `<edgewise-slot name="hero">`. */
const SLOTS = '[data-edgewise-slot],edgewise-slot';
/** The parts of an offer, in order: each is an element with class `edgewise-{part}` and `part="{part}"`. */
const PARTS = ['image', 'title', 'body', 'cta'] as const;

/**
 * The default look, opt-out (`data-slot-style="none"`, `slotStyle: false`). `:where()` keeps its specificity at
 * zero, so any rule of the shop's wins over it.
 */
export const SLOT_STYLE =
  ':where(.edgewise-offer){display:flex;flex-direction:column;gap:.4em;padding:1em;border:1px solid #ccc;border-radius:8px;' +
  'color:inherit;text-decoration:none}:where(.edgewise-image){max-width:100%}:where(.edgewise-title){font-weight:700}' +
  ':where(.edgewise-cta){align-self:start;padding:.4em 1em;border-radius:4px;background:#222;color:#fff}';

/** How slots are rendered (SDK options `slotStyle` and `render`). */
export interface SlotRendering {
  /** Add SLOT_STYLE (default true). */
  style: boolean;
  /** Renders an offer instead of the SDK (the slot is still hidden until then, and marked). */
  render?: ((element: Element, decision: Decision) => void) | undefined;
}

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
 * Fills one element of the offer's parts: text as textContent, `image` as src (alt: the title), `link` as href.
 * A part the offer does not have is removed.
 * @example fillPart(img, 'image', decision, document.baseURI)
 */
export function fillPart(node: Element, part: string, decision: Decision, base: string): void {
  // A config cached by an older SDK may hold an offer with `content: null`: the slot then gets no parts.
  const c = (decision.content || {}) as Record<string, string | undefined>;
  const url = part === 'image' || part === 'link' ? safeUrl(c[part], base) : null;
  if (part === 'image') {
    if (url) node.setAttribute('src', url), node.setAttribute('alt', c.title ?? '');
    else node.remove();
  } else if (part === 'link') {
    if (url) node.setAttribute('href', url);
  } else if (c[part]) node.textContent = c[part]!;
  else node.remove();
}

/**
 * The offer as `a.edgewise-offer > img.edgewise-image, div.edgewise-title, div.edgewise-body, div.edgewise-cta`
 * (a `div` without a link), each also named by its `part` attribute.
 * @example slot.replaceChildren(offerElement(document, decision))
 */
export function offerElement(doc: Document, decision: Decision): Element {
  const base = doc.baseURI;
  const link = safeUrl(decision.content?.link, base);
  const box = doc.createElement(link ? 'a' : 'div');
  if (link) box.setAttribute('href', link);
  for (const part of ['offer', ...PARTS]) {
    const node = part === 'offer' ? box : doc.createElement(part === 'image' ? 'img' : 'div');
    node.className = `edgewise-${part}`;
    node.setAttribute('part', part);
    if (node !== box) {
      box.append(node);
      fillPart(node, part, decision, base);
    }
  }
  return box;
}

/** A slot that renders through sdk-render.js: a template, or an <edgewise-slot> (shadow root). */
const special = (el: Element) => el.localName === 'edgewise-slot' || el.hasAttribute('data-edgewise-template');

/**
 * Replaces a slot's content with the offer (see `offerElement`); templates and `<edgewise-slot>` elements render
 * through `renderSpecial` (render.ts, a part of its own in the script tag).
 * @example await fillSlot(document.querySelector('[data-edgewise-slot="hero"]'), decision)
 */
export async function fillSlot(el: Element, decision: Decision, style = true): Promise<void> {
  if (special(el)) await renderSpecial(el, decision, style);
  else el.replaceChildren(offerElement(el.ownerDocument, decision));
}

/**
 * Hides every slot until its decision arrives or `flickerMs` passes, whichever is first, and renders an offer that
 * comes in time, marking the slot `data-edgewise-offer="{offerId}"`. Before rendering it dispatches `edgewise:offer` on
 * the slot (bubbles; `detail: { slot, decision }`): `preventDefault()` there, or `data-edgewise-render="off"` on
 * the slot, leaves the rendering to the page.
 * Slots added later (single-page shops) are handled the same way.
 * @example watchSlots(document, (slot) => sdk.decide(slot), 300, { style: true })
 */
export function watchSlots(doc: Document, decide: (slot: string) => Promise<Decision | null>, flickerMs: number, rendering: SlotRendering): void {
  const css = doc.createElement('style');
  css.textContent = `[${PENDING}]{visibility:hidden!important}${rendering.style ? SLOT_STYLE : ''}`;
  doc.head.append(css);
  const seen = new WeakSet<Element>();
  const run = () => {
    for (const el of doc.querySelectorAll(SLOTS)) {
      const slot = el.getAttribute('data-edgewise-slot') ?? el.getAttribute('name');
      if (seen.has(el) || !slot) continue;
      seen.add(el);
      el.setAttribute(PENDING, '');
      // Templates and custom elements render through a part: fetched now, while the decision is made.
      if (special(el)) warmRender().catch(() => {});
      const reveal = () => el.removeAttribute(PENDING);
      setTimeout(reveal, flickerMs);
      void decide(slot)
        .then((decision) => {
          // After the timeout the shopper already sees the default content: replacing it then would be the flicker.
          if (!decision || !el.hasAttribute(PENDING)) return;
          el.setAttribute('data-edgewise-offer', decision.offerId);
          const event = new CustomEvent('edgewise:offer', { bubbles: true, cancelable: true, detail: { slot, decision } });
          if (el.dispatchEvent(event) && el.getAttribute('data-edgewise-render') !== 'off')
            return rendering.render ? rendering.render(el, decision) : fillSlot(el, decision, rendering.style);
        })
        // A page's render callback that throws is reported as an event listener's would be; the slot still shows.
        .catch((error) => globalThis.reportError?.(error))
        .finally(reveal);
    }
  };
  run();
  new MutationObserver(run).observe(doc.documentElement, { childList: true, subtree: true });
}
