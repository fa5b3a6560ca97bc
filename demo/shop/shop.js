// The demo shop: a hash-routed product list, product pages, cart and checkout. It reports GA4 events to
// window.dataLayer the way a GA4 shop does; Edgewise picks them up. The footer panel shows the shopper what
// Edgewise decided and stores, using explain(), exportData() and forget().
import { describeProfile, describeTime } from '../../client-sdk/src/decide/words.ts';
import { categoryKeepProbability, keepProbability } from '../../stats/randomised-response.ts';

const CURRENCY = 'EUR';
const app = document.getElementById('app');
const catalogue = await fetch('catalogue.json').then((r) => r.json());
const byId = new Map(catalogue.map((p) => [p.item_id, p]));
const categories = [...new Set(catalogue.map((p) => p.item_category))];
const COLOURS = { women: '#c9758b', men: '#4f6d9a', shoes: '#8a6b4e', accessories: '#b49a3c', kids: '#57a08a' };

/** The SDK, whether or not /sdk.js has arrived yet: the queue runs functions once it has. */
const sdk = () => new Promise((resolve) => (window.edgewise = window.edgewise || []).push((api) => resolve(api)));

/** Builds elements from text only: nothing is ever parsed as HTML. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v);
  }
  el.append(...children.flat().filter((c) => c !== null && c !== undefined));
  return el;
}

/** A product picture drawn in SVG: no external images. */
function picture(product) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 200 150');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', product.item_name);
  const add = (name, attrs) => {
    const el = document.createElementNS(ns, name);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    svg.append(el);
    return el;
  };
  const colour = COLOURS[product.item_category] ?? '#777';
  add('rect', { width: 200, height: 150, fill: '#f1ede6' });
  add('circle', { cx: 100, cy: 75, r: 48, fill: colour, opacity: 0.85 });
  const initials = add('text', { x: 100, y: 84, 'text-anchor': 'middle', 'font-size': 28, fill: '#fff', 'font-family': 'system-ui' });
  initials.textContent = product.item_name.split(' ').map((w) => w[0]).join('').slice(0, 3).toUpperCase();
  return svg;
}

const ga4Item = (p, quantity = 1) => ({
  item_id: p.item_id, item_name: p.item_name, item_brand: p.item_brand, item_category: p.item_category, price: p.price, quantity,
});
const money = (n) => `€${n.toFixed(2)}`;

// The shop's own cart, kept by the shop (not by Edgewise).
const cart = {
  read: () => JSON.parse(localStorage.getItem('demo-cart') ?? '[]'),
  write(lines) {
    localStorage.setItem('demo-cart', JSON.stringify(lines));
    document.getElementById('cart-count').textContent = String(lines.reduce((n, l) => n + l.quantity, 0));
  },
};

function addToCart(product) {
  const lines = cart.read();
  const line = lines.find((l) => l.item_id === product.item_id);
  if (line) line.quantity += 1;
  else lines.push({ item_id: product.item_id, quantity: 1 });
  cart.write(lines);
  dataLayer.push({ ecommerce: null });
  dataLayer.push({ event: 'add_to_cart', ecommerce: { currency: CURRENCY, value: product.price, items: [ga4Item(product)] } });
}

const hero = () =>
  h('section', { class: 'hero', 'data-edgewise-slot': 'hero' },
    h('h1', {}, 'New season at Northwind & Co.'),
    h('p', { class: 'muted' }, 'Linen, wool and leather, made to last.'));

const card = (p) =>
  h('a', { class: 'card', href: `#/product/${p.item_id}`, 'data-item': p.item_id },
    picture(p), h('h3', {}, p.item_name), h('div', { class: 'muted' }, p.item_brand), h('div', { class: 'price' }, money(p.price)));

