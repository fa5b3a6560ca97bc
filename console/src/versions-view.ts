// Versions: every stored version with the published one marked, publish and roll back, and a structural diff
// between any two versions (or the unsaved draft).
import type { VersionSummary } from '../../protocol/index.ts';
import { AdminApiError } from '../../cli/admin-client.ts';
import type { App } from './app.ts';
import { confirmWithDiff, renderDiff } from './confirm.ts';
import { diffConfigs } from './diff.ts';
import { h, replace } from './dom.ts';

/**
 * @example main.append(renderVersionsView(app))
 */
export function renderVersionsView(app: App): HTMLElement {
  const table = h('div', {});
  const diffOut = h('div', { 'aria-live': 'polite' });
  const fromSel = h('select', { id: 'diff-from' });
  const toSel = h('select', { id: 'diff-to' });
  let versions: VersionSummary[] = [];

  const fail = (error: unknown) => {
    if (error instanceof AdminApiError) app.notify(error.message, 'error');
    else throw error;
  };

  /**
   * Publishes `target` (a rollback: the version published before the live one, as the edge picks it) after the
   * marketer has seen what changes from the live version.
   */
  async function act(label: string, target: number | 'previous', fn: (version: number) => Promise<{ version: number }>) {
    try {
      const live = versions.find((v) => v.published)?.version ?? null;
      const version = target === 'previous' ? (await app.api.publications()).find((p) => p.version !== live)?.version : target;
      if (version === undefined) return app.notify('There is no earlier published version to roll back to.', 'error');
      const [from, to] = await Promise.all([live === null ? null : app.api.version(live), app.api.version(version)]);
      const go = await confirmWithDiff({
        title: target === 'previous' ? `Roll back to version ${version}?` : `Publish version ${version}?`,
        from: from as never, to: to as never, fromName: `live version ${live}`, toName: `version ${version}`,
        action: target === 'previous' ? `Roll back to version ${version}` : `Publish version ${version}`,
        note: 'Every shopper gets these rules on their next page.',
      });
      if (!go) return app.notify(`Nothing changed: version ${live ?? 'none'} is still live.`);
      // The version shown is the one published: a rollback names it rather than letting the edge pick again.
      const answer = await fn(version);
      app.setPublished(await app.api.deviceConfig());
      app.notify(`${label}: version ${answer.version} is live`, 'ok');
      await load();
    } catch (error) {
      fail(error);
    }
  }

  async function load() {
    try {
      const answer = await app.api.versions();
      versions = answer.versions;
    } catch (error) {
      return fail(error);
    }
    replace(table, h('table', { class: 'versions' },
      h('caption', {}, 'Stored versions, newest first'),
      h('thead', {}, h('tr', {}, ['Version', 'Status', 'Saved', 'By', 'Changes', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, versions.map((v) =>
        h('tr', { 'data-version': String(v.version), class: v.published ? 'live' : undefined },
          h('th', { scope: 'row' }, String(v.version)),
          h('td', {}, v.published ? `● live since ${v.publishedAt?.slice(0, 16).replace('T', ' ')}` : ''),
          h('td', {}, v.createdAt.slice(0, 16).replace('T', ' ')),
          h('td', {}, v.createdBy),
          h('td', {}, v.summary),
          h('td', {}, v.published ? null : h('button', {
            type: 'button', onclick: () => void act('Published', v.version, (n) => app.api.publish(n)),
          }, `Publish v${v.version}`)))))));
    const options = (sel: HTMLSelectElement, withDraft: boolean) =>
      replace(sel, withDraft ? h('option', { value: 'draft' }, 'your draft') : null,
        versions.map((v) => h('option', { value: String(v.version) }, `v${v.version}${v.published ? ' (live)' : ''}`)));
    options(fromSel, false);
    options(toSel, true);
    const live = versions.find((v) => v.published);
    fromSel.value = String(live?.version ?? versions[1]?.version ?? versions[0]?.version ?? '');
    toSel.value = String(live && live.version !== versions[0]?.version ? versions[0]!.version : app.dirty ? 'draft' : versions[0]?.version ?? '');
  }

  async function compare() {
    try {
      const get = async (v: string) => (v === 'draft' ? app.draft : await app.api.version(Number(v)));
      const [a, b] = await Promise.all([get(fromSel.value), get(toSel.value)]);
      const name = (v: string) => (v === 'draft' ? 'your draft' : `version ${v}`);
      replace(diffOut, renderDiff(diffConfigs(a as never, b as never), name(fromSel.value), name(toSel.value)));
    } catch (error) {
      fail(error);
    }
  }

  const element = h('section', { class: 'view', 'aria-labelledby': 'versions-h' },
    h('div', { class: 'toolbar' },
      h('h2', { id: 'versions-h' }, 'Versions'),
      h('button', { type: 'button', onclick: () => void act('Rolled back', 'previous', (n) => app.api.rollback(n)) }, 'Roll back to the previous published version')),
    table,
    h('h2', {}, 'Compare'),
    h('div', { class: 'row' },
      h('label', { for: 'diff-from' }, 'From'), fromSel,
      h('label', { for: 'diff-to' }, 'to'), toSel,
      h('button', { type: 'button', onclick: () => void compare() }, 'Show changes')),
    diffOut);
  void load().then(compare);
  return element;
}

/**
 * The audit log: who did what, when.
 * @example main.append(renderAuditView(app))
 */
export function renderAuditView(app: App): HTMLElement {
  const out = h('div', {}, 'Loading…');
  void app.api.audit().then(
    (entries) => replace(out, h('table', { class: 'audit' },
      h('caption', {}, 'Audit log, newest first (who is the token label, never the token)'),
      h('thead', {}, h('tr', {}, ['When', 'Who', 'What', 'Version', 'Summary'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, entries.map((e) =>
        h('tr', {}, h('td', {}, e.at.slice(0, 19).replace('T', ' ')), h('td', {}, e.actor), h('td', {}, e.action),
          h('td', {}, e.version === null ? '' : String(e.version)), h('td', {}, e.summary)))))),
    (error) => replace(out, h('p', { class: 'field-error' }, (error as Error).message)),
  );
  return h('section', { class: 'view', 'aria-labelledby': 'audit-h' }, h('h2', { id: 'audit-h' }, 'Audit log'), out);
}
