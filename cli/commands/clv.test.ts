// `edgewise fit-clv` and `edgewise clv`: the papers' CDNOW figures from the command line, transactions as the
// papers count them, the holdout comparison and chart, and errors that name the option, row or column.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetPath, missing } from '../../tests/datasets.ts';
import { runCli } from '../testing.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'edgewise-clv-'));
const write = (name: string, text: string) => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};
const csvRows = (text: string) => text.trim().split('\n').map((l) => l.split(','));
const PUBLISHED = { timeUnit: 'week', bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 } };

const SUMMARY = 'cdnow/cdnow_customers_summary_with_transactions.csv';
const MASTER = 'cdnow/CDNOW_master.txt';
const RETAIL = 'online_retail_sample30k.csv';

describe.skipIf(!datasetPath(SUMMARY))(`CDNOW summary${datasetPath(SUMMARY) ? '' : ` (${missing(SUMMARY)})`}`, () => {
  it('fit-clv --summary prints the published parameters; clv forecasts 1.226 purchases for customer 1 over 39 weeks', async () => {
    const fit = await runCli(['fit-clv', '--data', datasetPath(SUMMARY)!, '--summary', '--time-unit', 'week', '--json']);
    expect(fit.code).toBe(0);
    const out = JSON.parse(fit.stdout);
    const sig3 = (o: Record<string, number>) => Object.values(o).map((v) => Number(v.toPrecision(3)));
    expect(sig3(out.bgnbd)).toEqual([0.243, 4.41, 0.793, 2.43]);
    expect(sig3(out.gammaGamma)).toEqual([6.25, 3.74, 15.4]);
    expect(out).toMatchObject({ timeUnit: 'week', customers: 2357, repeatBuyers: 946, holdout: null, warnings: [] });
    expect(out.spendFrequencyCorrelation).toBeCloseTo(0.11, 2);

    const outFile = path.join(dir, 'cdnow-clv.csv');
    const clv = await runCli(['clv', '--params', write('published.json', JSON.stringify(PUBLISHED)), '--data', datasetPath(SUMMARY)!, '--summary', '--time-unit', 'week', '--horizon', '39', '--out', outFile]);
    expect(clv.code).toBe(0);
    const [header, first] = csvRows(readFileSync(outFile, 'utf8'));
    const row = Object.fromEntries(header!.map((h, i) => [h, first![i]]));
    expect(row).toMatchObject({ id: '1', frequency: '2', recency: '30.43', T: '38.86', monetary_value: '22.35' });
    expect(Number(row.expectedPurchases).toFixed(3)).toBe('1.226');
    // Gamma-Gamma's conditional mean: 6.25·(15.44 + 2·22.35)/(6.25·2 + 3.74 − 1).
    expect(Number(row.expectedSpend)).toBeCloseTo((6.25 * (15.44 + 2 * 22.35)) / (6.25 * 2 + 3.74 - 1), 6);
  });
});

