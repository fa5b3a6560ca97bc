// `edgewise fit-clv`: BG/NBD and Gamma-Gamma fitted to a shop's own order history, with the papers' checks:
// the calibration-period histogram and, with a holdout period, forecast against actual purchases.
import { writeFileSync } from 'node:fs';
import {
  calibrationFit, compareHoldout, comparisonChart, fitBgNbd, fitGammaGamma, panelsFor, type Fit,
} from '../../customer-value/index.ts';
import type { BgNbdParams, GammaGammaParams } from '../../protocol/index.ts';
import { CliError, parseOptions, type Command } from '../command.ts';
import { DATA_HELP, DATA_OPTIONS, readClvData, type ClvData } from './clv-data.ts';

const HELP = `usage: edgewise fit-clv --data F [--summary --time-unit day|week | transactions options] [--json] [--chart F.svg]
                        [--penalty L]

Fits BG/NBD (purchases and drop-out) and Gamma-Gamma (spend per repeat purchase) by maximum likelihood.
${DATA_HELP}
  --json              print {"bgnbd": {"r", "alpha", "a", "b"}, "gammaGamma": {"p", "q", "gamma"} or null,
                      "timeUnit", "customers", "standardErrors", "logLikelihood", "calibration", "holdout", ...}:
                      the --params of \`edgewise clv\` and \`edgewise set-clv\`
  --penalty L         adds L·Σ(ln θ)² to the mean negative log-likelihood (default 0: plain maximum likelihood);
                      1e-4 to 1e-3 keeps the fit finite when the data put the maximum on the boundary
  --chart F.svg       write the papers' comparison chart: shoppers by repeat purchases in the calibration
                      period, and (with a holdout period) holdout purchases per shopper by calibration frequency`;

const round = (v: number, digits = 6) => Number(v.toPrecision(digits));
const roundAll = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v])) as T;

/** Pearson correlation of x and m over repeat buyers: Gamma-Gamma assumes spend does not depend on frequency. */
function correlation(pairs: { x: number; m: number }[]): number | null {
  if (pairs.length < 3) return null;
  const n = pairs.length;
  const mx = pairs.reduce((s, p) => s + p.x, 0) / n;
  const mm = pairs.reduce((s, p) => s + p.m, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const p of pairs) {
    sxy += (p.x - mx) * (p.m - mm);
    sxx += (p.x - mx) ** 2;
    syy += (p.m - mm) ** 2;
  }
  return sxx && syy ? sxy / Math.sqrt(sxx * syy) : null;
}

const BOUNDARY = {
  'no-dropout': 'BG/NBD: the likelihood is highest with no drop-out at all (a → 0, b → ∞): nobody in the calibration period looks lapsed, so P(alive) is 1 for everyone. Try a longer calibration period, or --penalty 0.0001 (or more) for finite parameters.',
  divergent: 'a parameter ran toward 0 or ∞ instead of converging; try --penalty 0.0001 (or more).',
} as const;

function fitAll(data: ClvData, penalty: number) {
  const bgnbd = fitBgNbd(data.customers, { penalty });
  const repeat = data.customers.filter((c) => c.x > 0 && c.m > 0).map((c) => ({ x: c.x, m: c.m }));
  let gammaGamma: Fit<GammaGammaParams> | null = null;
  if (data.hasSpend && repeat.length) gammaGamma = fitGammaGamma(repeat, { penalty });
  const calibration = calibrationFit(bgnbd.params, data.customers);
  const holdout = data.holdoutLength === null ? null : compareHoldout(bgnbd.params, data.customers, data.holdoutLength);
  const warnings: string[] = [];
  if (bgnbd.boundary) warnings.push(bgnbd.boundary === 'no-dropout' ? BOUNDARY['no-dropout'] : `BG/NBD: ${BOUNDARY.divergent}`);
  else if (!bgnbd.converged) throw new CliError('the BG/NBD fit did not converge: check that recency and T are in the unit --time-unit names');
  if (gammaGamma?.boundary) warnings.push(`Gamma-Gamma: ${BOUNDARY.divergent}`);
  return { bgnbd, gammaGamma, repeat, calibration, holdout, warnings };
}

function table(rows: (string | number)[][]): string {
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => String(r[j]).length)));
  return rows.map((r) => r.map((c, j) => (j ? String(c).padStart(widths[j]!) : String(c).padEnd(widths[j]!))).join('  ')).join('\n');
}

