// Results: per experiment, its share of the slot, what is counted (complete observations) and what is still
// pending, arm rates, lifts and revenue with interval bars, probability to beat control, the sequential test,
// sample-ratio and report-arrival warnings, and what the experiment needs at the site's ε; budget pacing; offer
// prices over time from the publications.
import { AdminApiError, type ExperimentReport, type Publication } from '../../cli/admin-client.ts';
import { noiseLine, reportingLine, trafficLine } from '../../cli/results-text.ts';
import type { App } from './app.ts';
import { intervalChart, lineChart, pacingChart, percent } from './charts.ts';
import { h, replace, svg } from './dom.ts';

/** A p-value below this flags a sample-ratio mismatch (the usual, deliberately strict, threshold). */
const SRM_ALPHA = 0.001;
/** Prices this high mean "priced out" (no value reaches them); they are not plotted. */
const PRICED_OUT = 1e12;

const pct = (x: number | null, d = 1) => (x === null ? '-' : percent(x, d));
const money = (x: number | null, c: [number, number] | null) => (x === null ? '-' : `${x.toFixed(2)}${c ? ` [${c[0].toFixed(2)}, ${c[1].toFixed(2)}]` : ''}`);
/** The arm's share of closed exposures whose report arrived, and its pending exposures. */
const arrival = (e: ExperimentReport, arm: string) => {
  const r = e.reporting.arms.find((a) => a.id === arm);
  return [h('td', { class: 'num' }, r?.share === null || r?.share === undefined ? '-' : `${percent(r.share)} of ${r.due}`), h('td', { class: 'num' }, String(r?.pending ?? '-'))];
};
const ci = (c: [number, number] | null, d = 1) => (c ? `[${percent(c[0], d)}, ${percent(c[1], d)}]` : '-');

/**
 * The sample-ratio warning a marketer must read before any other number, or null when the split looks right.
 * @example srmWarning(report) // "exposures do not match the configured split (χ² = 43.1, p = 5.2e-10). ..."
 */
export function srmWarning(e: Pick<ExperimentReport, 'srm'>): string | null {
  if (!e.srm || !(e.srm.pValue < SRM_ALPHA)) return null;
  return `exposures do not match the configured split (χ² = ${e.srm.chi2.toFixed(1)}, p = ${e.srm.pValue.toExponential(1)}). ` +
    'Assignment or reporting is broken somewhere; do not trust these results until it is explained.';
}

