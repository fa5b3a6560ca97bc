// What fit-clv and clv read: a per-customer summary (--summary) or a shop's transactions, from CSV or from a
// whitespace-separated text file (the CDNOW master file), with errors that name the row and the column.
import { readFileSync } from 'node:fs';
import { dayNumber, isoDay, summariseTransactions, type CustomerRecord, type Transaction } from '../../customer-value/index.ts';
import { parseCsv, type Table } from '../../models/data/csv.ts';
import { CliError, required } from '../command.ts';

/** The options both commands take to describe their data. */
export const DATA_OPTIONS = {
  data: { type: 'string' },
  summary: { type: 'boolean' },
  customer: { type: 'string' },
  date: { type: 'string' },
  value: { type: 'string' },
  quantity: { type: 'string' },
  'calibration-end': { type: 'string' },
  'observation-end': { type: 'string' },
  'time-unit': { type: 'string' },
} as const;

export const DATA_HELP = `  --data F            CSV, or whitespace-separated text (such as CDNOW_master.txt); columns by name or 1-based number
  --summary           F holds one row per customer: frequency (x), recency (t_x), T and optionally monetary_value
                      (also read as x, t_x, T and zbar), in the unit --time-unit names (required with --summary)
  or transactions:    --customer COL --date COL --value COL [--quantity COL] --calibration-end YYYY-MM-DD
                      [--observation-end YYYY-MM-DD]: grouped per customer and calendar day as the papers do
                      (several orders on one day are one purchase, their values summed); the value of a row is
                      value × quantity; rows without a customer, and rows of negative value (returns and
                      cancellations), are skipped and counted; a row of value 0 is a purchase. Purchases after the calibration end, up to the observation end
                      (default: the last date in the data), are the holdout period.
  --time-unit day|week  the models' time unit (default week for transactions)`;

/** A customer as the commands use them: the summary, and the holdout when there is one. */
export type ClvCustomer = Omit<CustomerRecord, 'firstDay'>;

export interface ClvData {
  timeUnit: 'day' | 'week';
  customers: ClvCustomer[];
  /** The data had spend (a monetary column, or transaction values). */
  hasSpend: boolean;
  /** Holdout length in the time unit, or null without a holdout period. */
  holdoutLength: number | null;
  calibrationEnd: string | null;
  observationEnd: string | null;
  /** Transaction rows left out, by reason. */
  skipped: { missingCustomer: number; negativeValue: number };
  rows: number;
}

/** Reads a CSV, or whitespace-separated text with or without a header (columns then named 1, 2, ...). */
function readTable(file: string): Table {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`--data: cannot read ${file}: ${(error as Error).message}`);
  }
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  try {
    if (firstLine.includes(',')) return parseCsv(text);
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    if (!lines.length) throw new Error('the file is empty');
    const split = (l: string) => l.trim().split(/\s+/);
    const head = split(lines[0]!);
    const headed = head.some((t) => !Number.isFinite(Number(t)));
    const columns = headed ? head : head.map((_, i) => String(i + 1));
    const rows = (headed ? lines.slice(1) : lines).map((l, i) => {
      const cells = split(l);
      if (cells.length !== columns.length) throw new Error(`data row ${i + 1} has ${cells.length} fields; expected ${columns.length}`);
      return cells as (string | null)[];
    });
    return { columns, rows };
  } catch (error) {
    throw new CliError(`--data: ${file}: ${(error as Error).message}`);
  }
}

/** A column by name (exact, then ignoring case) or by 1-based number. */
function column(table: Table, ref: string, option: string): number {
  let i = table.columns.indexOf(ref);
  if (i < 0) i = table.columns.findIndex((c) => c.toLowerCase() === ref.toLowerCase());
  if (i < 0 && /^\d+$/.test(ref) && Number(ref) >= 1 && Number(ref) <= table.columns.length) i = Number(ref) - 1;
  if (i < 0) throw new CliError(`${option}: no column "${ref}"; the data has columns: ${table.columns.join(', ')}`, 2);
  return i;
}

function firstColumn(table: Table, names: readonly string[]): number {
  for (const name of names) {
    const i = table.columns.findIndex((c) => c.toLowerCase() === name.toLowerCase());
    if (i >= 0) return i;
  }
  return -1;
}

function day(values: Record<string, unknown>, name: string): number | null {
  const raw = values[name];
  if (raw === undefined) return null;
  const d = dayNumber(String(raw));
  if (!Number.isFinite(d)) throw new CliError(`--${name}: expected a date as YYYY-MM-DD, received "${String(raw)}"`, 2);
  return d;
}

function timeUnit(values: Record<string, unknown>, fallback: 'week' | null): 'day' | 'week' {
  const raw = values['time-unit'] ?? fallback;
  if (raw === null) throw new CliError('--summary needs --time-unit day|week: the unit its recency and T are in', 2);
  if (raw !== 'day' && raw !== 'week') throw new CliError(`--time-unit: expected day or week, received "${String(raw)}"`, 2);
  return raw;
}

