// `edgewise clv`: each customer's P(alive), expected purchases, expected spend and lifetime value, computed by the
// same function the device runs (customer-value/forecast.ts), from fitted parameters.
import { readFileSync, writeFileSync } from 'node:fs';
import { forecastCustomer, unitDays } from '../../customer-value/index.ts';
import { formatCsv } from '../../models/data/csv.ts';
import { bgnbdParamsSchema, customerValueSchema, formatPath, gammaGammaParamsSchema, type CustomerValue } from '../../protocol/index.ts';
import { CliError, numberOption, parseOptions, required, type Command } from '../command.ts';
import { DATA_HELP, DATA_OPTIONS, readClvData } from './clv-data.ts';

const HELP = `usage: edgewise clv --params P.json --data F [--summary --time-unit day|week | transactions options]
                    [--horizon N] [--margin M] [--discount-rate D] [--out G.csv]

Forecasts every customer with fitted parameters, by the function the device runs.
  --params P.json     fit-clv's --json output, a site config's customerValue section, or a whole site config
${DATA_HELP}
                      (for clv, --calibration-end is the day the forecast is made; later rows are ignored)
  --horizon N         time units (the parameters' unit) to forecast over (default: the section's horizonDays)
  --margin M          share of spend kept, 0 to 1 (default: the section's margin, else 1: clv is then revenue)
  --discount-rate D   annual discount rate (default: the section's, else 0.1)
  --out G.csv         where to write (default: stdout). Columns: id, frequency, recency, T, monetary_value,
                      pAlive, expectedPurchases (over the horizon), expectedPurchases90d, expectedSpend, clv,
                      clvIfActive, and valueTier, attritionRisk, potentialTier when the section has tiers.
                      Without spend in the data, expectedSpend is the population's mean pγ/(q−1)`;

function check<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown, where: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new CliError(`--params: ${[where, formatPath(issue.path as (string | number)[])].filter(Boolean).join('.')}: ${issue.message}`);
}

/** The model from --params and the options, validated as the site config's section would be. */
function readModel(values: Record<string, unknown>, timeUnit: 'day' | 'week'): { model: CustomerValue; tiers: boolean } {
  const file = required(values, 'params');
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`--params: cannot read ${file} as JSON: ${(error as Error).message}`);
  }
  const section = (json && typeof json.customerValue === 'object' && json.customerValue ? json.customerValue : json) as Record<string, unknown>;
  if (section.timeUnit !== 'day' && section.timeUnit !== 'week') throw new CliError(`--params: timeUnit: expected "day" or "week", received ${JSON.stringify(section.timeUnit)}`);
  if (section.timeUnit !== timeUnit) throw new CliError(`--params are in ${section.timeUnit}s but the data is read in ${timeUnit}s: pass --time-unit ${section.timeUnit}`, 2);
  const bgnbd = check(bgnbdParamsSchema, section.bgnbd, 'bgnbd');
  if (!section.gammaGamma) throw new CliError('--params: gammaGamma: clv needs the spend model; fit-clv fits it when the data has spend');
  const gammaGamma = check(gammaGammaParamsSchema, section.gammaGamma, 'gammaGamma');
  const horizon = numberOption(values, 'horizon', (v) => v > 0 && Number.isFinite(v), 'a number of time units > 0');
  const given = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const margin = numberOption(values, 'margin', (v) => v >= 0 && v <= 1, 'a share from 0 to 1') ?? given(section.margin) ?? 1;
  const annualDiscountRate = numberOption(values, 'discount-rate', (v) => v >= 0 && v <= 1, 'a rate from 0 to 1') ?? given(section.annualDiscountRate);
  const horizonDays = horizon !== undefined ? horizon * unitDays(timeUnit) : given(section.horizonDays);
  if (horizonDays === undefined) throw new CliError('missing --horizon N (time units): --params has no horizonDays', 2);
  const hasTiers = section.tiers !== undefined;
  // Placeholder tiers when the file has none: their columns are left out of the output.
  const tiers = section.tiers ?? { value: { medium: 0, high: 0 }, potential: { medium: 0, high: 0 } };
  const model = check(customerValueSchema, { timeUnit, bgnbd, gammaGamma, margin, annualDiscountRate, tiers }, '');
  // The horizon may be a fraction of a day here (e.g. 39 weeks): the schema's whole days bound only site configs.
  return { model: { ...model, horizonDays }, tiers: hasTiers };
}

const fmt = (v: number) => Number(v.toPrecision(10));

export const command: Command = {
  summary: 'per-customer P(alive), expected purchases, expected spend and lifetime value from fitted parameters',
  async run(argv) {
    const { values } = parseOptions(argv, {
      ...DATA_OPTIONS, params: { type: 'string' }, horizon: { type: 'string' }, margin: { type: 'string' }, 'discount-rate': { type: 'string' },
      out: { type: 'string' }, help: { type: 'boolean' },
    });
    if (values.help) return void process.stdout.write(`${HELP}\n`), 0;
    const forClv = values.summary || values['observation-end'] !== undefined ? values : { ...values, 'observation-end': values['calibration-end'] };
    const data = readClvData(forClv);
    const { model, tiers } = readModel(values, data.timeUnit);
    const columns = ['id', 'frequency', 'recency', 'T', 'monetary_value', 'pAlive', 'expectedPurchases', 'expectedPurchases90d', 'expectedSpend', 'clv', 'clvIfActive'];
    if (tiers) columns.push('valueTier', 'attritionRisk', 'potentialTier');
    const rows = data.customers.map((c) => {
      const f = forecastCustomer(model, c);
      const row: (string | number)[] = [
        c.id, c.x, fmt(c.tx), fmt(c.T), Number.isNaN(c.m) ? '' : fmt(c.m), fmt(f.pAlive), fmt(f.expectedPurchases), fmt(f.expectedPurchases90d), fmt(f.expectedSpend), fmt(f.clv), fmt(f.clvIfActive),
      ];
      if (tiers) row.push(f.valueTier, f.attritionRisk, f.potentialTier);
      return row;
    });
    const csv = formatCsv(columns, rows);
    if (!values.out || values.out === '-') process.stdout.write(csv);
    else {
      try {
        writeFileSync(values.out, csv);
      } catch (error) {
        throw new CliError(`--out: cannot write ${values.out}: ${(error as Error).message}`);
      }
    }
    return 0;
  },
};
