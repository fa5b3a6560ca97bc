// `edgewise fit-clv`: BG/NBD and Gamma-Gamma fitted to a shop's own order history, with the papers' checks:
// the calibration-period histogram and, with a holdout period, forecast against actual purchases.
import { writeFileSync } from 'node:fs';
import {
  calibrationFit, cellCount, cellOf, compareHoldout, comparisonChart, expectedPurchases, fitBgNbd, fitFromHistogram, fitGammaGamma, panelsFor,
  simulateReports, unitDays, type Fit,
} from '../../customer-value/index.ts';
import { valueReportSchema, type BgNbdParams, type GammaGammaParams } from '../../protocol/index.ts';
import { mulberry32 } from '../../stats/prng.ts';
import { CliError, numberOption, parseOptions, type Command } from '../command.ts';
import { DATA_HELP, DATA_OPTIONS, readClvData, type ClvData } from './clv-data.ts';

const HELP = `usage: edgewise fit-clv --data F [--summary --time-unit day|week | transactions options] [--json] [--chart F.svg]
                        [--penalty L] [--simulate-reports ε [--seed N]]

Fits BG/NBD (purchases and drop-out) and Gamma-Gamma (spend per repeat purchase) by maximum likelihood.
${DATA_HELP}
  --json              print {"bgnbd": {"r", "alpha", "a", "b"}, "gammaGamma": {"p", "q", "gamma"} or null,
                      "timeUnit", "customers", "standardErrors", "logLikelihood", "calibration", "holdout", ...}:
                      the --params of \`edgewise clv\` and \`edgewise set-clv\`
  --penalty L         adds L·Σ(ln θ)² to the mean negative log-likelihood (default 0: plain maximum likelihood);
                      1e-4 to 1e-3 keeps the fit finite when the data put the maximum on the boundary
  --simulate-reports ε  also fit the way the edge does without the data: every customer reports their cell of
                      the site config's default grid (customerValue.report) once, through k-ary randomised response
                      at ε (0: exact cells), and BG/NBD is fitted from the reports; prints that fit and how far its
                      forecast (over the holdout period, else 52 weeks) is from the exact fit's. --seed N (default 1)
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

/** What the edge's fit from devices' randomised reports would give on this data, against the exact fit. */
function privateFit(data: ClvData, exact: BgNbdParams, epsilon: number, seed: number) {
  const grid = valueReportSchema.parse({});
  const days = unitDays(data.timeUnit);
  const cells = data.customers.map((c) => cellOf(grid, { x: c.x, txDays: c.tx * days, TDays: c.T * days }));
  const k = cellCount(grid);
  const reports = epsilon > 0 ? simulateReports(cells, k, epsilon, mulberry32(seed)) : cells.reduce((n, c) => (n[c]!++, n), new Array<number>(k).fill(0));
  const fit = fitFromHistogram(reports, grid, { unitDays: days, ...(epsilon > 0 ? { epsilon } : {}) });
  const horizon = data.holdoutLength ?? 364 / days;
  const forecast = (p: BgNbdParams) => data.customers.reduce((s, c) => s + expectedPurchases(p, c, horizon), 0);
  const [mine, theirs] = [forecast(fit.params), forecast(exact)];
  return {
    epsilon, seed, cells: k, devices: data.customers.length, bgnbd: roundAll<BgNbdParams>(fit.params), boundary: fit.boundary,
    horizon: round(horizon), forecast: round(mine), exactForecast: round(theirs), relativeDifference: round(mine / theirs - 1, 4),
  };
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
      ...DATA_OPTIONS, json: { type: 'boolean' }, chart: { type: 'string' }, penalty: { type: 'string' }, 'simulate-reports': { type: 'string' },
      seed: { type: 'string' }, help: { type: 'boolean' },
    });
    if (values.help) return void process.stdout.write(`${HELP}\n`), 0;
    const penalty = numberOption(values, 'penalty', (v) => v >= 0 && Number.isFinite(v), 'a number >= 0') ?? 0;
    const data = readClvData(values);
    const f = fitAll(data, penalty);
    for (const warning of f.warnings) process.stderr.write(`edgewise fit-clv: warning: ${warning}\n`);
    const epsilon = numberOption(values, 'simulate-reports', (v) => v >= 0 && v <= 10, 'ε from 0 to 10') ?? null;
    const seed = numberOption(values, 'seed', Number.isInteger, 'an integer') ?? 1;
    const simulated = epsilon === null ? null : privateFit(data, f.bgnbd.params, epsilon, seed);
    if (values.chart) {
      try {
        writeFileSync(values.chart, comparisonChart(`BG/NBD, ${data.customers.length.toLocaleString('en')} customers`, panelsFor(f.calibration, f.holdout, `${data.timeUnit}s`)));
      } catch (error) {
        throw new CliError(`--chart: cannot write ${values.chart}: ${(error as Error).message}`);
      }
    }
    if (!values.json) {
      process.stdout.write(text(data, f));
      if (simulated) {
        const p = simulated.bgnbd;
        process.stdout.write(`\nfrom ${simulated.devices} devices' randomised reports (${simulated.cells} cells, ε = ${epsilon}, seed ${seed}): ` +
          `r = ${p.r}, alpha = ${p.alpha}, a = ${p.a}, b = ${p.b}${simulated.boundary ? ` (${simulated.boundary})` : ''}; forecast over ${simulated.horizon} ` +
          `${data.timeUnit}s ${simulated.forecast} against the exact fit's ${simulated.exactForecast} (${(100 * simulated.relativeDifference).toFixed(1)}%)\n`);
      }
      return 0;
    }
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
      ...(simulated ? { simulatedReports: simulated } : {}),
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  },
};
