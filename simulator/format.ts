// The readable table `edgewise simulate` prints without --json.
import type { SimulationResult } from './run.ts';

const money = (x: number) => Math.round(x).toLocaleString('en');

/**
 * @example process.stdout.write(formatTable(await simulate({ seed: 1, shoppers: 2000, days: 14 })))
 */
export function formatTable(r: SimulationResult): string {
  const head = ['policy', 'incr. profit', 'expected', 'spend', 'conversions', 'incr. conv.', 'offers shown', 'violations'];
  const rows = Object.entries(r.policies).map(([name, p]) => [
    name, money(p.incrementalProfit), money(p.expectedIncrementalProfit), money(p.spend), String(p.conversions),
    String(p.incrementalConversions), String(p.offersShown), String(r.violationsBy[name] ?? 0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `seed ${r.seed}: ${r.shoppers.toLocaleString('en')} shoppers, ${r.days} days, ${r.visits.toLocaleString('en')} visits per policy; budget ${money(r.budget)}`,
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    'incr. profit: profit minus that of "none" on the same shoppers and days; expected: the true expected incremental',
    'profit of the offers shown (no purchase noise); violations: budget or inventory overruns.',
    '',
  ].join('\n');
}
