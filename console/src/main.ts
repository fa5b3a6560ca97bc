// The marketer console's entry: sign in, pick a site, and switch between the rules editor, preview, versions,
// results and audit views. Served by the worker's static assets at /admin/.
import { AdminApiError, adminClient } from '../../cli/admin-client.ts';
import { clone, type App, type ViewName } from './app.ts';
import { h, keepFocus, replace } from './dom.ts';
import { renderEditor } from './editor.ts';
import { renderPreviewView } from './preview-view.ts';
import { renderResultsView } from './results-view.ts';
import { renderCustomerValueView } from './customer-value-view.ts';
import { forgetToken, readToken, recentSites, rememberSite, saveToken } from './session.ts';
import { renderAuditView, renderVersionsView } from './versions-view.ts';

const VIEWS: [ViewName, string][] = [
  ['edit', 'Rules'],
  ['preview', 'Preview'],
  ['versions', 'Publish & versions'],
  ['results', 'Results'],
  ['value', 'Customer value'],
  ['audit', 'Audit log'],
];

const root = document.getElementById('app')!;
const status = h('p', { id: 'status', role: 'status', 'aria-live': 'polite' });

function notify(message: string, kind: 'info' | 'ok' | 'error' = 'info') {
  status.textContent = message;
  status.className = kind;
}

type SiteInfo = { site: string; latest: number; published: number | null };

/** The sites a token manages, or an error message in words. */
async function managedSites(token: string): Promise<SiteInfo[] | string> {
  try {
    return await adminClient({ url: location.origin, token, site: '_' }).sites();
  } catch (error) {
    if (!(error instanceof AdminApiError)) throw error;
    return error.status === 401 ? 'The edge refused this token: check it and try again.' : error.message;
  }
}

/**
 * Sign-in: the token, then a site picked from the ones it manages (never a typed id, which would open a blank draft
 * for a mistyped site); starting a new site is a separate, explicit step.
 */
function signIn(message?: string, site = recentSites()[0] ?? '') {
  const tokenInput = h('input', { id: 'token', type: 'password', autocomplete: 'current-password', required: true, 'aria-describedby': 'token-help signin-err' });
  tokenInput.value = readToken() ?? '';
  const siteSelect = h('select', { id: 'site', required: true, disabled: true, 'aria-describedby': 'site-help' }, h('option', { value: '' }, 'Enter the token first'));
  const error = h('p', { id: 'signin-err', class: 'field-error', role: 'alert', hidden: !message }, message ?? '');
  const help = h('p', { id: 'site-help', class: 'help' }, 'The sites this token manages.');
  const fail = (m: string) => {
    error.textContent = m;
    error.hidden = false;
  };
  const newId = h('input', { id: 'new-site', type: 'text', autocomplete: 'off', 'aria-describedby': 'new-site-help' });
  const startNew = async () => {
    const id = newId.value.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(id)) return fail('A site id is letters, digits, "_" and "-" (up to 64), starting with a letter or digit.');
    saveToken(tokenInput.value.trim());
    await openSite(id, fail, { create: true });
  };
  const listSites = async () => {
    const token = tokenInput.value.trim();
    if (!token) return;
    const sites = await managedSites(token);
    if (typeof sites === 'string') {
      replace(siteSelect, h('option', { value: '' }, 'No sites: the token was not accepted'));
      siteSelect.disabled = true;
      return fail(sites);
    }
    error.hidden = true;
    siteSelect.disabled = sites.length === 0;
    replace(siteSelect, sites.length ? null : h('option', { value: '' }, 'This token manages no site yet'),
      sites.map((s) => h('option', { value: s.site }, `${s.site} (${s.published === null ? `not published; latest version ${s.latest}` : `live version ${s.published}`})`)));
    if (sites.some((s) => s.site === site)) siteSelect.value = site;
    replace(help, sites.length ? `The ${sites.length === 1 ? 'site' : `${sites.length} sites`} this token manages.` : 'Start a new site below.');
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    saveToken(tokenInput.value.trim());
    if (siteSelect.disabled) await listSites();
    if (siteSelect.value) await openSite(siteSelect.value, fail);
  };
  replace(root,
    h('main', { class: 'signin' },
      h('h1', {}, 'Edgewise console'),
      h('form', { onsubmit: submit, 'aria-labelledby': 'signin-h' },
        h('h2', { id: 'signin-h' }, 'Sign in'),
        h('div', { class: 'field' }, h('label', { for: 'token' }, 'Admin token'), tokenInput,
          h('p', { id: 'token-help', class: 'help' }, 'Kept in this tab only (sessionStorage); never put in a URL.')),
        h('div', { class: 'field' }, h('label', { for: 'site' }, 'Site'), siteSelect, help),
        error,
        h('button', { type: 'submit', class: 'primary' }, 'Open site')),
      h('details', { class: 'new-site' },
        h('summary', {}, 'Start a new site'),
        h('div', { class: 'field' }, h('label', { for: 'new-site' }, 'New site id'), newId,
          h('p', { id: 'new-site-help', class: 'help' }, 'Opens a blank draft; nothing is stored until you save it, and the edge checks the token may create it.')),
        h('button', { type: 'button', onclick: () => void startNew() }, 'Create a draft for this site'))));
  tokenInput.addEventListener('change', () => void listSites());
  void listSites();
  (tokenInput.value ? siteSelect : tokenInput).focus();
}

