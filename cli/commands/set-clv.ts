// `edgewise set-clv`: puts fitted customer-value parameters and the VAP tier thresholds into a site's config as a
// new version (the edge validates it), or applies the fit the edge made from devices' reports.
import { readFileSync } from 'node:fs';
import { adminCommand } from '../admin-command.ts';
import { CliError, numberOption } from '../command.ts';

const pair = (raw: string | undefined, name: string, max = Infinity): { medium: number; high: number } | undefined => {
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map(Number);
  if (parts.length !== 2 || parts.some((v) => !(v >= 0 && v <= max)) || parts[0]! > parts[1]!)
    throw new CliError(`--${name}: expected MEDIUM,HIGH with 0 <= MEDIUM <= HIGH${max < Infinity ? ` <= ${max}` : ''}, received "${raw}"`, 2);
  return { medium: parts[0]!, high: parts[1]! };
};

export const command = adminCommand({
  summary: 'set a site\'s customer-value model (fit-clv --json output) and VAP tier thresholds as a new config version',
  usage: `edgewise set-clv (--params fit.json | --from-reports) [--margin M] [--value-tiers MEDIUM,HIGH]
       [--attrition-tiers MEDIUM,HIGH] [--potential-tiers MEDIUM,HIGH] [--horizon-days N] [--discount-rate D]
       [--report-epsilon E] [--sizes] [--publish]
--params F: fit-clv's --json output (bgnbd, gammaGamma, timeUnit; its customers become fitted.customers). The
other options set the rest of customerValue; a section already in the config keeps what they do not set. A new
section needs --margin (share of a purchase kept), --value-tiers and --potential-tiers (clv and clv-if-active in
the site currency); attrition tiers (1 - P(alive)) default to 0.3,0.6. --report-epsilon E asks devices to report
their randomised histogram cell once a period at ε = E (0 turns reports off).
--from-reports: the edge's fit from those reports instead (and --sizes: the VAP segments' sizes from them).
Stores a new version the edge validates (an error names the field) and, with --publish, publishes it.`,
  options: {
    params: { type: 'string' }, 'from-reports': { type: 'boolean' }, sizes: { type: 'boolean' }, margin: { type: 'string' },
    'value-tiers': { type: 'string' }, 'attrition-tiers': { type: 'string' }, 'potential-tiers': { type: 'string' },
    'horizon-days': { type: 'string' }, 'discount-rate': { type: 'string' }, 'report-epsilon': { type: 'string' }, publish: { type: 'boolean' },
  },
  async run(api, values) {
    let version: number;
    if (values['from-reports'] || values.sizes) {
      if (values.params) throw new CliError('pass --params or --from-reports, not both', 2);
      ({ version } = await api.applyCustomerValue({ params: !!values['from-reports'], sizes: !!values.sizes }));
    } else {
      if (!values.params) throw new CliError('missing --params fit.json (or --from-reports)', 2);
      let fit: Record<string, unknown>;
      try {
        fit = JSON.parse(readFileSync(values.params, 'utf8'));
      } catch (error) {
        throw new CliError(`--params: cannot read ${values.params} as JSON: ${(error as Error).message}`);
      }
      const { config, version: base } = await api.getConfig();
      const before = (config as { customerValue?: Record<string, unknown> }).customerValue ?? {};
      const tiers = (before.tiers ?? {}) as Record<string, unknown>;
      const epsilon = numberOption(values, 'report-epsilon', (v) => v >= 0 && v <= 10, 'ε from 0 to 10');
      const section: Record<string, unknown> = {
        ...before,
        timeUnit: fit.timeUnit,
        bgnbd: fit.bgnbd,
        gammaGamma: fit.gammaGamma,
        fitted: { source: 'orders', at: new Date().toISOString(), customers: typeof fit.customers === 'number' ? fit.customers : 0 },
        tiers: {
          ...tiers,
          ...(values['value-tiers'] ? { value: pair(values['value-tiers'], 'value-tiers') } : {}),
          ...(values['attrition-tiers'] ? { attrition: pair(values['attrition-tiers'], 'attrition-tiers', 1) } : {}),
          ...(values['potential-tiers'] ? { potential: pair(values['potential-tiers'], 'potential-tiers') } : {}),
        },
      };
      const set = (key: string, v: number | undefined) => v !== undefined && (section[key] = v);
      set('margin', numberOption(values, 'margin', (v) => v >= 0 && v <= 1, 'a share from 0 to 1'));
      set('horizonDays', numberOption(values, 'horizon-days', (v) => Number.isInteger(v) && v >= 1, 'a whole number of days'));
      set('annualDiscountRate', numberOption(values, 'discount-rate', (v) => v >= 0 && v <= 1, 'a rate from 0 to 1'));
      if (epsilon === 0) delete section.report;
      else if (epsilon !== undefined) section.report = { ...((before.report as object) ?? {}), epsilon };
      ({ version } = await api.putConfig({ ...config, customerValue: section }, base));
    }
    process.stdout.write(`stored ${api.target.site} version ${version}\n`);
    if (values.publish) {
      const answer = await api.publish(version);
      process.stdout.write(`published ${api.target.site} version ${answer.version}; etag ${answer.etag}; pricing ${answer.pricing.status}\n`);
    }
    return 0;
  },
});
