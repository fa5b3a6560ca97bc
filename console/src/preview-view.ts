// The preview view: pick or paste a sample shopper and see, per slot and arm, the offer the device would choose
// from the draft at the published prices, and why.
import type { Profile } from '../../protocol/index.ts';
import type { App } from './app.ts';
import { h, replace } from './dom.ts';
import { SAMPLE_PROFILES, completeProfile, previewConfig, previewProfile, type Preview } from './preview.ts';

const num = (x: number | null, digits = 3) => (x === null ? '-' : x.toFixed(digits));

function renderPreview(preview: Preview, app: App): HTMLElement {
  const currency = app.draft.constraints?.currency ?? '';
  return h('div', { class: 'preview-out' },
    h('p', {}, h('strong', {}, 'Segment: '),
      preview.segments[0] ? `${preview.segments[0].name} (${preview.segments[0].id})` : 'none',
      preview.segments.length > 1 ? ` — also matches ${preview.segments.slice(1).map((s) => s.id).join(', ')}` : ''),
    preview.slots.map((slot) =>
      h('section', { class: 'slot', 'aria-label': `Slot ${slot.slot}` },
        h('h3', {}, `Slot "${slot.slot}"`, slot.experiment ? ` — experiment ${slot.experiment}` : ''),
        h('table', {},
          h('caption', {}, 'What each group of shoppers gets'),
          h('thead', {}, h('tr', {}, ['Arm', 'Offer', `Value (${currency})`, `Price (${currency})`, 'Why'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, slot.arms.map((row) =>
            h('tr', { 'data-arm': row.arm ?? '' },
              h('th', { scope: 'row' }, row.arm ? `${row.arm}${row.policy && row.policy !== row.arm ? ` (${row.policy})` : ''}` : 'all shoppers'),
              h('td', { class: 'offer' }, row.explanation.offerId ? `${row.explanation.title} (${row.explanation.offerId})` : 'no offer'),
              h('td', { class: 'num' }, num(row.explanation.value)),
              h('td', { class: 'num' }, num(row.explanation.price)),
              h('td', {}, row.explanation.developer))))),
        h('details', {},
          h('summary', {}, `All ${slot.candidates.length} offers for this slot, best value minus price first`),
          h('table', {},
            h('thead', {}, h('tr', {}, ['Offer', 'Eligible', 'Uplift', 'Value', 'Price', 'Value − price', 'Score from'].map((t) => h('th', { scope: 'col' }, t)))),
            h('tbody', {}, slot.candidates.map((c) =>
              h('tr', {},
                h('th', { scope: 'row' }, c.offerId),
                h('td', {}, c.excluded ? `no: ${c.excluded}` : 'yes'),
                h('td', { class: 'num' }, num(c.uplift, 4)),
                h('td', { class: 'num' }, num(c.value)),
                h('td', { class: 'num' }, c.price === null ? 'not priced yet' : num(c.price)),
                h('td', { class: 'num' }, num(c.net)),
                h('td', {}, c.source ?? '-')))))))));
}

/**
 * @example main.append(renderPreviewView(app))
 */
export function renderPreviewView(app: App): HTMLElement {
  const names = Object.keys(SAMPLE_PROFILES);
  const area = h('textarea', { id: 'profile-json', class: 'code', rows: 9, spellcheck: 'false', 'aria-describedby': 'profile-help profile-err' });
  area.value = JSON.stringify(SAMPLE_PROFILES[names[1]!], null, 2);
  const select = h('select', { id: 'profile-sample', onchange: () => { area.value = JSON.stringify(SAMPLE_PROFILES[select.value], null, 2); void run(); } },
    names.map((n) => h('option', { value: n }, n)));
  select.value = names[1]!;
  const error = h('p', { id: 'profile-err', class: 'field-error', hidden: true });
  const out = h('div', { 'aria-live': 'polite' });

  async function run() {
    let partial: Partial<Profile>;
    try {
      partial = JSON.parse(area.value);
      error.hidden = true;
    } catch (e) {
      error.textContent = `not valid JSON: ${(e as Error).message}`;
      error.hidden = false;
      return;
    }
    const preview = await previewProfile(previewConfig(app.draft, app.published), completeProfile(partial), { models: { baseUrl: location.origin } });
    replace(out, renderPreview(preview, app));
  }

  const element = h('section', { class: 'view', 'aria-labelledby': 'preview-h' },
    h('h2', { id: 'preview-h' }, 'Preview'),
    h('p', {}, `The draft${app.dirty ? ' (with unsaved changes)' : ''} at the prices of the published version${app.published ? ` ${app.published.version}` : ' (none yet: prices 0)'}.`),
    h('div', { class: 'preview-in' },
      h('div', { class: 'field' }, h('label', { for: 'profile-sample' }, 'Sample shopper'), select,
        h('button', { type: 'button', class: 'primary', onclick: () => void run() }, 'Preview')),
      h('div', { class: 'field json' },
        h('label', { for: 'profile-json' }, 'Shopper profile (JSON; missing fields take their empty values)'),
        area,
        h('p', { id: 'profile-help', class: 'help' }, 'Fields: recencyDays, frequency, monetary, sessions, topCategory, categoryAffinity, discountShare, purchasedItems, ...'),
        error)),
    out);
  void run();
  return element;
}
