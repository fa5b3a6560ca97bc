// The offer form's own editors: the expected uplift per segment (with what it makes the offer worth, and so whether
// it can show), the saved groups, and a preview of the offer as the shop's slot draws it.
import type { Decision } from '../../client-sdk/src/decide/index.ts';
import { SLOT_STYLE, offerElement } from '../../client-sdk/src/dom/index.ts';
import { offerValue, redemptionCostOf, type DiscountedOffer } from '../../protocol/economics.ts';
import { h, replace, uid } from './dom.ts';
import type { Path } from './fields.ts';

type Obj = Record<string, unknown>;
type Segment = { id: string; name?: string; baseline?: number };

const round2 = (x: number) => (Math.round(x * 100) / 100).toFixed(2);

/**
 * What an offer is worth for one shopper of a segment shown it, by the one formula (protocol/economics.ts):
 * null when its cost per redemption cannot be worked out yet.
 * @example worthFor(offer, { id: 'vip', baseline: 0.3 }, 0.02, draft)
 */
export function worthFor(offer: Obj, segment: Segment, uplift: number, draft: Obj): number | null {
  const cost = redemptionCostOf({ discount: (offer.discount as DiscountedOffer['discount']) ?? { kind: 'none', value: 0 }, redemptionCost: offer.redemptionCost as number | undefined }, (draft.economics ?? {}) as Obj);
  if (cost === null || typeof offer.margin !== 'number') return null;
  const pC = segment.baseline ?? 0.05;
  const pT = Math.min(1, Math.max(0, pC + uplift));
  return offerValue(pT, pC, { margin: offer.margin, redemptionCost: cost });
}

/**
 * The expected uplift per segment as a table: extra buyers per 100 shown (stored as a share: 1.5 is 0.015), and
 * what that makes the offer worth per shopper shown. A segment without a prior (and no model or learnt uplift) has
 * uplift 0: the offer does not show to it, and the table says so.
 * @example form.append(priorEditor({ offer, index: 3, draft, onChange }))
 */
export function priorEditor(o: { offer: Obj; index: number; draft: Obj; onChange: () => void; label: string; help?: string | undefined }): HTMLElement {
  const segments = ((o.draft.segments ?? []) as Segment[]);
  const currency = ((o.draft.constraints as { currency?: string } | undefined)?.currency ?? '');
  const id = uid('prior');
  const path: Path = ['offers', o.index, 'upliftPrior'];
  const worthCells = new Map<string, HTMLElement>();
  const prior = () => ((o.offer.upliftPrior ??= {}) as Record<string, number>);
  const showWorth = () => {
    for (const segment of segments) {
      const cell = worthCells.get(segment.id)!;
      const uplift = prior()[segment.id];
      const worth = uplift === undefined ? null : worthFor(o.offer, segment, uplift, o.draft);
      cell.textContent = uplift === undefined
        ? 'No prior: not shown to this segment until a model or an experiment gives it an uplift.'
        : worth === null ? 'Set a margin and the cost of one redemption to see what it is worth.'
        : worth > 0 ? `Worth ${round2(worth)} ${currency} per shopper shown: can show, if it clears its price.`
        : `Worth ${round2(worth)} ${currency} per shopper shown: not shown (a coupon to buyers who would buy anyway costs more than it adds).`;
      cell.className = uplift === undefined || (worth !== null && worth <= 0) ? 'worth no' : 'worth';
    }
  };
  const rows = segments.map((segment) => {
    const inputId = `${id}-${segment.id}`;
    const value = prior()[segment.id];
    const input = h('input', {
      id: inputId, type: 'number', step: 'any', value: value === undefined ? '' : String(Math.round(value * 100_000) / 1000),
      'data-path': JSON.stringify([...path, segment.id]), 'aria-describedby': `${inputId}-worth ${inputId}-err`,
    });
    input.addEventListener('input', () => {
      const text = input.value.trim();
      if (text === '') delete prior()[segment.id];
      else prior()[segment.id] = Number.isFinite(Number(text)) ? Number(text) / 100 : (text as unknown as number);
      showWorth();
      o.onChange();
    });
    const worth = h('td', { id: `${inputId}-worth` });
    worthCells.set(segment.id, worth);
    return h('tr', {},
      h('th', { scope: 'row' }, h('label', { for: inputId }, segment.name ? `${segment.name} (${segment.id})` : segment.id)),
      h('td', {}, input, h('p', { id: `${inputId}-err`, class: 'field-error', hidden: true })),
      worth);
  });
  const element = h('fieldset', { class: 'prior', 'data-path': JSON.stringify(path), id, tabindex: '-1' },
    h('legend', {}, o.label),
    h('p', { class: 'help' }, 'Extra buyers per 100 shoppers shown, before any experiment result (1.5 means 1.5 more of every 100 buy). ',
      'An offer shows to a segment only when what it adds is worth more than what its coupon costs.'),
    h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Segment'), h('th', { scope: 'col' }, 'Extra buyers per 100 shown'), h('th', { scope: 'col' }, 'What that makes it worth'))),
      h('tbody', {}, rows)),
    h('p', { id: `${id}-err`, class: 'field-error', hidden: true }));
  showWorth();
  return element;
}

