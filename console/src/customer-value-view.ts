// Customer value: the published model (BG/NBD and Gamma-Gamma parameters, lifetime value settings, the VAP tier
// thresholds), and what devices' randomised histogram reports say: each tier's share of shoppers, the fit from
// the reports beside the one in use, and the VAP segments' shares, with actions that apply them as a new version.
// The parameters and thresholds themselves are edited under Rules (customerValue), like any field.
import type { CustomerValue, CustomerValueAnswer, TierShares } from '../../protocol/index.ts';
import type { App } from './app.ts';
import { intervalChart, percent } from './charts.ts';
import { h, replace, svg } from './dom.ts';

const num = (v: number, digits = 4) => v.toLocaleString('en', { maximumSignificantDigits: digits });

/**
 * The model in words: one line per part, for a marketer and for the tests.
 * @example modelLines(config.customerValue) // ['BG/NBD (weeks): r = 0.243, α = 4.414, a = 0.793, b = 2.426', ...]
 */
export function modelLines(cv: CustomerValue, currency = 'EUR'): string[] {
  const { r, alpha, a, b } = cv.bgnbd;
  const { p, q, gamma } = cv.gammaGamma;
  const t = cv.tiers;
  const fitted = cv.fitted ? `Fitted from ${cv.fitted.source === 'orders' ? 'the shop\'s orders' : 'devices\' randomised reports'} of ${num(cv.fitted.customers, 6)} shoppers, ${cv.fitted.at.slice(0, 10)}.` : 'Where the parameters come from is not recorded.';
  return [
    `BG/NBD (${cv.timeUnit}s): r = ${num(r)}, α = ${num(alpha)}, a = ${num(a)}, b = ${num(b)}`,
    `Gamma-Gamma: p = ${num(p)}, q = ${num(q)}, γ = ${num(gamma)}; a new shopper's expected purchase ${num((p * gamma) / (q - 1))} ${currency}`,
    `Lifetime value: margin ${percent(cv.margin, 0)} of purchases expected in ${cv.horizonDays} days, discounted at ${percent(cv.annualDiscountRate, 0)} a year`,
    `Value tier (clv): medium from ${num(t.value.medium)} ${currency}, high from ${num(t.value.high)} ${currency}`,
    `Attrition risk (1 − P(alive)): medium from ${percent(t.attrition.medium, 0)}, high from ${percent(t.attrition.high, 0)}`,
    `Potential tier (clv if still active): medium from ${num(t.potential.medium)} ${currency}, high from ${num(t.potential.high)} ${currency}`,
    fitted,
  ];
}

const tierRows = (name: string, shares: TierShares) =>
  (['low', 'medium', 'high'] as const).map((tier) => ({ label: `${name}: ${tier}`, value: shares[tier], lo: null, hi: null }));

