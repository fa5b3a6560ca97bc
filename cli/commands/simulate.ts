// `edgewise simulate`: runs the retail simulator and prints a table or JSON; optionally writes the profit chart.
import { writeFileSync } from 'node:fs';
import { POLICIES, formatTable, lineChart, simulate, type PolicyName } from '../../simulator/index.ts';
import { CliError, parseOptions, type Command } from '../command.ts';

const HELP = `usage: edgewise simulate [--seed N] [--shoppers N] [--days N] [--policies a,b] [--bandit] [--json] [--chart out.svg]

A synthetic shop with known ground truth (shoppers' true purchase probabilities with and without each offer),
run day by day through Edgewise's real code (SDK profile, segments, scoring, experiments and local choice; the
edge's aggregation of randomised-response reports, statistics, LP prices and nightly loop), against policies
${POLICIES.join(', ')} on the same shoppers and random numbers.
  --seed N        world and random numbers (default 1)
  --shoppers N    shoppers (default 20000)
  --days N        days in the budget period (default 28)
  --policies      comma-separated subset (none always runs); also edgewise-models (devices score with uplift
                  models trained on an earlier simulated test)
  --bandit        run the loop experiment as a Thompson-sampling bandit (reward: profit per exposure; see simulator/README.md)
  --json          {"budget", "violations", "policies": {name: {"incrementalProfit", "spend", "conversions", ...}}}
  --chart FILE    write an SVG of cumulative incremental profit per day per policy`;

function positiveInt(values: Record<string, unknown>, name: string, fallback: number, max: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new CliError(`--${name}: expected an integer from 1 to ${max}, received ${JSON.stringify(raw)}`, 2);
  return n;
}

export const command: Command = {
  summary: 'simulate a shop with known ground truth and compare Edgewise with other policies',
  async run(argv) {
    const { values } = parseOptions(argv, {
      seed: { type: 'string' }, shoppers: { type: 'string' }, days: { type: 'string' }, policies: { type: 'string' },
      json: { type: 'boolean' }, chart: { type: 'string' }, bandit: { type: 'boolean' }, help: { type: 'boolean' },
    });
    if (values.help) return void process.stdout.write(`${HELP}\n`), 0;
    const seedRaw = values.seed ?? '1';
    const seed = Number(seedRaw);
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new CliError(`--seed: expected an integer from 0 to 4294967295, received ${JSON.stringify(seedRaw)}`, 2);
    const policies = values.policies?.split(',').map((p) => p.trim()).filter(Boolean);
    const known = [...POLICIES, 'edgewise-models'];
    for (const p of policies ?? [])
      if (!known.includes(p)) throw new CliError(`--policies: unknown policy "${p}", expected some of ${known.join(', ')}`, 2);
    const result = await simulate({
      seed, shoppers: positiveInt(values, 'shoppers', 20_000, 1_000_000), days: positiveInt(values, 'days', 28, 365),
      ...(policies ? { policies: policies as PolicyName[] } : {}),
      ...(values.bandit ? { site: { bandit: true } } : {}),
    });
    if (values.chart) {
      // Variants are dashed: edgewise-static often runs on top of edgewise.
      const series = Object.entries(result.policies).map(([name, p]) => ({ name, values: p.daily, dashed: name.includes('-') }));
      const svg = lineChart(`Cumulative incremental profit, seed ${seed}, ${result.shoppers.toLocaleString('en')} shoppers`, 'EUR vs. no offers', series);
      try {
        writeFileSync(values.chart, svg);
      } catch (error) {
        throw new CliError(`--chart: cannot write ${values.chart}: ${(error as Error).message}`);
      }
    }
    process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatTable(result));
    return 0;
  },
};
