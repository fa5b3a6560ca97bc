// Publishing and rolling back change what every shopper sees: both ask first, showing what will change (the
// structural diff from the live version to the one about to go live).
import { diffConfigs, showValue, type ConfigDiff } from './diff.ts';
import { h, replace } from './dom.ts';

/**
 * The diff as nested lists: sections by id (added, removed, changed with field, before and after), then settings.
 * @example main.append(renderDiff(diffConfigs(a, b), 'version 3', 'version 4'))
 */
export function renderDiff(diff: ConfigDiff, from: string, to: string): HTMLElement {
  if (diff.same) return h('p', { class: 'diff' }, `No differences between ${from} and ${to}.`);
  const changeList = (changes: ConfigDiff['settings']) =>
    h('ul', {}, changes.map((c) => h('li', {}, h('code', {}, c.field), ': ', h('del', {}, showValue(c.before)), ' → ', h('ins', {}, showValue(c.after)))));
  return h('div', { class: 'diff', 'aria-label': `Changes from ${from} to ${to}` },
    diff.sections.map((s) =>
      h('section', {}, h('h3', {}, s.name),
        h('ul', {}, s.items.map((item) =>
          h('li', { class: item.status },
            h('span', { class: 'badge' }, item.status === 'added' ? '+ added' : item.status === 'removed' ? '− removed' : '~ changed'),
            ' ', h('code', {}, item.id),
            item.changes.length ? changeList(item.changes) : null))))),
    diff.settings.length ? h('section', {}, h('h3', {}, 'settings'), changeList(diff.settings)) : null);
}

/**
 * Asks before something goes live, showing the changes from `from` (the live config, or null when nothing is live)
 * to `to`. Resolves true when the marketer confirms.
 * @example if (await confirmWithDiff({ title: 'Publish version 5?', from: live, to: v5, fromName: 'live version 4', toName: 'version 5', action: 'Publish version 5' })) ...
 */
export function confirmWithDiff(o: {
  title: string; from: Record<string, unknown> | null; to: Record<string, unknown>; fromName: string; toName: string; action: string; note?: string;
}): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-h' });
    const finish = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    replace(dialog,
      h('h2', { id: 'confirm-h' }, o.title),
      o.note ? h('p', {}, o.note) : null,
      h('p', { class: 'muted' }, o.from ? `What changes from the ${o.fromName} to ${o.toName}:` : `Nothing is live yet: ${o.toName} goes live as it is.`),
      o.from ? h('div', { class: 'confirm-diff' }, renderDiff(diffConfigs(o.from, o.to), o.fromName, o.toName)) : null,
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'primary', onclick: () => finish(true) }, o.action),
        h('button', { type: 'button', onclick: () => finish(false) }, 'Cancel')));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(false);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