const views = {
  home: () => [hero(), h('h2', {}, 'All products'), h('div', { class: 'grid' }, catalogue.map(card))],
  category: (name) => [hero(), h('h2', { style: 'text-transform:capitalize' }, name),
    h('div', { class: 'grid' }, catalogue.filter((p) => p.item_category === name).map(card))],
  search: (term) => {
    gtag('event', 'search', { search_term: term });
    const found = catalogue.filter((p) => `${p.item_name} ${p.item_brand} ${p.item_category}`.toLowerCase().includes(term.toLowerCase()));
    return [h('h2', {}, `Search: ${term}`), found.length ? h('div', { class: 'grid' }, found.map(card)) : h('p', {}, 'Nothing found.')];
  },
  product: (id) => {
    const p = byId.get(id);
    if (!p) return [h('p', {}, 'No such product.')];
    gtag('event', 'view_item', { currency: CURRENCY, value: p.price, items: [ga4Item(p)] });
    return [h('div', { class: 'product' }, picture(p), h('div', {},
      h('h1', {}, p.item_name), h('p', { class: 'muted' }, `${p.item_brand} · ${p.item_category}`),
      h('p', { class: 'price' }, money(p.price)),
      h('button', { id: 'add', type: 'button', onclick: () => addToCart(p) }, 'Add to cart')))];
  },
  cart: () => {
    const lines = cart.read().filter((l) => byId.has(l.item_id));
    if (!lines.length) return [h('h1', {}, 'Your cart'), h('p', {}, 'Your cart is empty.')];
    const total = lines.reduce((s, l) => s + byId.get(l.item_id).price * l.quantity, 0);
    const remove = (l) => () => {
      cart.write(cart.read().filter((x) => x.item_id !== l.item_id));
      dataLayer.push({ event: 'remove_from_cart', ecommerce: { currency: CURRENCY, items: [ga4Item(byId.get(l.item_id), l.quantity)] } });
      route();
    };
    return [h('h1', {}, 'Your cart'), h('table', {}, lines.map((l) => h('tr', {},
      h('td', {}, byId.get(l.item_id).item_name), h('td', {}, `× ${l.quantity}`),
      h('td', {}, money(byId.get(l.item_id).price * l.quantity)),
      h('td', {}, h('button', { class: 'secondary', type: 'button', onclick: remove(l) }, 'Remove'))))),
    h('p', {}, h('strong', {}, `Total ${money(total)}`)), h('a', { class: 'button', id: 'checkout', href: '#/checkout' }, 'Checkout')];
  },
  checkout: () => {
    const lines = cart.read().filter((l) => byId.has(l.item_id));
    const items = lines.map((l) => ga4Item(byId.get(l.item_id), l.quantity));
    const value = items.reduce((s, i) => s + i.price * i.quantity, 0);
    if (!items.length) return [h('p', {}, 'Your cart is empty.')];
    gtag('event', 'begin_checkout', { currency: CURRENCY, value, items });
    const code = h('input', { id: 'coupon', placeholder: 'Coupon code (optional)' });
    const place = () => {
      const coupon = code.value.trim();
      dataLayer.push({ ecommerce: null });
      dataLayer.push({ event: 'purchase', ecommerce: {
        transaction_id: `T${Date.now()}`, currency: CURRENCY, value, ...(coupon ? { coupon } : {}), items,
      } });
      cart.write([]);
      location.hash = '#/thanks';
    };
    return [h('h1', {}, 'Checkout'), h('p', {}, `${items.length} line(s), total ${money(value)}`), code, ' ',
      h('button', { id: 'place-order', type: 'button', onclick: place }, 'Place order')];
  },
  thanks: () => [h('h1', {}, 'Thank you!'), h('p', {}, 'Your order is on its way.'), hero()],
};

function route() {
  const [, name = '', arg = ''] = location.hash.split('/');
  // A virtual page view per route, as GA4 single-page sites send; Edgewise starts a new page on it.
  gtag('event', 'page_view', { page_title: name || 'home' });
  const view = views[name] ? views[name](decodeURIComponent(arg)) : views.home();
  app.replaceChildren(...view);
  window.scrollTo(0, 0);
}

const search = h('input', { type: 'search', placeholder: 'Search', 'aria-label': 'Search',
  onkeydown: (e) => { if (e.key === 'Enter' && search.value.trim()) location.hash = `#/search/${encodeURIComponent(search.value.trim())}`; } });
document.getElementById('nav').append(...categories.map((c) => h('a', { href: `#/category/${c}` }, c)), search);
cart.write(cart.read());
window.addEventListener('hashchange', route);
route();

// The shopper's panels: why this offer, and what this browser keeps, in words a shopper reads. The profile's
// wording is the SDK's own (PROFILE_ATTRIBUTES' meanings and units), so the panels and the console say one thing.
const panel = document.getElementById('panel');
function show(title, ...body) {
  document.getElementById('panel-title').textContent = title;
  document.getElementById('panel-body').replaceChildren(...body.flat().filter(Boolean));
  if (!panel.open) panel.showModal();
}

