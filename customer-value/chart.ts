// The papers' comparison charts as one dependency-free SVG: observed against forecast over calibration
// frequency 0, 1, ..., 7+, a panel per check (calibration fit, holdout conditional expectations).
import type { CalibrationGroup, HoldoutComparison } from './holdout.ts';

export interface Panel {
  title: string;
  yLabel: string;
  categories: readonly string[];
  series: readonly { name: string; values: readonly number[]; dashed?: boolean }[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const COLOURS = ['#111827', '#2563eb'];

function niceMax(v: number): { top: number; step: number } {
  const raw = (v || 1) / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  return { top: Math.ceil((v || 1) / step) * step, step };
}

function panel(p: Panel, left: number, top: number, w: number, h: number): string[] {
  const n = p.categories.length;
  const { top: yMax, step } = niceMax(Math.max(...p.series.flatMap((s) => s.values)));
  const x = (i: number) => left + (n === 1 ? w / 2 : (i / (n - 1)) * w);
  const y = (v: number) => top + h - (v / yMax) * h;
  const out = [`<text x="${left}" y="${top - 12}" font-weight="bold">${esc(p.title)}</text>`];
  for (let v = 0; v <= yMax + step / 2; v += step) {
    const yy = y(v).toFixed(1);
    out.push(`<line x1="${left}" x2="${left + w}" y1="${yy}" y2="${yy}" stroke="${v === 0 ? '#111' : '#e5e7eb'}"/>`);
    out.push(`<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${Number(v.toPrecision(6)).toLocaleString('en')}</text>`);
  }
  p.categories.forEach((c, i) => out.push(`<text x="${x(i).toFixed(1)}" y="${top + h + 18}" text-anchor="middle">${esc(c)}</text>`));
  out.push(`<text x="${left + w / 2}" y="${top + h + 38}" text-anchor="middle">repeat purchases in the calibration period</text>`);
  out.push(`<text transform="translate(${left - 48} ${top + h / 2}) rotate(-90)" text-anchor="middle">${esc(p.yLabel)}</text>`);
  p.series.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length]!;
    const dash = s.dashed ? ' stroke-dasharray="7 5"' : '';
    out.push(`<polyline fill="none" stroke="${colour}" stroke-width="2"${dash} points="${s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}"/>`);
    for (const [i, v] of s.values.entries()) out.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${colour}"/>`);
    const ly = top + 8 + k * 18;
    out.push(`<line x1="${left + w - 150}" x2="${left + w - 130}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="3"${dash}/>`);
    out.push(`<text x="${left + w - 124}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  return out;
}

/**
 * Renders panels side by side as one SVG document.
 * @example writeFileSync('clv.svg', comparisonChart('CDNOW', panelsFor(calibration, holdout)))
 */
export function comparisonChart(title: string, panels: readonly Panel[], panelWidth = 420, height = 380): string {
  const m = { left: 70, right: 20, top: 60, bottom: 55 };
  const width = panels.length * (panelWidth + m.left + m.right);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${m.left}" y="22" font-size="15" font-weight="bold">${esc(title)}</text>`,
  ];
  panels.forEach((p, i) => out.push(...panel(p, i * (panelWidth + m.left + m.right) + m.left, m.top, panelWidth, height - m.top - m.bottom)));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/**
 * The two panels of the papers (FHL 2005, figures 2 and 5): calibration frequencies, and holdout conditional
 * expectations when there is a holdout period.
 * @example comparisonChart('CDNOW, BG/NBD', panelsFor(calibrationFit(params, records), compareHoldout(params, records, 39)))
 */
export function panelsFor(calibration: readonly CalibrationGroup[], holdout: HoldoutComparison | null, unit = 'time units'): Panel[] {
  const panels: Panel[] = [{
    title: 'Calibration: shoppers by repeat purchases',
    yLabel: 'shoppers',
    categories: calibration.map((g) => g.frequency),
    series: [{ name: 'actual', values: calibration.map((g) => g.actual) }, { name: 'BG/NBD', values: calibration.map((g) => g.expected), dashed: true }],
  }];
  if (holdout)
    panels.push({
      title: `Holdout (${Number(holdout.length.toFixed(2))} ${unit}): purchases per shopper`,
      yLabel: 'mean purchases in the holdout period',
      categories: holdout.byFrequency.map((g) => g.frequency),
      series: [
        { name: 'actual', values: holdout.byFrequency.map((g) => g.actual) },
        { name: 'BG/NBD', values: holdout.byFrequency.map((g) => g.predicted), dashed: true },
      ],
    });
  return panels;
}