/**
 * The saved groups (lists for "is in the saved group"): a name and its values per row.
 * @example form.append(groupsEditor({ draft, onChange }))
 */
export function groupsEditor(o: { draft: Obj; onChange: () => void; label: string; help?: string | undefined }): HTMLElement {
  const holder = h('fieldset', { class: 'groups', 'data-path': '["savedGroups"]', id: uid('groups'), tabindex: '-1' });
  const groups = () => ((o.draft.savedGroups ??= {}) as Record<string, (string | number)[]>);
  const draw = () => {
    replace(holder, h('legend', {}, o.label), o.help ? h('p', { class: 'help' }, o.help) : null,
      Object.entries(groups()).map(([name, values]) => {
        const nameId = uid('group');
        const nameInput = h('input', { id: nameId, type: 'text', value: name, 'data-path': JSON.stringify(['savedGroups', name]), 'aria-describedby': `${nameId}-err` });
        const valuesInput = h('textarea', { rows: 2, 'aria-label': `Values of ${name}, comma-separated` });
        valuesInput.value = values.join(', ');
        nameInput.addEventListener('change', () => {
          const next = nameInput.value.trim();
          if (!next || next === name || next in groups()) return;
          groups()[next] = groups()[name]!;
          delete groups()[name];
          o.onChange();
          draw();
        });
        valuesInput.addEventListener('input', () => {
          groups()[nameInput.value.trim() || name] = valuesInput.value.split(',').map((s) => s.trim()).filter(Boolean);
          o.onChange();
        });
        return h('div', { class: 'group-row' },
          h('label', { for: nameId }, 'Group'), nameInput, valuesInput,
          h('button', { type: 'button', class: 'link', onclick: () => { delete groups()[name]; o.onChange(); draw(); } }, `Remove ${name}`),
          h('p', { id: `${nameId}-err`, class: 'field-error', hidden: true }));
      }),
      h('button', { type: 'button', onclick: () => {
        let n = Object.keys(groups()).length + 1;
        while (`group-${n}` in groups()) n++;
        groups()[`group-${n}`] = [];
        o.onChange();
        draw();
      } }, 'Add a saved group'));
  };
  draw();
  return holder;
}

/**
 * The offer as the shop's slot draws it by default (the SDK's own element and style, in a shadow root so the
 * console's style does not leak in). `update()` redraws it from the offer.
 * @example const preview = offerPreview(offer); form.append(preview.element); preview.update()
 */
export function offerPreview(offer: Obj): { element: HTMLElement; update(): void } {
  const host = h('div', { class: 'offer-preview-host' });
  const root = host.attachShadow({ mode: 'open' });
  // A constructed style sheet, not a <style> element: the console's Content-Security-Policy (style-src 'self')
  // refuses inline styles.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`:host{display:block;max-width:26rem}${SLOT_STYLE}`);
  root.adoptedStyleSheets = [sheet];
  const update = () => {
    const content = (offer.content ?? {}) as Decision['content'];
    const decision: Decision = { offerId: String(offer.id ?? ''), content: { ...content, title: content.title || '(no headline yet)' }, segment: null, experiment: null, arm: null, reason: '' };
    root.replaceChildren(offerElement(document, decision));
  };
  update();
  return {
    element: h('figure', { class: 'offer-preview' }, h('figcaption', {}, 'How the offer looks in a slot (the default style; your shop may restyle it)'), host),
    update,
  };
}
