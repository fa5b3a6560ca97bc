// `edgewise simulate`: runs the retail simulator and prints a table or JSON; optionally writes the profit chart.
import { writeFileSync } from 'node:fs';
import {
  EXTRA_POLICIES, FIXED_ARMS, LIFECYCLE_POLICIES, POLICIES, formatLifecycle, formatTable, lineChart, simulate, simulateLifecycle, type PolicyName,
} from '../../simulator/index.ts';
import { CliError, parseOptions, type Command } from '../command.ts';

const HELP = `usage: edgewise simulate [--seed N] [--shoppers N] [--days N] [--periods N] [--policies a,b] [--training N]
                         [--holdback X] [--arms] [--bandit] [--json] [--chart out.svg]

A synthetic shop with known ground truth (shoppers' true purchase probabilities with and without each offer),
run day by day through Edgewise's real code (SDK profile, segments, model scoring, value and edge prices, local
choice, the measurement holdback and reporting; the edge's aggregation, LP prices and nightly pacing), against
policies ${POLICIES.join(', ')} on the same shoppers and random numbers.
  --seed N        world and random numbers (default 1)
  --shoppers N    shoppers (default 20000)
  --days N        days in a budget period (default 28)
  --periods N     budget periods in a row (default 1): each starts with the budget and units afresh; the loop
                  (edgewise) starts each from what it learnt in the last, edgewise-static from the plan
  --policies      comma-separated subset (none always runs); also ${EXTRA_POLICIES.join(', ')} (devices score with the
                  marketer's segment priors, no models)
  --training N    shoppers in the retailer's earlier randomised test the models learn from (default 1.5 × shoppers)
  --holdback X    share of decisions in the measurement holdback (default 0.03)
  --arms          add the whole-period control and exploration arms (${FIXED_ARMS.control * 100}% and ${FIXED_ARMS.explore * 100}% of shoppers) to the experiment
  --bandit        run the experiment with those arms as a Thompson-sampling bandit, rewarded by profit per exposure
                  (implies --arms; see simulator/README.md)
  --json          {"budget", "violations", "policies": {name: {"incrementalProfit", "periods", ...}}}
  --chart FILE    write an SVG of cumulative incremental profit per day per policy
  --lifecycle     instead, the purchase-and-dropout world (simulator/lifecycle.ts; default 10000 shoppers, 180
                  days): shoppers buy and drop out as BG/NBD says, and the win-back offer goes to lapsing shoppers
                  by ${LIFECYCLE_POLICIES.filter((p) => p !== 'none').join(', ')}. Takes --seed, --shoppers, --days, --json`;

function share(raw: string, name: string, max: number): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > max) throw new CliError(`--${name}: expected a share from 0 to ${max}, received ${JSON.stringify(raw)}`, 2);
  return n;
}

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
      periods: { type: 'string' }, training: { type: 'string' }, arms: { type: 'boolean' }, holdback: { type: 'string' },
      lifecycle: { type: 'boolean' },
    });
    if (values.help) return void process.stdout.write(`${HELP}\n`), 0;
    const seedRaw = values.seed ?? '1';
    const seed = Number(seedRaw);
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new CliError(`--seed: expected an integer from 0 to 4294967295, received ${JSON.stringify(seedRaw)}`, 2);
    if (values.lifecycle) {
      for (const name of ['policies', 'periods', 'training', 'holdback', 'arms', 'bandit', 'chart'] as const)
        if (values[name] !== undefined) throw new CliError(`--${name} does not apply to --lifecycle`, 2);
      const result = await simulateLifecycle({ seed, shoppers: positiveInt(values, 'shoppers', 10_000, 1_000_000), days: positiveInt(values, 'days', 180, 730) });
      process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatLifecycle(result));
      return 0;
    }
    const policies = values.policies?.split(',').map((p) => p.trim()).filter(Boolean);
    const known: string[] = [...POLICIES, ...EXTRA_POLICIES];
    for (const p of policies ?? [])
      if (!known.includes(p)) throw new CliError(`--policies: unknown policy "${p}", expected some of ${known.join(', ')}`, 2);
    const result = await simulate({
      seed, shoppers: positiveInt(values, 'shoppers', 20_000, 1_000_000), days: positiveInt(values, 'days', 28, 365),
      periods: positiveInt(values, 'periods', 1, 24),
      ...(values.training !== undefined ? { trainingShoppers: positiveInt(values, 'training', 0, 1_000_000) } : {}),
      ...(policies ? { policies: policies as PolicyName[] } : {}),
      site: {
        ...(values.arms || values.bandit ? { ...FIXED_ARMS, bandit: Boolean(values.bandit) } : {}),
        ...(values.holdback !== undefined ? { holdback: share(values.holdback, 'holdback', 0.2) } : {}),
      },
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
