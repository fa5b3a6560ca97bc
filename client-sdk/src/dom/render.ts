// Rendering into a `<template>` of the page's and into an `<edgewise-slot>`'s shadow root: opt-in features, so the
// script tag loads this (sdk-render.js) only on a page that has such a slot.
import type { Decision } from '../decide/index.ts';
import { SLOT_STYLE, fillPart, offerElement } from './index.ts';

/**
 * Fills a slot from the `<template>` its `data-edgewise-template` names (elements with
 * `data-edgewise-field="title|body|cta|image|link"` are filled, as text or URL), else with the default element.
 * An `<edgewise-slot>` is filled in its shadow root, with the style there (its parts are styled with `::part()`),
 * so a framework that renders its children keeps them.
 * @example await renderSpecial(document.querySelector('edgewise-slot'), decision, true)
 */
export async function renderSpecial(el: Element, decision: Decision, style: boolean): Promise<void> {
  const doc = el.ownerDocument;
  const template = doc.getElementById(el.getAttribute('data-edgewise-template') ?? '');
  let content: Node;
  if (template instanceof HTMLTemplateElement) {
    const copy = template.content.cloneNode(true) as DocumentFragment;
    for (const node of copy.querySelectorAll('[data-edgewise-field]')) fillPart(node, node.getAttribute('data-edgewise-field')!, decision, doc.baseURI);
    content = copy;
  } else content = offerElement(doc, decision);
  if (el.localName !== 'edgewise-slot') return el.replaceChildren(content);
  const css = doc.createElement('style');
  css.textContent = `:host{display:block}${style ? SLOT_STYLE : ''}`;
  (el.shadowRoot ?? el.attachShadow({ mode: 'open' })).replaceChildren(css, content);
}

/** Nothing to do once loaded: calling it makes the script tag fetch this part while a decision is made. */
export async function warmRender(): Promise<void> {}
