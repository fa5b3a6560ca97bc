// Reading the shop's books for `edgewise books`: one day from options, or many from a CSV (columns day, spend and
// one per offer id), checked against the edge's own schema (protocol/admin.ts booksDaySchema) before anything is
// sent, each problem named by its row, column or option.
import { parseCsv } from '../../models/data/csv.ts';
import { booksDaySchema, daySchema, idSchema, type BooksDay } from '../../protocol/index.ts';
import { didYouMean } from '../../protocol/suggest.ts';

/** One day of the books as it will be sent: PUT /v1/admin/sites/{site}/books/{day} with `books` as the body. */
export interface BooksRow {
  day: string;
  books: BooksDay;
}

/** Problems found in the input, each naming where (an option, or a row and column of the file). */
export class BooksInputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** A value read from text, or what is wrong with it. */
export type Parsed<T> = { value: T } | { problem: string };

const AMOUNT = /^(\d+(\.\d*)?|\.\d+)$/;
const COUNT = /^\d+$/;
const DAY = 86_400_000;
/** Problems listed at most, so a wrong file does not flood the terminal. */
const MAX_PROBLEMS = 20;

/**
 * An amount of money spent.
 * @example amount('412.50') // { value: 412.5 }
 */
export function amount(raw: string): Parsed<number> {
  const text = raw.trim();
  if (AMOUNT.test(text)) return { value: Number(text) };
  if (/^\d+,\d+$/.test(text)) return { problem: `expected an amount such as 412.50 (a point before the decimals, not a comma), received "${raw}"` };
  return { problem: `expected an amount of at least 0 such as 412.50, received "${raw}"` };
}

/**
 * A count of redemptions.
 * @example count('31') // { value: 31 }
 */
export function count(raw: string): Parsed<number> {
  const text = raw.trim();
  return COUNT.test(text) && Number.isSafeInteger(Number(text)) ? { value: Number(text) } : { problem: `expected a whole number of redemptions of at least 0, received "${raw}"` };
}

/**
 * A day as YYYY-MM-DD that has begun somewhere (UTC, or a time zone up to a day ahead of it).
 * @example day('2026-11-29', Date.now()) // { value: '2026-11-29' }
 */
export function day(raw: string, now: number): Parsed<string> {
  const text = raw.trim();
  if (!daySchema.safeParse(text).success) return { problem: `expected a calendar day as YYYY-MM-DD, received "${raw}"` };
  const latest = new Date(now + DAY).toISOString().slice(0, 10);
  return text > latest ? { problem: `${text} has not begun yet: the books record days that have` } : { value: text };
}

/** An offer id as the site config has them, or what is wrong with it. */
function offerId(raw: string): Parsed<string> {
  const parsed = idSchema.safeParse(raw);
  return parsed.success ? { value: raw } : { problem: `"${raw}" is not an offer id: ${parsed.error.issues[0]?.message}` };
}

