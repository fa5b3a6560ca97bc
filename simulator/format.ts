// The readable table `edgewise simulate` prints without --json.
import type { SimulationResult } from './run.ts';

const money = (x: number) => Math.round(x).toLocaleString('en');
const share = (x: number, of: number | undefined) => (of && of > 0 ? `${((100 * x) / of).toFixed(1)}%` : '-');

/**
 * @example process.stdout.write(formatTable(await simulate({ seed: 1, shoppers: 2000, days: 14 })))
 */
export function formatTable(r: SimulationResult): string {
  const oracle = r.policies.oracle?.incrementalProfit;
  const observable = r.policies['oracle-observable']?.incrementalProfit;
  const periods = r.periods > 1;
  const head = ['policy', 'incr. profit', 'of oracle', 'of observable', 'expected', 'spend', 'offers shown', 'violations', ...(periods ? ['per period'] : [])];
  const rows = Object.entries(r.policies).map(([name, p]) => [
    name, money(p.incrementalProfit), share(p.incrementalProfit, oracle), share(p.incrementalProfit, observable), money(p.expectedIncrementalProfit),
    money(p.spend), String(p.offersShown), String(r.violationsBy[name] ?? 0), ...(periods ? [p.periods.map((x) => money(x.incrementalProfit)).join(' / ')] : []),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `seed ${r.seed}: ${r.shoppers.toLocaleString('en')} shoppers, ${r.periods > 1 ? `${r.periods} periods of ` : ''}${r.days} days, ` +
      `${r.visits.toLocaleString('en')} visits per policy; budget ${money(r.budget)}${periods ? ' a period' : ''}`,
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    'incr. profit: profit minus that of "none" on the same shoppers and days; of oracle / of observable: its share of what',
    'the oracle (true probabilities) and oracle-observable (the truth as far as the profile reveals it) earn; expected:',
    'the true expected incremental profit of the offers shown (no purchase noise); violations: budget or unit overruns.',
    '',
  ].join('\n');
}
