// The rule editor: offers, segments, experiments and site settings as forms, a JSON view, and saving with the
// API's validation error shown at the field its path names.
import { AdminApiError } from '../../cli/admin-client.ts';
import { formatPath } from '../../protocol/errors.ts';
import type { App } from './app.ts';
import { h, keepFocus, replace } from './dom.ts';
import { armsTable } from './arms.ts';
import {
  EXPERIMENT_FIELDS, OFFER_FIELDS, SEGMENT_FIELDS, SETTINGS_FIELDS, control, inputForPath, markField, prefixLength,
  type Field, type Path,
} from './fields.ts';

type Section = 'offers' | 'segments' | 'experiments' | 'settings' | 'json';
type ListSection = 'offers' | 'segments' | 'experiments';
type Item = Record<string, unknown> & { id: string; name?: string };

const SECTIONS: [Section, string][] = [
  ['offers', 'Offers'],
  ['segments', 'Segments'],
  ['experiments', 'Experiments'],
  ['settings', 'Budget & settings'],
  ['json', 'JSON'],
];

const FIELDS: Record<ListSection, Field[]> = { offers: OFFER_FIELDS, segments: SEGMENT_FIELDS, experiments: EXPERIMENT_FIELDS };

function template(section: ListSection, n: number): Item {
  if (section === 'offers')
    return {
      id: `new-offer-${n}`, name: 'New offer', slots: ['hero'], content: { title: 'New offer' }, discount: { kind: 'none', value: 0 },
      margin: 0, eligibility: {}, items: [], inventory: null, upliftPrior: {},
    };
  if (section === 'segments') return { id: `new-segment-${n}`, name: 'New segment', condition: {}, priority: 0, size: 1000, maxOffers: 1, baseline: 0.05 };
  return {
    id: `new-experiment-${n}`, name: 'New experiment', slot: 'hero', status: 'draft', version: 1, bandit: false, explorationFloor: 0.01,
    arms: [{ id: 'control', weight: 1, policy: 'control' }, { id: 'personalised', weight: 1, policy: 'personalised' }],
  };
}

/** The section and item an error path belongs to. */
function locate(path: Path): { section: Section; index: number } {
  const [head, index] = path;
  if ((head === 'offers' || head === 'segments' || head === 'experiments') && typeof index === 'number') return { section: head, index };
  if (SETTINGS_FIELDS.some((field) => prefixLength(field.key, path) > 0 || prefixLength(path, field.key) > 0)) return { section: 'settings', index: 0 };
  return { section: 'json', index: 0 };
}

/**
 * Builds the editor view for the open site.
 * @example main.append(renderEditor(app).element)
 */