/**
 * Opens a panel from its footer button. A panel that cannot be drawn says so in its place, never leaving the last
 * panel's text or nothing at all, and the error is rethrown so the page still sees it (an unhandled rejection).
 */
function onPanel(button, title, draw) {
  document.getElementById(button).addEventListener('click', () => draw().catch((error) => {
    show(title, h('p', { id: 'panel-error' }, 'Sorry, this could not be shown. Reload the page and try again.'));
    throw error;
  }));
}

const section = (title, ...body) => h('section', { class: 'panel-part' }, h('h3', {}, title), ...body);
const facts = (rows) => h('dl', {}, rows.flatMap(({ label, value }) => [h('dt', {}, label), h('dd', {}, value)]));
const gpc = () => navigator.globalPrivacyControl === true;
// Global Privacy Control: the SDK then reports nothing (client-sdk/src/sdk/client.ts, `_context`).
const gpcNote = () => gpc()
  ? h('p', { class: 'gpc', id: 'gpc' }, 'Your browser sends Global Privacy Control, and it is honoured: nothing about you is reported to the shop, not even the anonymous counts described here.')
  : null;

/**
 * What this browser sends and when, in words, from the config it runs under and the reports it still owes
 * (exportData): the numbers are the ones the SDK uses (client-sdk/src/sync/units.ts, stats/randomised-response.ts).
 */
function sentWords(data) {
  const c = data.config?.config;
  if (!c?.privacy?.revenueLevels) return [h('p', {}, 'No report is made before the shop\'s settings have arrived.')];
  const { epsilon, revenueEpsilon, revenueLevels, dailyEpsilon } = c.privacy;
  const bit = Math.round(100 * keepProbability(epsilon));
  const level = Math.round(100 * categoryKeepProbability(revenueLevels.length, revenueEpsilon));
  const money = (v) => v.toLocaleString(undefined, { style: 'currency', currency: CURRENCY, maximumFractionDigits: 0 });
  const owed = (data.units ?? []).filter((u) => u.opened.kind === 'exposure' || u.opened.kind === 'holdback');
  const next = owed.length ? new Date(Math.min(...owed.map((u) => u.until))).toLocaleDateString() : null;
  return [
    h('p', { id: 'sent-when' }, 'When this slot is first shown to you in an experiment: which group you were put in and your coarse ' +
      `segment. Once, on the first page you open after the experiment's ${c.attributionDays}-day window has closed, and whether or not ` +
      'you bought: one report saying whether you bought and roughly how much you spent.'),
    h('p', { id: 'sent-noise' }, `Each answer in it is randomised in this browser first: "bought" is the truth only ${bit}% of the time, ` +
      `and the amount (one of ${revenueLevels.map(money).join(', ')}, rounded at random) only ${level}% of the time, so no single ` +
      `report tells what you did (ε = ${(epsilon + revenueEpsilon).toFixed(2)} per report; the reports about one day's visits ` +
      `together cost at most ε = ${dailyEpsilon}).`),
    h('p', { id: 'sent-not' }, 'Never your identity, a cookie, the pages you looked at, items or exact times. The shop\'s server still sees ' +
      'your IP address and when a report arrives.'),
    h('p', { id: 'sent-owed' }, owed.length ? `Waiting on this device: ${owed.length} report(s), the first due after ${next}.` : 'Nothing is waiting to be sent.'),
  ];
}

onPanel('why', 'Why this offer?', async () => {
  const api = await sdk();
  const [why, data] = await Promise.all([api.explain('hero'), api.exportData()]);
  if (!why) return show('Why this offer?', h('p', {}, 'No offer has been decided on this page yet.'));
  show('Why this offer?',
    why.offerId ? h('p', { class: 'offer-name' }, why.title) : null,
    h('p', { id: 'why-reason' }, why.reason),
    why.used.length ? section('What it was based on', h('p', { class: 'muted' }, 'Worked out in this browser from what you did on this shop:'), facts(why.used)) : null,
    why.otherSegments.length ? h('p', { id: 'why-also' }, `You also fit the shop's groups: ${why.otherSegments.join(', ')}.`) : null,
    section('What leaves your browser', ...sentWords(data), gpcNote()),
    h('details', { class: 'tech' }, h('summary', {}, 'Technical details (for the shop\'s developers)'), h('p', {}, why.developer)));
});

