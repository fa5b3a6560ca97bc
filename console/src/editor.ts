// The rule editor: offers, segments, experiments and site settings as forms grouped in sections (fields from the
// config's schema, schema-fields.ts), conditions in the visual builder, uplift priors and saved groups in tables, a
// JSON view; saving shows every problem the edge finds at its field, in words, once; publishing asks first.
import { AdminApiError } from '../../cli/admin-client.ts';
import { formatPath } from '../../protocol/errors.ts';
import type { Condition, Profile } from '../../protocol/index.ts';
import { evaluateCondition } from '../../client-sdk/src/conditions/index.ts';
import type { App } from './app.ts';
import { conditionEditor } from './condition-builder.ts';
import { confirmWithDiff } from './confirm.ts';
import { h, keepFocus, replace } from './dom.ts';
import { armsTable } from './arms.ts';
import { messageInWords, pathInWords } from './error-words.ts';
import { SETTINGS_FIELDS, clearField, control, getIn, inputForPath, markField, prefixLength, type Field, type Path } from './fields.ts';
import { configCategories, sampleShoppers } from './sample-shoppers.ts';
import { sectionsOf } from './schema-fields.ts';
import { groupsEditor, offerPreview, priorEditor } from './widgets.ts';

type Section = 'offers' | 'segments' | 'experiments' | 'settings' | 'json';
type ListSection = 'offers' | 'segments' | 'experiments';
type Item = Record<string, unknown> & { id: string; name?: string };
type Obj = Record<string, unknown>;

const SECTIONS: [Section, string][] = [
  ['offers', 'Offers'],
  ['segments', 'Segments'],
  ['experiments', 'Experiments'],
  ['settings', 'Budget & settings'],
  ['json', 'JSON'],
];

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

/** One problem to show: where (a config path) and what, in words. */
interface Problem {
  path: Path;
  message: string;
}