function reportsBlock(app: App, answer: CustomerValueAnswer): HTMLElement {
  const cv = answer.customerValue!;
  const a = answer.analysis;
  if (!cv.report || !a)
    return h('p', {}, 'Devices do not report their histogram cell, so the edge cannot count tiers or fit from them. Set customerValue.report ' +
      '(under Rules) to turn it on: each device then reports once a period, buyer or not, through k-ary randomised response.');
  const apply = (what: { params?: boolean; sizes?: boolean }, done: string) => async () => {
    if (app.dirty && !confirm('This stores a new version from the latest saved one and opens it: drop your unsaved changes?')) return;
    try {
      const { version } = await app.api.applyCustomerValue(what);
      await app.reload();
      app.notify(`${done}: stored as version ${version} (not published yet).`, 'ok');
    } catch (error) {
      app.notify((error as Error).message, 'error');
    }
  };
  const fit = a.fit;
  const se = fit?.standardErrors;
  const row = (label: string, v: number, inUse: number, e: number | undefined) =>
    h('tr', {}, h('th', { scope: 'row' }, label), h('td', { class: 'num' }, num(v)), h('td', {}, e === undefined ? '-' : `± ${num(e, 2)}`), h('td', { class: 'num' }, num(inUse)));
  return h('div', {},
    h('p', {}, `${a.reports} reports from the recent periods (ε = ${cv.report.epsilon} each, ${a.cells.length} cells); about ${percent(a.buyerShare)} of reporting shoppers have bought.`),
    h('table', { class: 'results' }, h('caption', {}, 'Reports per period'),
      h('thead', {}, h('tr', {}, ['Period from', 'Units opened', 'Reports'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, answer.periods.map((p) => h('tr', {}, h('td', {}, p.period), h('td', { class: 'num' }, String(p.opened)), h('td', { class: 'num' }, String(p.reports)))))),
    a.tiers
      ? svg(intervalChart({
          id: 'vap-tiers', title: 'Share of reporting buyers in each tier, under the model in use',
          rows: [...tierRows('value', a.tiers.value), ...tierRows('attrition', a.tiers.attrition), ...tierRows('potential', a.tiers.potential)],
          axis: 'Share of buyers (estimated from randomised reports, each cell at its middle, spend at the shop\'s mean)',
        }))
      : null,
    h('h3', {}, 'Fit from the reports'),
    fit
      ? h('div', {},
          h('table', { class: 'results' }, h('caption', {}, `BG/NBD from ${num(fit.buyers, 6)} buyers' reports${fit.boundary ? ` (on the boundary: ${fit.boundary})` : ''}`),
            h('thead', {}, h('tr', {}, ['Parameter', 'From reports', 'Standard error', 'In use'].map((t) => h('th', { scope: 'col' }, t)))),
            h('tbody', {},
              row('r', fit.params.r, cv.bgnbd.r, se?.r), row('α', fit.params.alpha, cv.bgnbd.alpha, se?.alpha),
              row('a', fit.params.a, cv.bgnbd.a, se?.a), row('b', fit.params.b, cv.bgnbd.b, se?.b))),
          fit.boundary ? null : h('button', { type: 'button', onclick: apply({ params: true }, 'The fit from the reports is in the draft config') }, 'Use these parameters'))
      : h('p', {}, `No fit: ${a.fitProblem}.`),
    h('h3', {}, 'Segments on customer value'),
    answer.segments.length
      ? h('div', {},
          h('table', { class: 'results' }, h('caption', {}, 'Segments whose conditions read customer-value attributes only'),
            h('thead', {}, h('tr', {}, ['Segment', 'Share of shoppers', 'Size (latest period)', 'Size planned', 'Mean clv', 'Mean clv if active'].map((t) => h('th', { scope: 'col' }, t)))),
            h('tbody', {}, answer.segments.map((s) => h('tr', {},
              h('th', { scope: 'row' }, `${s.name} (${s.id})`), h('td', { class: 'num' }, percent(s.share)), h('td', { class: 'num' }, String(s.size)),
              h('td', { class: 'num' }, String(app.draft.segments.find((x) => x.id === s.id)?.size ?? '-')),
              h('td', { class: 'num' }, s.meanClv === null ? '-' : num(s.meanClv)), h('td', { class: 'num' }, s.meanClvIfActive === null ? '-' : num(s.meanClvIfActive)))))),
          h('button', { type: 'button', onclick: apply({ sizes: true }, 'The segments are sized from the reports') }, 'Plan these segments at their reported sizes'))
      : h('p', {}, 'No segment reads customer-value attributes only (valueTier, attritionRisk, potentialTier, clv, ...).'));
}

/**
 * The Customer value view.
 * @example replace(main, renderCustomerValueView(app))
 */
export function renderCustomerValueView(app: App): HTMLElement {
  const out = h('div', {}, 'Loading…');
  app.api.customerValue().then(
    (answer) => {
      const cv = answer.customerValue;
      replace(out,
        h('p', { class: 'muted' }, `Published version ${answer.version}. Each shopper's device computes its own clv, P(alive) and tiers from this model; nothing about them leaves it.`),
        cv
          ? [h('ul', {}, modelLines(cv, app.published?.constraints.currency).map((line) => h('li', {}, line))), h('h3', {}, 'What devices report'), reportsBlock(app, answer)]
          : h('p', {}, 'No customer-value model is published. Fit one from your orders with `npx edgewise fit-clv` and set it under Rules (customerValue), or with `npx edgewise set-clv`.'));
    },
    (error) => replace(out, h('p', { class: 'field-error' }, (error as Error).message)),
  );
  return h('section', { class: 'view', 'aria-labelledby': 'value-h' }, h('h2', { id: 'value-h' }, 'Customer value'), out);
}
