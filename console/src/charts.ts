// SVG charts as strings: interval bars for experiment arms, lines for prices over time, a bullet bar for budget
// pacing. Each has a <title> and <desc> (text alternative), and tells series apart by marker shape, dash and
// direct labels, never by colour alone.

/** Escapes text for SVG/HTML element content and attribute values. */
export const esc = (s: unknown) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const r = (x: number) => Math.round(x * 10) / 10;

export interface IntervalRow {
  label: string;
  value: number | null;
  lo: number | null;
  hi: number | null;
  /** The reference row (drawn hollow and square, with a dashed line across the chart). */
  control?: boolean;
  /** Shown as text instead of a bar (e.g. hidden under k). */
  note?: string;
}

export const percent = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;

/**
 * Horizontal interval chart: one row per arm, a point at the estimate and a bar across its interval.
 * @example intervalChart({ id: 'exp1', title: 'Conversion rate by arm', rows: [{ label: 'control', value: 0.1, lo: 0.08, hi: 0.12, control: true }] })
 */
export function intervalChart(input: { id: string; title: string; rows: IntervalRow[]; format?: (x: number) => string; axis?: string }): string {
  const fmt = input.format ?? ((x: number) => percent(x));
  const rowH = 34;
  const left = 130;
  const plotW = 330;
  const labelW = 190;
  const width = left + plotW + labelW;
  // Room below the rows for the ticks and, when given, the axis label.
  const height = 30 + rowH * input.rows.length + 24 + (input.axis ? 18 : 0);
  const tickY = 30 + rowH * input.rows.length + 18;
  const shown = input.rows.filter((row) => row.value !== null);
  const lo = Math.min(0, ...shown.map((row) => row.lo ?? row.value!));
  const hi = Math.max(...shown.map((row) => row.hi ?? row.value!), lo + 1e-9);
  const span = hi - lo || 1;
  const x = (v: number) => left + ((v - lo) / span) * plotW;
  const desc = input.rows
    .map((row) => (row.value === null ? `${row.label}: ${row.note ?? 'no data'}` : `${row.label}${row.control ? ' (control)' : ''}: ${fmt(row.value)}${row.lo !== null && row.hi !== null ? `, interval ${fmt(row.lo)} to ${fmt(row.hi)}` : ''}`))
    .join('; ');
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${input.id}-t ${input.id}-d" class="chart">`,
    `<title id="${input.id}-t">${esc(input.title)}</title><desc id="${input.id}-d">${esc(desc)}</desc>`,
    `<text x="0" y="14" class="heading" aria-hidden="true">${esc(input.title)}</text>`,
    `<line x1="${left}" y1="${tickY - 14}" x2="${left + plotW}" y2="${tickY - 14}" class="axis"/>`,
    `<text x="${r(x(lo))}" y="${tickY}" class="tick" text-anchor="start">${esc(fmt(lo))}</text>`,
    `<text x="${r(x(hi))}" y="${tickY}" class="tick" text-anchor="end">${esc(fmt(hi))}</text>`,
    // The zero line: where "no difference" (lift) or "no conversions" (rate) is, always drawn and labelled.
    `<line x1="${r(x(0))}" y1="24" x2="${r(x(0))}" y2="${tickY - 14}" class="zero"/>`,
    lo < 0 && x(0) - x(lo) > 40 && x(hi) - x(0) > 40 ? `<text x="${r(x(0))}" y="${tickY}" class="tick" text-anchor="middle">${esc(fmt(0))}</text>` : '',
    input.axis ? `<text x="${r(left + plotW / 2)}" y="${tickY + 16}" class="axis-label" text-anchor="middle">${esc(input.axis)}</text>` : '',
  ];
  const control = input.rows.find((row) => row.control && row.value !== null);
  if (control) parts.push(`<line x1="${r(x(control.value!))}" y1="24" x2="${r(x(control.value!))}" y2="${tickY - 14}" class="ref" stroke-dasharray="4 3"/>`);
  input.rows.forEach((row, i) => {
    const y = 30 + i * rowH + rowH / 2;
    parts.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end" class="label">${esc(row.label)}${row.control ? ' (control)' : ''}</text>`);
    if (row.value === null) {
      parts.push(`<text x="${left + 4}" y="${y + 4}" class="note">${esc(row.note ?? 'no data')}</text>`);
      return;
    }
    if (row.lo !== null && row.hi !== null)
      parts.push(
        `<line x1="${r(x(row.lo))}" y1="${y}" x2="${r(x(row.hi))}" y2="${y}" class="ci"/>`,
        `<line x1="${r(x(row.lo))}" y1="${y - 7}" x2="${r(x(row.lo))}" y2="${y + 7}" class="ci"/>`,
        `<line x1="${r(x(row.hi))}" y1="${y - 7}" x2="${r(x(row.hi))}" y2="${y + 7}" class="ci"/>`,
      );
    parts.push(
      row.control
        ? `<rect x="${r(x(row.value) - 6)}" y="${y - 6}" width="12" height="12" class="point control"/>`
        : `<circle cx="${r(x(row.value))}" cy="${y}" r="6" class="point"/>`,
      `<text x="${left + plotW + 10}" y="${y + 4}" class="value">${esc(fmt(row.value))}${row.lo !== null && row.hi !== null ? ` [${esc(fmt(row.lo))}, ${esc(fmt(row.hi))}]` : ''}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

export interface Series {
  name: string;
  /** [time in ms, value], in time order. */
  points: [number, number][];
}

const MARKERS = [
  (x: number, y: number) => `<circle cx="${x}" cy="${y}" r="4"/>`,
  (x: number, y: number) => `<rect x="${x - 4}" y="${y - 4}" width="8" height="8"/>`,
  (x: number, y: number) => `<path d="M${x} ${y - 5}L${x + 5} ${y + 4}H${x - 5}Z"/>`,
  (x: number, y: number) => `<path d="M${x} ${y - 5}L${x + 5} ${y}L${x} ${y + 5}L${x - 5} ${y}Z"/>`,
];
const DASHES = ['', '6 3', '2 3', '8 3 2 3'];

/**
 * Step lines over time (a price holds until the next publish), each with its own marker and dash and a label at
 * its end, and labelled axes. Publications close together in time (all within a minute, as a test or a quick
 * republish makes them) are spaced by their order instead, so none hides behind another.
 * @example lineChart({ id: 'prices', title: 'Offer prices', yLabel: 'EUR per redemption', series: [{ name: 'women-15', points: [[t0, 0.4], [t1, 0.6]] }] })
 */
export function lineChart(input: { id: string; title: string; series: Series[]; format?: (y: number) => string; yLabel?: string; xLabel?: string }): string {
  const fmt = input.format ?? ((y: number) => y.toFixed(2));
  const left = 70;
  const plotW = 420;
  const labelW = 150;
  const top = 16;
  const plotH = 200;
  const width = left + plotW + labelW;
  const height = top + plotH + 52;
  const all = input.series.flatMap((s) => s.points);
  const times = [...new Set(all.map((p) => p[0]))].sort((a, b) => a - b);
  const byOrder = times.length > 1 && times.at(-1)! - times[0]! < 60_000;
  const position = (t: number) => (byOrder ? times.indexOf(t) : t);
  const t0 = Math.min(...all.map((p) => position(p[0])));
  const t1 = Math.max(...all.map((p) => position(p[0])), t0 + 1);
  const y0 = Math.min(0, ...all.map((p) => p[1]));
  const y1 = Math.max(...all.map((p) => p[1]), y0 + 1e-9);
  const x = (t: number) => r(left + ((position(t) - t0) / (t1 - t0)) * plotW);
  const xEnd = r(left + plotW);
  const y = (v: number) => r(top + plotH - ((v - y0) / (y1 - y0)) * plotH);
  const day = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');
  const tick = (t: number) => (byOrder ? `publication ${times.indexOf(t) + 1}` : day(t));
  const desc = input.series
    .map((s) => `${s.name}: ${s.points.map(([t, v]) => `${fmt(v)} from ${day(t)}`).join(', ')}`)
    .join('; ');
  const xLabel = input.xLabel ?? (byOrder ? 'Publications in order (all within one minute)' : 'Published (UTC)');
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${input.id}-t ${input.id}-d" class="chart">`,
    `<title id="${input.id}-t">${esc(input.title)}</title><desc id="${input.id}-d">${esc(desc)}</desc>`,
    `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" class="axis"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" class="axis"/>`,
    `<text x="${left - 6}" y="${y(y1) + 4}" text-anchor="end" class="tick">${esc(fmt(y1))}</text>`,
    `<text x="${left - 6}" y="${y(y0) + 4}" text-anchor="end" class="tick">${esc(fmt(y0))}</text>`,
    `<text x="${left}" y="${top + plotH + 18}" class="tick">${esc(tick(times[0] ?? 0))}</text>`,
    `<text x="${left + plotW}" y="${top + plotH + 18}" text-anchor="end" class="tick">${esc(tick(times.at(-1) ?? 0))}</text>`,
    `<text x="${r(left + plotW / 2)}" y="${top + plotH + 40}" text-anchor="middle" class="axis-label">${esc(xLabel)}</text>`,
    input.yLabel ? `<text transform="translate(14 ${r(top + plotH / 2)}) rotate(-90)" text-anchor="middle" class="axis-label">${esc(input.yLabel)}</text>` : '',
  ];
  const used: number[] = [];
  input.series.forEach((s, i) => {
    if (!s.points.length) return;
    let d = `M${x(s.points[0]![0])} ${y(s.points[0]![1])}`;
    for (let j = 1; j < s.points.length; j++) d += `H${x(s.points[j]![0])}V${y(s.points[j]![1])}`;
    const last = s.points[s.points.length - 1]!;
    d += `H${xEnd}`;
    const dash = DASHES[i % DASHES.length];
    parts.push(`<g class="series s${i % 4}"><path d="${d}" fill="none"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
    for (const [t, v] of s.points) parts.push(MARKERS[i % MARKERS.length]!(x(t), y(v)));
    // Direct labels: nudge down a label that would overlap the previous one.
    let ly = y(last[1]) + 4;
    while (used.some((u) => Math.abs(u - ly) < 12)) ly += 12;
    used.push(ly);
    parts.push(`<text x="${xEnd + 8}" y="${r(ly)}" class="label">${esc(s.name)} ${esc(fmt(last[1]))}</text></g>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/**
 * Budget pacing as a bullet bar: hatched bar for the estimated spend, a tick where spend should be by now.
 * @example pacingChart({ id: 'pace', budget: 3000, spent: 900, expectedShare: 0.4, currency: 'EUR' })
 */
export function pacingChart(input: { id: string; budget: number; spent: number; expectedShare: number | null; currency: string }): string {
  const width = 560;
  const left = 10;
  const plotW = 420;
  const height = 70;
  const max = Math.max(input.budget, input.spent, 1e-9);
  const x = (v: number) => r(left + (v / max) * plotW);
  const money = (v: number) => `${v.toFixed(0)} ${input.currency}`;
  const expected = input.expectedShare === null ? null : input.expectedShare * input.budget;
  const status =
    expected === null ? '' : input.spent > expected * 1.1 ? 'ahead of plan' : input.spent < expected * 0.9 ? 'behind plan' : 'on plan';
  const desc = `Spent about ${money(input.spent)} of ${money(input.budget)}${expected === null ? '' : `; by now the plan expects ${money(expected)} (${status})`}.`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${input.id}-t ${input.id}-d" class="chart">`,
    `<title id="${input.id}-t">Budget pacing</title><desc id="${input.id}-d">${esc(desc)}</desc>`,
    `<defs><pattern id="${input.id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-bg"/><line x1="0" y1="0" x2="0" y2="6" class="hatch"/></pattern></defs>`,
    `<rect x="${left}" y="14" width="${plotW}" height="22" class="track"/>`,
    `<rect x="${left}" y="14" width="${r(x(input.spent) - left)}" height="22" fill="url(#${input.id}-hatch)" class="spent"/>`,
    expected === null ? '' : `<line x1="${x(expected)}" y1="6" x2="${x(expected)}" y2="44" class="ref" stroke-width="3"/><text x="${x(expected)}" y="58" text-anchor="middle" class="tick">plan by now ${esc(money(expected))}</text>`,
    `<text x="${left + plotW + 8}" y="30" class="value">${esc(money(input.spent))} / ${esc(money(input.budget))}</text>`,
    `<text x="${left + plotW + 8}" y="48" class="note">${esc(status)}</text>`,
    '</svg>',
  ].join('');
}