/** Every problem of an edge error: its `issues`, or the one its message and path name. */
export function problemsOf(error: AdminApiError): Problem[] {
  if (error.issues.length) return error.issues.map((i) => ({ path: i.path, message: messageInWords(i.message) }));
  if (!error.path.length) return [];
  const prefix = `${formatPath(error.path)}: `;
  return [{ path: error.path, message: messageInWords(error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message) }];
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
  /** Problems the edge named, kept until their field is edited or a save succeeds (forms are redrawn meanwhile). */
  let problems: Problem[] = [];
  let sample: Profile[] | null = null;
  const shoppers = () => (sample ??= sampleShoppers(configCategories(app.draft as never), Date.now(), undefined, app.draft as never));

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

  /** How many sample shoppers a segment keeps: those no segment of higher priority takes first. */
  const segmentNote = (segment: Item) => (matching: Profile[]) => {
    const higher = list('segments').filter((s) => s !== segment && Number(s.priority) > Number(segment.priority));
    const kept = matching.filter((p) => !higher.some((s) => evaluateCondition(p, (s.condition ?? {}) as Condition, (app.draft.savedGroups ?? {}) as never)));
    return higher.length ? `; ${kept.length} of them are placed in this segment (the others match a segment of higher priority)` : '';
  };

  /** One field of a form: its own editor for conditions, priors and saved groups, else a labelled input. */
  function fieldElement(field: Field, obj: Obj, base: Path, index: number, rerender: () => void): HTMLElement {
    const path = [...base, ...field.key];
    if (field.kind === 'condition')
      return conditionEditor({
        label: field.label, help: field.help, value: (getIn(obj, field.key) ?? {}) as Condition, path,
        onChange: (condition) => { obj[field.key[0]!] = condition; onChange(); },
        savedGroups: () => (app.draft.savedGroups ?? {}) as never, categories: configCategories(app.draft as never), sample: shoppers,
        countNote: base[0] === 'segments' ? segmentNote(obj as Item) : undefined,
      });
    if (field.kind === 'prior') return priorEditor({ offer: obj, index, draft: app.draft as never, onChange, label: field.label, help: field.help });
    if (field.kind === 'groups') return groupsEditor({ draft: app.draft as never, onChange: () => { onChange(); rerender(); }, label: field.label, help: field.help });
    return control(field, obj, base, onChange, { draft: app.draft as never });
  }

  /** A form in sections (fieldsets with a legend), with the offer's preview in its content section. */
  function sectionedForm(form: ListSection | 'settings', obj: Obj, base: Path, index: number, label: string, extra: HTMLElement | null) {
    const preview = form === 'offers' ? offerPreview(obj) : null;
    const element = h('form', { class: 'item-form', 'aria-label': label, onsubmit: (e: Event) => e.preventDefault() },
      sectionsOf(form).map((s) =>
        h('fieldset', { class: `section${s.id ? ` section-${s.id}` : ''}` },
          h('legend', {}, s.title),
          h('div', { class: 'grid' }, s.fields.map((field) => fieldElement(field, obj, base, index, render))),
          s.id === 'content' && preview ? preview.element : null)),
      extra);
    if (preview) element.addEventListener('input', () => preview.update());
    return element;
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
      ? sectionedForm(s, item, [s, index], index, `${singular} ${item.id}`,
          h('div', {},
            s === 'experiments' ? armsTable(app, item, index, onChange) : null,
            h('div', { class: 'row' },
              h('button', { type: 'button', onclick: duplicate }, `Duplicate ${singular}`),
              h('button', { type: 'button', class: 'danger', onclick: remove }, `Delete ${singular}`))))
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
        sample = null;
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

  /** Marks the problems whose fields are on screen (the longest input path that is a prefix of the problem's). */
  function markProblems() {
    for (const problem of problems) {
      const input = inputForPath(body, problem.path);
      if (input) markField(input, problem.message);
    }
  }

  function render() {
    renderTabs();
    if (section === 'settings') replace(body, sectionedForm('settings', app.draft as never, [], 0, 'Budget and settings', null));
    else if (section === 'json') replace(body, renderJson());
    else replace(body, renderList(section));
    refreshSaveState();
    markProblems();
  }

  function show(s: Section) {
    section = s;
    render();
  }

  function goTo(path: Path) {
    const target = locate(path);
    section = target.section;
    if (target.section !== 'settings' && target.section !== 'json') selected[target.section] = target.index;
    render();
    const input = inputForPath(body, path);
    input?.focus();
    return input;
  }

  // A field edited after the edge named it: its problem is gone from the summary and the field at once.
  body.addEventListener('input', (event) => {
    const field = (event.target as Element).closest('[data-path]');
    if (!field || !problems.length) return;
    const path = JSON.parse((field as HTMLElement).dataset.path!) as Path;
    const before = problems.length;
    problems = problems.filter((p) => prefixLength(path, p.path) < 0);
    if (problems.length !== before) {
      clearField(field);
      drawSummary();
    }
  });

  function drawSummary(error?: AdminApiError) {
    if (!problems.length && !error) {
      summary.hidden = true;
      return;
    }
    const heading = error?.status === 409 ? 'Someone saved a newer version. ' : problems.length ? `Not saved: ${problems.length === 1 ? 'one field needs' : `${problems.length} fields need`} attention. ` : 'The edge refused this config. ';
    replace(summary,
      h('strong', {}, heading),
      // A message with no field to show it at is shown here (once); field messages are shown at their fields.
      !problems.length && error ? messageInWords(error.message) : null,
      problems.length ? h('ul', {}, problems.map((p) => h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => goTo(p.path) }, pathInWords(p.path, app.draft as never))))) : null,
      error?.status === 409 ? h('button', { type: 'button', onclick: () => void app.reload() }, 'Reload latest (drops your edits)') : null);
    summary.hidden = false;
  }

  /** Shows the edge's problems: each at its field (opening the first one's section and item), listed at the top. */
  function showError(error: AdminApiError) {
    problems = problemsOf(error);
    const first = problems[0];
    if (first) goTo(first.path);
    else render();
    markProblems();
    drawSummary(error);
    if (!first) summary.focus();
  }

  function clearProblems() {
    problems = [];
    body.querySelectorAll('[aria-invalid="true"]').forEach((el) => clearField(el));
    drawSummary();
  }

  /** The source config of the live version, to show what publishing changes (null when nothing is live). */
  async function liveConfig(): Promise<Record<string, unknown> | null> {
    return app.published ? ((await app.api.version(app.published.version)) as unknown as Record<string, unknown>) : null;
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
      if (publish) {
        const live = await liveConfig();
        const go = await confirmWithDiff({
          title: 'Publish these changes?', from: live, to: app.draft as never, fromName: `live version ${app.published?.version}`, toName: 'your draft',
          action: 'Save and publish', note: 'Every shopper gets the new rules on their next page.',
        });
        if (!go) return app.notify('Not published: nothing changed.');
      }
      const { version } = await app.api.putConfig(app.draft, app.base);
      app.base = version;
      app.dirty = false;
      clearProblems();
      refreshSaveState();
      app.notify(`Saved as version ${version}`, 'ok');
      if (publish) {
        const answer = await app.api.publish(version);
        app.setPublished(await app.api.deviceConfig());
        app.notify(`Published version ${answer.version} (pricing ${answer.pricing.status})`, 'ok');
      }
    } catch (error) {
      if (error instanceof AdminApiError) {
        const n = problemsOf(error).length;
        app.notify(n ? `Not saved: ${n === 1 ? 'one problem' : `${n} problems`}, shown at the field${n === 1 ? '' : 's'}.` : 'Not saved.', 'error');
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