function readSummary(table: Table, unit: 'day' | 'week'): ClvData {
  const need = (names: readonly string[], what: string) => {
    const i = firstColumn(table, names);
    if (i < 0) throw new CliError(`--data: no ${what} column (${names.join(' or ')}); the data has columns: ${table.columns.join(', ')}`, 2);
    return i;
  };
  const [fx, ft, fT] = [need(['frequency', 'x'], 'frequency'), need(['recency', 't_x'], 'recency'), need(['T', 'T_cal'], 'T')];
  const fm = firstColumn(table, ['monetary_value', 'zbar', 'm_x']);
  const fid = firstColumn(table, ['id', 'customer_id', 'customer', 'CustomerID']);
  const customers = table.rows.map((row, r) => {
    const num = (j: number, what: string, ok: (v: number) => boolean, expected: string) => {
      const v = Number(row[j]);
      if (row[j] === null || !ok(v)) throw new CliError(`--data: data row ${r + 1}, ${table.columns[j]}: expected ${expected}, received "${row[j] ?? ''}"`);
      return v;
    };
    const x = num(fx, 'frequency', (v) => Number.isInteger(v) && v >= 0, 'a whole number >= 0');
    const T = num(fT, 'T', (v) => Number.isFinite(v) && v >= 0, 'a number >= 0');
    const tx = num(ft, 'recency', (v) => Number.isFinite(v) && v >= 0 && v <= T && (x > 0 || v === 0), `a number from 0 to T (${T})${x === 0 ? ', 0 when frequency is 0' : ''}`);
    const m = fm < 0 ? 0 : num(fm, 'monetary', (v) => Number.isFinite(v) && v >= 0, 'a number >= 0');
    // Without a monetary column a repeat buyer's spend is unknown (NaN): the forecast then uses the population's.
    return { id: fid < 0 ? String(r + 1) : String(row[fid] ?? r + 1), x, tx, T, m: x === 0 ? 0 : fm < 0 ? Number.NaN : m, holdoutPurchases: 0, holdoutValue: 0 };
  });
  return {
    timeUnit: unit, customers, hasSpend: fm >= 0, holdoutLength: null, calibrationEnd: null, observationEnd: null,
    skipped: { missingCustomer: 0, negativeValue: 0 }, rows: table.rows.length,
  };
}

function readTransactions(table: Table, values: Record<string, unknown>, unit: 'day' | 'week'): ClvData {
  const cc = column(table, required(values, 'customer'), '--customer');
  const cd = column(table, required(values, 'date'), '--date');
  const cv = column(table, required(values, 'value'), '--value');
  const cq = values.quantity === undefined ? -1 : column(table, String(values.quantity), '--quantity');
  const calibrationEnd = day(values, 'calibration-end');
  if (calibrationEnd === null) throw new CliError('missing required option --calibration-end (or pass --summary for per-customer data)', 2);
  const skipped = { missingCustomer: 0, negativeValue: 0 };
  const transactions: Transaction[] = [];
  let lastDay = -Infinity;
  table.rows.forEach((row, r) => {
    const customer = row[cc];
    if (customer === null || customer === undefined || customer.trim() === '') return void skipped.missingCustomer++;
    const d = dayNumber(row[cd] ?? '');
    if (!Number.isFinite(d)) throw new CliError(`--data: data row ${r + 1}, ${table.columns[cd]}: expected a date (YYYYMMDD, YYYY-MM-DD or ISO date-time), received "${row[cd] ?? ''}"`);
    const value = Number(row[cv]) * (cq < 0 ? 1 : Number(row[cq]));
    if (!Number.isFinite(value)) {
      const j = cq >= 0 && !Number.isFinite(Number(row[cq])) ? cq : cv;
      throw new CliError(`--data: data row ${r + 1}, ${table.columns[j]}: expected a number, received "${row[j] ?? ''}"`);
    }
    if (value < 0) return void skipped.negativeValue++;
    lastDay = Math.max(lastDay, d);
    transactions.push({ customer: customer.trim(), day: d, value });
  });
  if (!transactions.length) throw new CliError('--data: no transactions with a customer and a value >= 0');
  const observationEnd = day(values, 'observation-end') ?? Math.max(lastDay, calibrationEnd);
  if (observationEnd < calibrationEnd) throw new CliError(`--observation-end (${isoDay(observationEnd)}) is before --calibration-end (${isoDay(calibrationEnd)})`, 2);
  const unitDays = unit === 'week' ? 7 : 1;
  const records = summariseTransactions(transactions, { calibrationEnd, observationEnd, unitDays });
  if (!records.length) throw new CliError(`--calibration-end ${isoDay(calibrationEnd)}: no customer bought on or before it`);
  return {
    timeUnit: unit,
    customers: records.map(({ firstDay: _, ...rest }) => rest),
    hasSpend: true,
    holdoutLength: observationEnd > calibrationEnd ? (observationEnd - calibrationEnd) / unitDays : null,
    calibrationEnd: isoDay(calibrationEnd),
    observationEnd: isoDay(observationEnd),
    skipped,
    rows: table.rows.length,
  };
}

/**
 * Reads --data as a summary or as transactions, as the options say.
 * @example const data = readClvData(values)
 */
export function readClvData(values: Record<string, unknown>): ClvData {
  const table = readTable(required(values, 'data'));
  if (values.summary) {
    for (const name of ['customer', 'date', 'value', 'quantity', 'calibration-end', 'observation-end'])
      if (values[name] !== undefined) throw new CliError(`--${name} describes transactions; it cannot be used with --summary`, 2);
    return readSummary(table, timeUnit(values, null));
  }
  return readTransactions(table, values, timeUnit(values, 'week'));
}
