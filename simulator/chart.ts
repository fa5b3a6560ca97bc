// A dependency-free SVG line chart: cumulative incremental profit per day, one line per policy.

export interface Series {
  name: string;
  values: readonly number[];
  /** Drawn dashed, so a line that runs on top of another stays visible. */
  dashed?: boolean;
}

const COLOURS = ['#6b7280', '#d97706', '#dc2626', '#7c3aed', '#2563eb', '#059669', '#db2777'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceStep(range: number): number {
  const raw = range / 5;
  const power = 10 ** Math.floor(Math.log10(raw || 1));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? power * 10;
}

/**
 * Renders series over days 1..n as an SVG document (axes, grid, legend), for a browser or a Markdown page.
 * @example writeFileSync('sim.svg', lineChart('Incremental profit', 'EUR', [{ name: 'oracle', values: [1, 3, 6] }]))
 */
export function lineChart(title: string, unit: string, series: readonly Series[], width = 720, height = 400): string {
  const days = Math.max(1, ...series.map((s) => s.values.length));
  const all = series.flatMap((s) => s.values);
  const step = niceStep(Math.max(1, Math.max(0, ...all) - Math.min(0, ...all)));
  const lo = Math.floor(Math.min(0, ...all) / step) * step;
  const hi = Math.ceil(Math.max(0, ...all) / step) * step || step;
  const m = { left: 70, right: 150, top: 40, bottom: 45 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const x = (d: number) => m.left + (days === 1 ? w / 2 : (d / (days - 1)) * w);
  const y = (v: number) => m.top + h - ((v - lo) / (hi - lo)) * h;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${m.left}" y="22" font-size="15" font-weight="bold">${esc(title)}</text>`,
  ];
  for (let v = lo; v <= hi + step / 2; v += step) {
    out.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${v === 0 ? '#111' : '#e5e7eb'}"/>`);
    out.push(`<text x="${m.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v.toLocaleString('en')}</text>`);
  }
  const tick = Math.max(1, Math.ceil(days / 10));
  for (let d = 0; d < days; d += tick) out.push(`<text x="${x(d).toFixed(1)}" y="${m.top + h + 18}" text-anchor="middle">${d + 1}</text>`);
  out.push(`<text x="${m.left + w / 2}" y="${height - 8}" text-anchor="middle">day</text>`);
  out.push(`<text transform="translate(16 ${m.top + h / 2}) rotate(-90)" text-anchor="middle">${esc(unit)}</text>`);
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const points = s.values.map((v, d) => `${x(d).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    const dash = s.dashed ? ' stroke-dasharray="7 5"' : '';
    out.push(`<polyline fill="none" stroke="${colour}" stroke-width="2"${dash} points="${points}"/>`);
    const ly = m.top + 10 + i * 18;
    out.push(`<line x1="${m.left + w + 15}" x2="${m.left + w + 35}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="3"${dash}/>`);
    out.push(`<text x="${m.left + w + 40}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