/** Every problem zod finds in a body, named as the CSV or options would name it. */
function schemaProblems(books: unknown, where: (field: (string | number)[]) => string): string[] {
  const parsed = booksDaySchema.safeParse(books);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${where(i.path as (string | number)[])}: ${i.message}`);
}

/**
 * One day from the options: `--day`, `--spend` and `--redeemed offer=n,offer=n` (optional).
 * @example fromOptions({ day: '2026-11-29', spend: '412.5', redeemed: 'women-15=31' }, Date.now())
 */
export function fromOptions(values: { day?: string | undefined; spend?: string | undefined; redeemed?: string | undefined }, now: number): BooksRow {
  const problems: string[] = [];
  const d = values.day === undefined ? { problem: 'missing; record a day with --day YYYY-MM-DD --spend AMOUNT' } : day(values.day, now);
  if ('problem' in d) problems.push(`--day: ${d.problem}`);
  const spend = values.spend === undefined ? { problem: 'missing: the discount given away that day (0 if none)' } : amount(values.spend);
  if ('problem' in spend) problems.push(`--spend: ${spend.problem}`);
  const redemptions: Record<string, number> = {};
  for (const part of (values.redeemed ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = part.indexOf('=');
    const offer = offerId(at < 0 ? part : part.slice(0, at).trim());
    const n = count(part.slice(at + 1));
    if (at < 0) problems.push(`--redeemed: "${part}" needs a count: offer=n, as in women-15=31`);
    else if ('problem' in offer) problems.push(`--redeemed: ${offer.problem}`);
    else if (offer.value in redemptions) problems.push(`--redeemed: ${offer.value} is given twice`);
    else if ('problem' in n) problems.push(`--redeemed: ${offer.value}: ${n.problem}`);
    else redemptions[offer.value] = n.value;
  }
  const books = { spend: 'value' in spend ? spend.value : 0, redemptions };
  if (!problems.length) problems.push(...schemaProblems(books, (p) => (p[0] === 'spend' ? '--spend' : `--redeemed: ${p.slice(1).join('.')}`)));
  if (problems.length || !('value' in d)) throw new BooksInputError(problems);
  return { day: d.value, books };
}

/**
 * Every day of a books CSV: a header with `day`, `spend` and one column per offer id (its redemptions that day; an
 * empty cell is none), then one row per day. All problems are collected (at most 20 shown), each naming its row
 * (data rows counted from 1 after the header) and column; nothing is returned unless every row is right.
 * @example fromCsv('day,spend,women-15\n2026-11-28,120,10\n', Date.now())
 */
export function fromCsv(text: string, now: number): BooksRow[] {
  let table;
  try {
    table = parseCsv(text);
  } catch (error) {
    throw new BooksInputError([(error as Error).message]);
  }
  const problems: string[] = [];
  const columns = table.columns;
  for (const required of ['day', 'spend'])
    if (!columns.includes(required))
      problems.push(`header: no column "${required}".${didYouMean(required, columns)} Expected day, spend and one column per offer id; found ${columns.join(', ')}`);
  const offers: [number, string][] = [];
  columns.forEach((name, j) => {
    if (name === 'day' || name === 'spend') return;
    const id = offerId(name);
    if (columns.indexOf(name) !== j) problems.push(`header: column "${name}" appears twice`);
    else if ('problem' in id) problems.push(`header: column ${id.problem}`);
    else offers.push([j, name]);
  });
  if (problems.length) throw new BooksInputError(problems);
  if (!table.rows.length) throw new BooksInputError(['the file has a header but no rows: one row per day']);
  const dayAt = columns.indexOf('day');
  const spendAt = columns.indexOf('spend');
  const seen = new Map<string, number>();
  const rows: BooksRow[] = [];
  table.rows.forEach((cells, i) => {
    const row = i + 1;
    const where = (column: string) => `row ${row}, column ${column}`;
    const rawDay = cells[dayAt];
    const d = rawDay === null || rawDay === undefined ? { problem: 'missing: the day as YYYY-MM-DD' } : day(rawDay, now);
    if ('problem' in d) problems.push(`${where('day')}: ${d.problem}`);
    else if (seen.has(d.value)) problems.push(`${where('day')}: ${d.value} is also row ${seen.get(d.value)}`);
    else seen.set(d.value, row);
    const rawSpend = cells[spendAt];
    const spend = rawSpend === null || rawSpend === undefined ? { problem: 'missing: the discount given away that day (0 if none)' } : amount(rawSpend);
    if ('problem' in spend) problems.push(`${where('spend')}: ${spend.problem}`);
    const redemptions: Record<string, number> = {};
    for (const [j, offer] of offers) {
      const cell = cells[j];
      if (cell === null || cell === undefined || cell.trim() === '') continue;
      const n = count(cell);
      if ('problem' in n) problems.push(`${where(offer)}: ${n.problem}`);
      else redemptions[offer] = n.value;
    }
    const books = { spend: 'value' in spend ? spend.value : 0, redemptions };
    problems.push(...schemaProblems(books, (p) => where(p[0] === 'spend' ? 'spend' : String(p[1] ?? p[0]))));
    if ('value' in d) rows.push({ day: d.value, books });
  });
  if (problems.length) throw new BooksInputError(problems);
  return rows.sort((a, b) => (a.day < b.day ? -1 : 1));
}

/**
 * Offers the books name that the site's config does not have, each with the closest offer id: a misspelt column
 * would otherwise pace nothing.
 * @example unknownOffers(rows, ['women-15']) // ['offer "womens-15" is not in the site's config. Did you mean "women-15"? ...']
 */
export function unknownOffers(rows: readonly BooksRow[], offerIds: readonly string[], source: (offer: string) => string): string[] {
  const named = [...new Set(rows.flatMap((r) => Object.keys(r.books.redemptions)))];
  return named
    .filter((offer) => !offerIds.includes(offer))
    .map((offer) => `${source(offer)}: no offer "${offer}" in the site's config.${didYouMean(offer, offerIds)} Its offers: ${offerIds.join(', ')}`);
}

/**
 * The problems as one message, under the file they are in (none for options): up to MAX_PROBLEMS, and how many more.
 * @example formatProblems('books.csv', ['row 2, column spend: ...'])
 */
export function formatProblems(file: string | undefined, problems: readonly string[]): string {
  const shown = problems.slice(0, MAX_PROBLEMS).map((p) => `  ${p}`);
  const more = problems.length > MAX_PROBLEMS ? [`  ... and ${problems.length - MAX_PROBLEMS} more`] : [];
  return `${file ? `${file}: ` : ''}${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was recorded:\n${[...shown, ...more].join('\n')}`;
}