function experimentBlock(e: ExperimentReport): HTMLElement {
  const srm = srmWarning(e);
  const rows = e.arms.map((a) => ({
    label: a.id, value: a.rate, lo: a.rateCi?.[0] ?? null, hi: a.rateCi?.[1] ?? null, control: a.control,
    note: a.hidden ? `hidden: fewer than ${e.k} reports` : undefined,
  }));
  const lifts = e.arms.filter((a) => !a.control).map((a) => ({
    label: a.id, value: a.absoluteLift, lo: a.ci?.[0] ?? null, hi: a.ci?.[1] ?? null,
    note: a.hidden ? `hidden: fewer than ${e.k} reports` : 'no comparison yet',
  }));
  return h('section', { class: 'experiment', 'aria-labelledby': `exp-${e.id}` },
    h('h3', { id: `exp-${e.id}` }, `${e.id} `, h('span', { class: 'muted' }, `slot ${e.slot} · ${e.status}${e.bandit ? ' · bandit' : ''} · v${e.version}`)),
    h('p', { class: 'traffic' }, trafficLine(e)),
    h('p', { class: 'reporting' }, reportingLine(e)),
    e.reporting.warning
      ? h('p', { class: 'warning', role: 'alert' }, h('strong', {}, '⚠ Reports arrive unevenly: '), e.reporting.warning)
      : null,
    srm
      ? h('p', { class: 'warning', role: 'alert' }, h('strong', {}, '⚠ Sample-ratio mismatch: '), srm)
      : e.srm ? h('p', { class: 'muted' }, `Traffic split as configured (SRM check p = ${e.srm.pValue.toFixed(3)}).`) : null,
    e.arms.every((a) => a.hidden)
      ? h('p', {}, `Not enough data yet: every arm has fewer than ${e.k} reports, so nothing is shown (privacy threshold k).`)
      : h('div', { class: 'charts' },
      svg(intervalChart({ id: `rate-${e.id}`, title: `Conversion rate by arm, ${Math.round((1 - e.alpha) * 100)}% intervals`, rows, axis: 'Share of exposed shoppers who bought' })),
      lifts.length ? svg(intervalChart({ id: `lift-${e.id}`, title: `Lift over ${e.control} (rate difference)`, rows: lifts, format: (x) => `${x >= 0 ? '+' : ''}${percent(x)}`, axis: `Conversion rate minus ${e.control}'s, in percentage points (0: no difference)` })) : null),
    h('table', { class: 'results' },
      h('caption', {}, `${e.id}: numbers behind the charts (control: ${e.control})`),
      h('thead', {}, h('tr', {}, ['Arm', 'Exposures', 'Rate', 'Interval', 'Lift', 'Lift interval', 'Relative', 'p', 'P(beats control)', 'Sequential test', 'Revenue / exposure', 'Revenue lift', 'Reports arrived', 'Pending'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, e.arms.map((a) =>
        h('tr', { 'data-arm': a.id },
          h('th', { scope: 'row' }, a.id, a.control ? ' (control)' : ''),
          a.hidden
            ? h('td', { colspan: '11' }, `hidden: fewer than ${e.k} reports`)
            : [
                h('td', { class: 'num' }, String(a.exposures)),
                h('td', { class: 'num' }, pct(a.rate, 2)),
                h('td', {}, ci(a.rateCi)),
                h('td', { class: 'num' }, a.control ? '—' : pct(a.absoluteLift, 2)),
                h('td', {}, a.control ? '—' : ci(a.ci, 2)),
                h('td', { class: 'num' }, a.control ? '—' : pct(a.relativeLift)),
                h('td', { class: 'num' }, a.pValue === null ? '—' : a.pValue.toFixed(4)),
                h('td', { class: 'num' }, a.control ? '—' : pct(a.probBeatsControl)),
                h('td', {}, a.sequential
                  ? a.sequential.status === 'reject' ? `✔ significant (always-valid p = ${a.sequential.pValue.toFixed(4)})` : `… keep collecting (p = ${a.sequential.pValue.toFixed(3)})`
                  : '—'),
                h('td', { class: 'num' }, money(a.revenuePerExposure, a.revenuePerExposureCi)),
                h('td', { class: 'num' }, a.control ? '—' : money(a.revenueLift, a.revenueLiftCi)),
              ],
          arrival(e, a.id))))),
    noiseLine(e) ? h('p', { class: 'muted' }, noiseLine(e)) : null,
    e.segments?.length
      ? h('details', {},
          h('summary', {}, `By segment (${e.segments.length})`),
          h('table', {},
            h('thead', {}, h('tr', {}, ['Segment', 'Arm', 'Exposures', 'Rate', 'Interval', 'Lift', 'P(beats control)'].map((t) => h('th', { scope: 'col' }, t)))),
            h('tbody', {}, e.segments.flatMap((s) => s.arms.map((a) =>
              h('tr', {},
                h('th', { scope: 'row' }, s.segment),
                h('td', {}, a.id, a.control ? ' (control)' : ''),
                a.hidden
                  ? h('td', { colspan: '5' }, `hidden: fewer than ${e.k} reports`)
                  : [
                      h('td', { class: 'num' }, String(a.exposures)),
                      h('td', { class: 'num' }, pct(a.rate, 2)),
                      h('td', {}, ci(a.rateCi)),
                      h('td', { class: 'num' }, a.control ? '—' : pct(a.absoluteLift, 2)),
                      h('td', { class: 'num' }, a.control ? '—' : pct(a.probBeatsControl)),
                    ]))))))
      : null);
}

/** Offer prices over time, one series per offer, oldest publication first. */
export function priceSeries(publications: Publication[], offers: string[]) {
  const chronological = [...publications].reverse();
  return offers.map((id) => ({
    name: id,
    points: chronological
      .filter((p) => p.prices[id] !== undefined && p.prices[id]! < PRICED_OUT)
      .map((p) => [Date.parse(p.publishedAt), p.prices[id]!] as [number, number]),
  }));
}

function pricesBlock(app: App, publications: Publication[]): HTMLElement {
  const offers = [...new Set(publications.flatMap((p) => Object.keys(p.prices)))];
  const chosen = new Set(offers.slice(0, 4));
  const chart = h('div', {});
  const draw = () => {
    const series = priceSeries(publications, offers.filter((o) => chosen.has(o))).filter((s) => s.points.length);
    replace(chart, series.length ? svg(lineChart({ id: 'prices', title: `Offer prices over time (${app.draft.constraints?.currency ?? ''})`, series, yLabel: `Price per redemption (${app.draft.constraints?.currency ?? ''})` })) : h('p', {}, 'Choose an offer.'));
  };
  draw();
  const latest = publications[0];
  return h('section', { 'aria-labelledby': 'prices-h' },
    h('h3', { id: 'prices-h' }, 'Offer prices over time'),
    h('fieldset', { class: 'checks' }, h('legend', {}, 'Offers in the chart'),
      offers.map((o) => h('label', {}, h('input', { type: 'checkbox', checked: chosen.has(o), onchange: (ev: Event) => {
        if ((ev.target as HTMLInputElement).checked) chosen.add(o);
        else chosen.delete(o);
        draw();
      } }), ` ${o}`))),
    chart,
    h('details', {}, h('summary', {}, `Price table (${publications.length} publications)`),
      h('table', {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Published'), h('th', { scope: 'col' }, 'Version'), h('th', { scope: 'col' }, 'Why'),
          offers.map((o) => h('th', { scope: 'col' }, o)))),
        h('tbody', {}, publications.map((p) => h('tr', {},
          h('td', {}, p.publishedAt.slice(0, 16).replace('T', ' ')), h('td', {}, String(p.version)), h('td', {}, p.reason),
          offers.map((o) => h('td', { class: 'num' }, p.prices[o] === undefined ? '' : p.prices[o]! >= PRICED_OUT ? 'priced out' : p.prices[o]!.toFixed(3)))))))),
    latest ? null : h('p', {}, 'Not published yet.'));
}

/** Share of the budget period elapsed now, or null without a period. */
export function elapsedShare(start: string | undefined, end: string | undefined, now = Date.now()): number | null {
  if (!start || !end) return null;
  const a = Date.parse(start);
  const b = Date.parse(end);
  if (!(b > a)) return null;
  return Math.min(1, Math.max(0, (now - a) / (b - a)));
}

function pacingBlock(app: App, publications: Publication[], republished: () => void): HTMLElement {
  const { budget = 0, currency = '', periodStart, periodEnd } = app.draft.constraints ?? {};
  const expected = elapsedShare(periodStart, periodEnd);
  const out = h('div', {});
  const draw = (spent: number | null, source: string) =>
    replace(out, spent === null
      ? h('p', {}, 'No spend estimate yet: run the feedback loop to estimate it from exposures.')
      : [svg(pacingChart({ id: 'pacing', budget, spent, expectedShare: expected, currency })), h('p', { class: 'muted' }, source)]);
  const last = publications.find((p) => typeof p.pricing?.spent === 'number');
  draw(last ? last.pricing!.spent! : null, last ? `Spend estimated at the publication of ${last.publishedAt.slice(0, 16).replace('T', ' ')}.` : '');
  const run = async () => {
    try {
      const report = await app.api.feedback();
      draw(report.spentEstimate, `Spend estimated just now from ${report.cells} outcome cells${report.published ? `; new prices published (version ${report.published.version})` : ''}.`);
      app.notify(report.published ? `Feedback loop ran: new prices published (version ${report.published.version})` : 'Feedback loop ran', 'ok');
      // New prices: the price chart and table, and the results, are read again.
      if (report.published) republished();
    } catch (error) {
      if (error instanceof AdminApiError) app.notify(error.message, 'error');
      else throw error;
    }
  };
  return h('section', { 'aria-labelledby': 'pacing-h' },
    h('h3', { id: 'pacing-h' }, 'Budget pacing'),
    h('p', {}, `Budget ${budget} ${currency}${periodStart && periodEnd ? ` from ${periodStart} to ${periodEnd}` : ' (no period set: pacing needs a start and an end)'}.`),
    out,
    h('button', { type: 'button', onclick: () => void run() }, 'Run the feedback loop now'));
}

/**
 * @example main.append(renderResultsView(app))
 */
export function renderResultsView(app: App): HTMLElement {
  const out = h('div', {}, 'Loading…');
  const load = () =>
    Promise.all([app.api.results(), app.api.publications()]).then(
      ([results, publications]) => replace(out,
        h('p', { class: 'muted' }, `Published version ${results.version}. Every figure counts exposures whose window has closed and whose report ` +
          'arrived; rates and revenue are debiased for both randomised mechanisms and their intervals include that noise; cells under k reports are hidden.'),
        results.experiments.length ? results.experiments.map(experimentBlock) : h('p', {}, 'No experiments in the published version.'),
        pacingBlock(app, publications, () => void load()),
        pricesBlock(app, publications)),
      (error) => replace(out, h('p', { class: 'field-error' }, (error as Error).message)),
    );
  void load();
  return h('section', { class: 'view', 'aria-labelledby': 'results-h' }, h('h2', { id: 'results-h' }, 'Results'), out);
}