function text(data: ClvData, f: ReturnType<typeof fitAll>): string {
  const se = f.bgnbd.standardErrors;
  const p = f.bgnbd.params;
  const fmt = (v: number, e?: number) => `${round(v, 4)}${e === undefined ? '' : ` (± ${round(e, 2)})`}`;
  const lines = [
    `${data.customers.length} customers, time unit ${data.timeUnit}${data.calibrationEnd ? `, calibration to ${data.calibrationEnd}` : ''}${data.observationEnd && data.holdoutLength ? `, holdout to ${data.observationEnd}` : ''}`,
    `BG/NBD       r = ${fmt(p.r, se?.r)}, alpha = ${fmt(p.alpha, se?.alpha)}, a = ${fmt(p.a, se?.a)}, b = ${fmt(p.b, se?.b)}; ln L = ${round(f.bgnbd.logLikelihood, 8)}`,
  ];
  if (f.gammaGamma) {
    const g = f.gammaGamma.params;
    const e = f.gammaGamma.standardErrors;
    lines.push(`Gamma-Gamma  p = ${fmt(g.p, e?.p)}, q = ${fmt(g.q, e?.q)}, gamma = ${fmt(g.gamma, e?.gamma)} on ${f.gammaGamma.customers} repeat buyers; corr(x, m) = ${round(correlation(f.repeat) ?? Number.NaN, 3)}`);
  } else lines.push('Gamma-Gamma  not fitted: the data has no spend, or no repeat buyers');
  lines.push('', 'calibration period: shoppers by repeat purchases');
  lines.push(table([['x', 'actual', 'BG/NBD'], ...f.calibration.map((g) => [g.frequency, g.actual, round(g.expected, 5)])]));
  if (f.holdout) {
    const h = f.holdout;
    lines.push('', `holdout period (${round(h.length, 4)} ${data.timeUnit}s): purchases, actual ${h.actual}, forecast ${round(h.predicted, 6)} (${(100 * h.relativeError).toFixed(1)}%)`);
    lines.push(table([['x in calibration', 'customers', 'actual mean', 'forecast mean'], ...h.byFrequency.map((g) => [g.frequency, g.customers, round(g.actual, 4), round(g.predicted, 4)])]));
  }
  if (data.skipped.missingCustomer || data.skipped.negativeValue)
    lines.push('', `skipped rows: ${data.skipped.missingCustomer} without a customer, ${data.skipped.negativeValue} of negative value`);
  return `${lines.join('\n')}\n`;
}

export const command: Command = {
  summary: 'fit BG/NBD and Gamma-Gamma (customer lifetime value) to an order history, with the papers\' holdout checks',
  async run(argv) {
    const { values } = parseOptions(argv, {
      ...DATA_OPTIONS, json: { type: 'boolean' }, chart: { type: 'string' }, penalty: { type: 'string' }, help: { type: 'boolean' },
    });
    if (values.help) return void process.stdout.write(`${HELP}\n`), 0;
    const penalty = Number(values.penalty ?? 0);
    if (!(penalty >= 0 && Number.isFinite(penalty))) throw new CliError(`--penalty: expected a number >= 0, received "${values.penalty}"`, 2);
    const data = readClvData(values);
    const f = fitAll(data, penalty);
    for (const warning of f.warnings) process.stderr.write(`edgewise fit-clv: warning: ${warning}\n`);
    if (values.chart) {
      try {
        writeFileSync(values.chart, comparisonChart(`BG/NBD, ${data.customers.length} customers (${data.timeUnit}s)`, panelsFor(f.calibration, f.holdout)));
      } catch (error) {
        throw new CliError(`--chart: cannot write ${values.chart}: ${(error as Error).message}`);
      }
    }
    if (!values.json) return void process.stdout.write(text(data, f)), 0;
    const out = {
      bgnbd: roundAll<BgNbdParams>(f.bgnbd.params),
      gammaGamma: f.gammaGamma ? roundAll<GammaGammaParams>(f.gammaGamma.params) : null,
      timeUnit: data.timeUnit,
      customers: data.customers.length,
      repeatBuyers: f.repeat.length,
      standardErrors: {
        bgnbd: f.bgnbd.standardErrors && roundAll(f.bgnbd.standardErrors),
        gammaGamma: f.gammaGamma?.standardErrors ? roundAll(f.gammaGamma.standardErrors) : null,
      },
      logLikelihood: { bgnbd: round(f.bgnbd.logLikelihood, 10), gammaGamma: f.gammaGamma ? round(f.gammaGamma.logLikelihood, 10) : null },
      spendFrequencyCorrelation: f.gammaGamma ? correlation(f.repeat) : null,
      calibrationEnd: data.calibrationEnd,
      observationEnd: data.observationEnd,
      calibration: f.calibration.map((g) => ({ ...g, expected: round(g.expected) })),
      holdout: f.holdout && {
        ...f.holdout,
        predicted: round(f.holdout.predicted),
        byFrequency: f.holdout.byFrequency.map((g) => ({ ...g, actual: round(g.actual), predicted: round(g.predicted) })),
      },
      skipped: data.skipped,
      penalty,
      warnings: f.warnings,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  },
};
