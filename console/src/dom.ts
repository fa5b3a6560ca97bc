// The console's rendering layer: one element builder. A framework would cost more bytes than the whole console.

export type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, unknown>;

/**
 * Creates an element: `on*` attributes become listeners, `class` the class name, booleans present/absent,
 * everything else an attribute. Text children are text nodes (never parsed as HTML).
 * @example h('button', { type: 'button', onclick: save }, 'Save')
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value as EventListener);
    else if (key === 'class') el.className = String(value);
    else if (key === 'value' && 'value' in el) (el as HTMLInputElement).value = String(value);
    else if (key === 'checked' && 'checked' in el) (el as HTMLInputElement).checked = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A trusted SVG string (built by charts.ts, every text escaped) as a node. */
export function svg(markup: string): Element {
  const holder = document.createElement('div');
  holder.className = 'chart-box';
  holder.innerHTML = markup;
  return holder;
}

let idCounter = 0;
/** A unique id for label/aria wiring. */
export const uid = (prefix: string) => `${prefix}-${++idCounter}`;

/**
 * Runs a re-render and puts focus back on the element with the same `data-focus` key, so keyboard users are
 * not thrown to the top of the page when the button they pressed is rebuilt.
 * @example keepFocus(() => render())
 */
export function keepFocus(run: () => void): void {
  const key = (document.activeElement as HTMLElement | null)?.dataset?.focus;
  run();
  if (key) document.querySelector<HTMLElement>(`[data-focus="${CSS.escape(key)}"]`)?.focus();
}