/** One stored event in words: when, and what. */
function eventWords(event, currency) {
  const item = event.items?.[0];
  const product = item ? (byId.get(item.item_id)?.item_name ?? item.item_name ?? item.item_id ?? item.item_category) : null;
  const amount = (v) => (typeof v === 'number' ? v.toLocaleString(undefined, { style: 'currency', currency }) : '');
  const what = {
    page_view: 'Opened a page',
    view_item: `Looked at ${product ?? 'a product'}`,
    add_to_cart: `Put ${product ?? 'a product'} in the cart`,
    remove_from_cart: `Took ${product ?? 'a product'} out of the cart`,
    begin_checkout: 'Went to checkout',
    purchase: `Bought for ${amount(event.value ?? 0)}${event.coupon ? ' with a coupon' : ''}`,
    search: `Searched${event.search_term ? ` for "${event.search_term}"` : ''}`,
  }[event.type] ?? event.type;
  return { when: describeTime(event.t), what };
}

function choices(api) {
  const done = (id, text) => show('My data', h('p', { id }, text));
  return section('Your choices',
    h('div', { class: 'choice' },
      h('button', { id: 'forget', type: 'button', onclick: async () => {
        await api.forget();
        done('forgotten', 'Everything Edgewise kept in this browser has been erased. If you keep browsing, a new, empty profile starts on your next page, as for a new visitor; choose "Opt out" to stop that too.');
      } }, 'Forget me'),
      h('p', {}, 'Erases everything above from this browser now. A new, empty profile starts on your next page.')),
    h('div', { class: 'choice' },
      h('button', { id: 'opt-out', class: 'secondary', type: 'button', onclick: async () => {
        await api.consent(false);
        done('opted-out', 'You opted out: from now on nothing is stored in this browser or reported. What was kept before stays until you choose "Forget me".');
      } }, 'Opt out'),
      h('p', {}, 'From now on nothing is stored in this browser or reported. Offers may still appear, chosen from this page alone.')),
    h('div', { class: 'choice' },
      h('button', { id: 'forget-opt-out', class: 'secondary', type: 'button', onclick: async () => {
        await api.forget();
        await api.consent(false);
        done('forgotten-opted-out', 'Erased, and opted out: nothing is kept in this browser, and nothing more will be.');
      } }, 'Forget me and opt out'),
      h('p', {}, 'Both: nothing is kept, and nothing more will be.')));
}

onPanel('mydata', 'My data', async () => {
  const api = await sdk();
  const data = await api.exportData();
  if (data.ok === false) return show('My data', h('p', {}, `Your data could not be read: ${data.reason}`));
  const currency = data.config?.config?.constraints?.currency ?? CURRENCY;
  const download = h('a', { class: 'button', id: 'download', download: 'edgewise-my-data.json',
    href: URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' })) }, 'Download all of it (JSON)');
  const events = [...data.events].reverse();
  const opted = data.meta?.consent === false;
  show('My data',
    h('p', {}, data.storage === 'indexeddb'
      ? 'What Edgewise keeps about you, only in this browser (its storage for this shop), never on a server:'
      : 'What Edgewise holds about you in this page only (nothing is kept in this browser):'),
    opted ? h('p', { class: 'gpc' }, 'You opted out: nothing more is stored or reported.') : null,
    gpcNote(),
    section('Your profile', facts(describeProfile(data.profile?.profile ?? {}, currency).filter((f) => f.value !== 'none yet' && f.value !== '0'))),
    section(`What you did (${data.events.length} ${data.events.length === 1 ? 'event' : 'events'}${events.length > 15 ? ', the latest 15' : ''})`,
      h('ul', { id: 'events' }, events.slice(0, 15).map((e) => { const w = eventWords(e, currency); return h('li', {}, h('time', {}, w.when), ' ', w.what); }))),
    data.assignments.length ? section('Tests you are part of',
      h('ul', {}, data.assignments.map((a) => h('li', {}, `"${a.experiment}": you are in the group "${a.arm}" since ${describeTime(a.assignedAt)}.`)))) : null,
    h('div', { class: 'actions' }, download),
    choices(api));
});