export function renderEditor(app: App) {
  let section: Section = 'offers';
  const selected: Record<ListSection, number> = { offers: 0, segments: 0, experiments: 0 };
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const saveState = h('span', { class: 'save-state', 'aria-live': 'polite' });
  const body = h('div', { class: 'editor-body' });
  const tabs = h('div', { class: 'subtabs', role: 'group', 'aria-label': 'What to edit' });

  const list = (s: ListSection) => app.draft[s] as unknown as Item[];

  function refreshSaveState() {
    saveState.textContent = app.dirty ? `Unsaved changes (from version ${app.base})` : `Version ${app.base}, no unsaved changes`;
  }

  function onChange() {
    app.changed();
    refreshSaveState();
    // Keep the item list's labels in step with id and name edits, without rebuilding the form being typed in.
    if (section !== 'settings' && section !== 'json') {
      const items = list(section);
      body.querySelectorAll<HTMLButtonElement>('.item-list button[data-index]').forEach((button) => {
        const item = items[Number(button.dataset.index)];
        if (item) button.textContent = itemLabel(item);
      });
    }
  }

  const itemLabel = (item: Item) => (item.name ? `${item.name} (${item.id})` : item.id);

  function renderTabs() {
    replace(
      tabs,
      SECTIONS.map(([id, label]) =>
        h('button', { type: 'button', 'aria-pressed': String(id === section), 'data-focus': `section:${id}`, onclick: () => keepFocus(() => show(id)) }, label),
      ),
    );
  }

  function renderList(s: ListSection): HTMLElement {
    const items = list(s);
    const index = Math.min(selected[s], Math.max(0, items.length - 1));
    selected[s] = index;
    const item = items[index];
    const singular = s.slice(0, -1);
    const add = () => {
      items.push(template(s, items.length + 1) as never);
      selected[s] = items.length - 1;
      onChange();
      render();
      body.querySelector<HTMLElement>('.item-form input')?.focus();
    };
    const remove = () => {
      if (!item || !confirm(`Delete ${singular} "${item.id}" from the draft?`)) return;
      items.splice(index, 1);
      onChange();
      render();
    };
    const duplicate = () => {
      if (!item) return;
      items.splice(index + 1, 0, { ...JSON.parse(JSON.stringify(item)), id: `${item.id}-copy` });
      selected[s] = index + 1;
      onChange();
      render();
    };
    const form = item
      ? h(
          'form',
          { class: 'item-form', 'aria-label': `${singular} ${item.id}`, onsubmit: (e: Event) => e.preventDefault() },
          h('div', { class: 'grid' }, FIELDS[s].map((field) => control(field, item, [s, index], onChange))),
          s === 'experiments' ? armsTable(app, item, index, onChange) : null,
          h('div', { class: 'row' },
            h('button', { type: 'button', onclick: duplicate }, `Duplicate ${singular}`),
            h('button', { type: 'button', class: 'danger', onclick: remove }, `Delete ${singular}`)),
        )
      : h('p', {}, `No ${s} yet.`);
    return h(
      'div',
      { class: 'master-detail' },
      h('nav', { class: 'item-list', 'aria-label': s },
        h('ul', {}, items.map((it, i) =>
          h('li', {}, h('button', {
            type: 'button', 'data-index': String(i), 'aria-current': i === index ? 'true' : undefined, 'data-focus': `item:${s}:${i}`,
            onclick: () => { selected[s] = i; keepFocus(render); },
          }, itemLabel(it))))),
        h('button', { type: 'button', class: 'add', onclick: add }, `Add ${singular}`)),
      form,
    );
  }

  function renderJson(): HTMLElement {
    const id = 'json-draft';
    const area = h('textarea', { id, class: 'code json-view', rows: 28, spellcheck: 'false', 'aria-describedby': 'json-err', 'data-path': '[]' });
    area.value = JSON.stringify(app.draft, null, 2);
    const error = h('p', { id: 'json-err', class: 'field-error', hidden: true });
    const apply = () => {
      try {
        app.draft = JSON.parse(area.value);
        error.hidden = true;
        onChange();
        app.notify('JSON applied to the draft');
      } catch (e) {
        error.textContent = `not valid JSON: ${(e as Error).message}`;
        error.hidden = false;
        area.focus();
      }
    };
    return h('div', { class: 'json' },
      h('label', { for: id }, 'The whole draft as JSON (for power users)'), area, error,
      h('div', { class: 'row' }, h('button', { type: 'button', onclick: apply }, 'Apply JSON to draft')));
  }

  function render() {
    renderTabs();
    if (section === 'settings')
      replace(body, h('form', { class: 'item-form', 'aria-label': 'Budget and settings', onsubmit: (e: Event) => e.preventDefault() },
        h('div', { class: 'grid' }, SETTINGS_FIELDS.map((field) => control(field, app.draft as never, [], onChange)))));
    else if (section === 'json') replace(body, renderJson());
    else replace(body, renderList(section));
    refreshSaveState();
  }

  function show(s: Section) {
    section = s;
    render();
  }

  /** Opens the section and item an API error names and shows the message at its field. */
  function showError(error: AdminApiError) {
    const where = error.path.length ? formatPath(error.path) : '';
    const target = locate(error.path);
    section = target.section;
    if (target.section !== 'settings' && target.section !== 'json') selected[target.section] = target.index;
    render();
    const input = inputForPath(body, error.path);
    if (input) markField(input, error.message);
    replace(summary,
      h('strong', {}, error.status === 409 ? 'Someone saved a newer version. ' : 'The edge refused this config. '),
      error.message,
      input ? h('button', { type: 'button', onclick: () => input.focus() }, `Go to ${where || 'field'}`) : null,
      error.status === 409 ? h('button', { type: 'button', onclick: () => void app.reload() }, 'Reload latest (drops your edits)') : null);
    summary.hidden = false;
    (input ?? summary).focus();
  }

  async function save(publish: boolean) {
    summary.hidden = true;
    const local = body.querySelector('[data-error="local"]');
    if (local) {
      (local as HTMLElement).focus();
      app.notify('Fix the highlighted field first', 'error');
      return;
    }
    try {
      const { version } = await app.api.putConfig(app.draft, app.base);
      app.base = version;
      app.dirty = false;
      refreshSaveState();
      app.notify(`Saved as version ${version}`, 'ok');
      if (publish) {
        const answer = await app.api.publish(version);
        app.setPublished(await app.api.deviceConfig());
        app.notify(`Published version ${answer.version} (pricing ${answer.pricing.status})`, 'ok');
      }
    } catch (error) {
      if (error instanceof AdminApiError) {
        app.notify(`Not saved: ${error.message}`, 'error');
        showError(error);
      } else throw error;
    }
  }

  const element = h('section', { class: 'view', 'aria-labelledby': 'edit-h' },
    h('div', { class: 'toolbar' },
      h('h2', { id: 'edit-h' }, 'Rules'),
      saveState,
      h('button', { type: 'button', onclick: () => void save(false) }, 'Save as new version'),
      h('button', { type: 'button', class: 'primary', onclick: () => void save(true) }, 'Save and publish'),
      h('button', { type: 'button', onclick: () => { if (!app.dirty || confirm('Drop unsaved changes?')) void app.reload(); } }, 'Discard changes')),
    summary, tabs, body);
  render();
  return { element, showError, show };
}