/** Opens a site the token manages; `create` starts a blank draft for a site that has no config yet. */
async function openSite(site: string, onError: (message: string) => void, { create = false } = {}) {
  const token = readToken();
  if (!token) return onError('Enter an admin token.');
  if (!site) return onError('Pick a site.');
  const api = adminClient({ url: location.origin, token, site });
  try {
    const [{ config, version }, published] = await Promise.all([api.getConfig(), api.deviceConfig()]);
    if (create) return onError(`Site "${site}" exists already: pick it from the list.`);
    rememberSite(site);
    start({ api, site, config, version, published });
  } catch (error) {
    if (!(error instanceof AdminApiError)) throw error;
    if (error.status === 404 && error.code === 'not_found') {
      if (!create) return onError(`This token manages no site "${site}": pick one from the list, or start a new site.`);
      // A new site: start from a blank config; the first save creates version 1.
      rememberSite(site);
      start({ api, site, config: blankConfig(site), version: 0, published: null });
      notify(`Site "${site}" has no config yet: this is a blank one; "Save as new version" creates version 1.`);
      return;
    }
    onError(error.status === 401 ? `The token was refused: ${error.message}` : error.message);
  }
}

/** The smallest valid config: one segment for everyone, no offers, no budget. */
function blankConfig(site: string): App['draft'] {
  return {
    schemaVersion: 2, site, name: site, allowedOrigins: [], consent: 'implied', privacy: { epsilon: Math.log(3), revenueEpsilon: Math.log(3), revenueLevels: [0, 200], dailyEpsilon: 7, k: 20 },
    globalHoldout: 0.05, attributionDays: 7, holdbackDays: 1, holdback: 0.03, autoPublish: false, savedGroups: {},
    segments: [{ id: 'everyone', name: 'Everyone', condition: {}, priority: 0, size: 1000, maxOffers: 1, baseline: 0.05 }],
    economics: {}, offers: [], experiments: [], constraints: { budget: 0, currency: 'EUR', maxOffersPerPage: 1 }, models: [],
  };
}

function start(init: { api: App['api']; site: string; config: App['draft']; version: number; published: App['published'] }) {
  const main = h('main', { id: 'main', tabindex: '-1' });
  const nav = h('nav', { class: 'tabs', 'aria-label': 'Console sections' });
  let editor: ReturnType<typeof renderEditor> | null = null;
  let current: ViewName = 'edit';
  const siteInfo = h('span', { class: 'site' });
  const showSite = () => replace(siteInfo, 'Site ', h('strong', {}, app.site), app.published ? ` · live version ${app.published.version}` : ' · not published');
  const app: App = {
    api: init.api,
    site: init.site,
    draft: clone(init.config),
    base: init.version,
    dirty: false,
    published: init.published,
    notify,
    setPublished(config) {
      app.published = config;
      showSite();
    },
    changed() {
      app.dirty = true;
    },
    async reload() {
      const [{ config, version }, published] = await Promise.all([app.api.getConfig(), app.api.deviceConfig()]);
      Object.assign(app, { draft: clone(config), base: version, dirty: false, published });
      editor = null;
      notify(`Loaded version ${version}`);
      app.go(current);
    },
    go(view) {
      current = view;
      showSite();
      location.hash = `#/${encodeURIComponent(app.site)}/${view}`;
      replace(nav, VIEWS.map(([id, label]) =>
        h('button', { type: 'button', 'aria-current': id === view ? 'page' : undefined, 'data-focus': `view:${id}`, onclick: () => keepFocus(() => app.go(id)) }, label)));
      if (view === 'edit') replace(main, (editor ??= renderEditor(app)).element);
      else if (view === 'preview') replace(main, renderPreviewView(app));
      else if (view === 'versions') replace(main, renderVersionsView(app));
      else if (view === 'results') replace(main, renderResultsView(app));
      else if (view === 'value') replace(main, renderCustomerValueView(app));
      else replace(main, renderAuditView(app));
    },
  };
  addEventListener('beforeunload', (event) => {
    if (app.dirty) event.preventDefault();
  });
  replace(root,
    h('a', { href: '#main', class: 'skip', onclick: (e: Event) => { e.preventDefault(); main.focus(); } }, 'Skip to content'),
    h('header', {},
      h('h1', {}, 'Edgewise console'),
      siteInfo,
      h('button', { type: 'button', onclick: () => { if (!app.dirty || confirm('Drop unsaved changes?')) signIn(undefined, app.site); } }, 'Switch site'),
      h('button', { type: 'button', onclick: () => { forgetToken(); signIn('Signed out.'); } }, 'Sign out')),
    nav, status, main);
  // A reload keeps the view; another site opens on its rules.
  const [, hashSite, wanted] = /^#\/([^/]+)\/(\w+)$/.exec(location.hash) ?? [];
  app.go(hashSite && decodeURIComponent(hashSite) === app.site && VIEWS.some(([id]) => id === wanted) ? (wanted as ViewName) : 'edit');
}

const fromHash = /^#\/([^/]+)\//.exec(location.hash)?.[1];
if (readToken() && fromHash) void openSite(decodeURIComponent(fromHash), (m) => signIn(m, decodeURIComponent(fromHash)));
else signIn();