describe.skipIf(!datasetPath(MASTER))(`CDNOW master file${datasetPath(MASTER) ? '' : ` (${missing(MASTER)})`}`, () => {
  it('fits the 23,570-customer cohort from its transactions and compares the 39-week holdout by calibration frequency', async () => {
    const chart = path.join(dir, 'cdnow.svg');
    const run = await runCli(['fit-clv', '--data', datasetPath(MASTER)!, '--customer', 'customer_id', '--date', 'date', '--value', 'dollar_value',
      '--calibration-end', '1997-09-30', '--json', '--chart', chart]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.customers).toBe(23570);
    expect(out.observationEnd).toBe('1998-06-30');
    expect(out.holdout.length).toBe(39);
    expect(out.holdout.byFrequency.map((g: { frequency: string }) => g.frequency)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(out.holdout.byFrequency.reduce((s: number, g: { customers: number }) => s + g.customers, 0)).toBe(23570);
    // The full cohort's parameters are close to the 1/10 sample's (within about two of its standard errors).
    expect(out.bgnbd.r).toBeGreaterThan(0.23);
    expect(out.bgnbd.r).toBeLessThan(0.27);
    const svg = readFileSync(chart, 'utf8');
    expect(svg).toContain('Holdout (39 weeks)');
    expect(svg).toContain('BG/NBD, 23,570 customers');
    expect(svg.match(/<polyline/g)).toHaveLength(4);
  });

  it('--simulate-reports fits from the devices\' randomised cells and says how far its forecast is from the exact fit', async () => {
    const args = ['fit-clv', '--data', datasetPath(MASTER)!, '--customer', 'customer_id', '--date', 'date', '--value', 'dollar_value', '--calibration-end', '1997-09-30', '--json'];
    const exact = JSON.parse((await runCli([...args, '--simulate-reports', '0'])).stdout).simulatedReports;
    expect(exact).toMatchObject({ epsilon: 0, cells: 46, devices: 23570, horizon: 39 });
    expect(Math.abs(exact.relativeDifference)).toBeLessThan(0.03);
    const noisy = JSON.parse((await runCli([...args, '--simulate-reports', '4', '--seed', '2'])).stdout).simulatedReports;
    expect(noisy).toMatchObject({ epsilon: 4, seed: 2, boundary: null });
    expect(Math.abs(noisy.relativeDifference)).toBeLessThan(0.06);
    expect((await runCli([...args, '--simulate-reports', '11'])).stderr).toMatch(/--simulate-reports: expected ε from 0 to 10, received "11"/);
  });
});

describe.skipIf(!datasetPath(RETAIL))(`Online Retail sample${datasetPath(RETAIL) ? '' : ` (${missing(RETAIL)})`}`, () => {
  const args = ['fit-clv', '--data', datasetPath(RETAIL) ?? '', '--customer', 'CustomerID', '--date', 'InvoiceDate', '--value', 'UnitPrice',
    '--quantity', 'Quantity', '--calibration-end', '2011-06-30', '--json'];

  it('says when the likelihood is highest with no drop-out, and fits finite parameters with a small penalty', async () => {
    const plain = await runCli(args);
    expect(plain.code).toBe(0);
    const out = JSON.parse(plain.stdout);
    expect(out.skipped.missingCustomer).toBeGreaterThan(1000);
    expect(out.skipped.negativeValue).toBeGreaterThan(100);
    expect(out.warnings[0]).toMatch(/no drop-out at all/);
    expect(plain.stderr).toMatch(/warning: BG\/NBD: the likelihood is highest with no drop-out/);
    const penalised = JSON.parse((await runCli([...args, '--penalty', '0.0001'])).stdout);
    expect(penalised.warnings).toEqual([]);
    expect(penalised.bgnbd.a).toBeGreaterThan(0.001);
    expect(penalised.holdout.customers).toBe(out.customers);
  });
});

describe('transactions and errors', () => {
  const transactions = write('tx.csv', [
    'customer,day,amount,qty',
    'a,2024-01-01,50,1', 'a,2024-01-01,10,1', 'a,2024-01-15,20,1', 'a,2024-01-15,5,1', 'a,2024-02-12,35,1', 'a,2024-03-10,99,1',
    'b,2024-02-01,7,1', 'b,2024-02-20,8,-1', ',2024-02-02,3,1', 'c,2024-01-20,12,2', 'c,2024-02-25,30,1',
  ].join('\n'));
  const txArgs = ['--data', transactions, '--customer', 'customer', '--date', 'day', '--value', 'amount', '--quantity', 'qty', '--calibration-end', '2024-02-26'];

  it('clv from transactions equals clv from their summary', async () => {
    const params = write('p.json', JSON.stringify({ customerValue: { ...PUBLISHED, margin: 0.4, tiers: { value: { medium: 5, high: 20 }, potential: { medium: 10, high: 30 } } } }));
    const fromTx = csvRows((await runCli(['clv', '--params', params, ...txArgs, '--horizon', '52'])).stdout);
    const summary = write('s.csv', 'id,frequency,recency,T,monetary_value\na,2,6,8,30\nb,0,0,3.571428571428571,0\nc,1,5.142857142857143,5.285714285714286,30\n');
    const fromSummary = csvRows((await runCli(['clv', '--params', params, '--data', summary, '--summary', '--time-unit', 'week', '--horizon', '52'])).stdout);
    expect(fromTx[0]).toEqual(['id', 'frequency', 'recency', 'T', 'monetary_value', 'pAlive', 'expectedPurchases', 'expectedPurchases90d', 'expectedSpend', 'clv', 'clvIfActive', 'valueTier', 'attritionRisk', 'potentialTier']);
    expect(fromTx.length).toBe(4);
    for (let i = 1; i < 4; i++) {
      const [a, b] = [fromTx[i]!, fromSummary[i]!];
      expect(a[0]).toBe(b[0]);
      for (let j = 1; j < 11; j++) expect(Number(a[j])).toBeCloseTo(Number(b[j]), 6);
      expect(a.slice(11)).toEqual(b.slice(11));
    }
  });

  it('names what is wrong', async () => {
    const params = write('days.json', JSON.stringify({ ...PUBLISHED, timeUnit: 'day' }));
    const cases: [string[], RegExp][] = [
      [['fit-clv', '--data', transactions, '--customer', 'customer', '--date', 'day', '--value', 'amount'], /missing required option --calibration-end/],
      [['fit-clv', ...txArgs.slice(0, 2), '--customer', 'who', '--date', 'day', '--value', 'amount', '--calibration-end', '2024-02-26'], /--customer: no column "who"; the data has columns: customer, day, amount, qty/],
      [['fit-clv', ...txArgs.slice(0, -1), '2024-02-31'], /--calibration-end: expected a date as YYYY-MM-DD, received "2024-02-31"/],
      [['fit-clv', '--data', write('bad-date.csv', 'c,d,v\na,2024-01-01,1\nb,yesterday,2\n'), '--customer', 'c', '--date', 'd', '--value', 'v', '--calibration-end', '2024-01-05'], /data row 2, d: expected a date/],
      [['fit-clv', '--data', transactions, '--summary'], /--summary needs --time-unit day\|week/],
      [['fit-clv', '--data', write('sum.csv', 'frequency,recency,T\n1,5,4\n'), '--summary', '--time-unit', 'week'], /data row 1, recency: expected a number from 0 to T \(4\)/],
      [['fit-clv', '--data', transactions, '--summary', '--time-unit', 'day', '--customer', 'customer'], /--customer describes transactions; it cannot be used with --summary/],
      [['clv', '--params', params, ...txArgs], /--params are in days but the data is read in weeks: pass --time-unit day/],
      [['clv', '--params', write('nogg.json', JSON.stringify({ ...PUBLISHED, gammaGamma: null })), ...txArgs, '--horizon', '4'], /gammaGamma: clv needs the spend model/],
      [['clv', '--params', write('badq.json', JSON.stringify({ ...PUBLISHED, gammaGamma: { p: 1, q: 0.5, gamma: 2 } })), ...txArgs, '--horizon', '4'], /--params: gammaGamma.q: expected q > 1/],
      [['clv', '--params', write('pub2.json', JSON.stringify(PUBLISHED)), ...txArgs], /missing --horizon N/],
    ];
    for (const [argv, message] of cases) {
      const run = await runCli(argv);
      expect(run.code, argv.join(' ')).toBeGreaterThan(0);
      expect(run.stderr, argv.join(' ')).toMatch(message);
    }
  });
});
