// `edgewise books`: the shop's books at the edge (spend and redemptions per day, what budget pacing steers by):
// record one day, record many from a CSV, or list them.
import { readFileSync } from 'node:fs';
import type { BooksEntry } from '../../protocol/index.ts';
import { AdminApiError, type AdminClient } from '../admin-client.ts';
import { adminCommand, toCliError } from '../admin-command.ts';
import { CliError } from '../command.ts';
import { BooksInputError, day, formatProblems, fromCsv, fromOptions, unknownOffers, type BooksRow } from './books-input.ts';

const money = (n: number) => n.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const total = (redemptions: Record<string, number>) => Object.values(redemptions).reduce((a, b) => a + b, 0);
const byOffer = (redemptions: Record<string, number>) =>
  Object.entries(redemptions).sort(([a], [b]) => (a < b ? -1 : 1)).map(([offer, n]) => `${offer} ${n}`).join(', ');

/**
 * The books as a table a person reads: a row per day (spend, redemptions, per offer, when and by whom recorded)
 * and the totals.
 * @example booksTable(answer.days)
 */
export function booksTable(days: readonly BooksEntry[]): string {
  const rows = days.map((d) => [d.day, money(d.spend), String(total(d.redemptions)), byOffer(d.redemptions) || '-', `${d.recordedAt.slice(0, 16).replace('T', ' ')} by ${d.actor}`]);
  const sums = ['total', money(days.reduce((a, d) => a + d.spend, 0)), String(days.reduce((a, d) => a + total(d.redemptions), 0)), '', ''];
  const all = [['day', 'spend', 'redeemed', 'by offer', 'recorded (UTC)'], ...rows, sums];
  const width = all[0]!.map((_, j) => Math.max(...all.map((r) => r[j]!.length)));
  // Amounts and counts right-aligned, text left-aligned.
  const line = (r: string[]) => r.map((cell, j) => (j === 1 || j === 2 ? cell.padStart(width[j]!) : cell.padEnd(width[j]!))).join('  ').trimEnd();
  return all.map(line).join('\n');
}

/** The site's offer ids from its latest stored config; a site without a config has nothing to pace. */
async function siteOffers(api: AdminClient): Promise<string[]> {
  try {
    const { config } = await api.getConfig();
    return config.offers.map((o) => o.id);
  } catch (error) {
    if (error instanceof AdminApiError && error.status === 404)
      throw new CliError(`site "${api.target.site}" has no config at ${api.target.url}: the books pace a site's offers, so push its config first (or check --site)`);
    throw error;
  }
}

/**
 * Sends the days in order, printing each; stops at the first the edge refuses, saying which were recorded (a day
 * sent again replaces it, so the same command can simply be run again).
 * @example await record(api, fromCsv(text, Date.now()))
 */
export async function record(api: AdminClient, rows: readonly BooksRow[]): Promise<void> {
  for (const [i, row] of rows.entries()) {
    try {
      await api.putBooks(row.day, row.books);
    } catch (error) {
      const reason = toCliError(error) as Error;
      const done = i ? `recorded ${i} of ${rows.length} days (${rows[0]!.day} to ${rows[i - 1]!.day})` : 'nothing was recorded';
      const rest = rows.length - i - 1;
      const missing = rest ? `${row.day} and the ${rest} day${rest === 1 ? '' : 's'} after it were not` : `${row.day} was not`;
      throw new CliError(`${row.day}: ${reason.message}\n${done}; ${missing}. Sending a day again replaces it, so the same command can be run again.`);
    }
    const { spend, redemptions } = row.books;
    process.stdout.write(`recorded ${api.target.site} books for ${row.day}: spend ${money(spend)}, ${total(redemptions)} redeemed${Object.keys(redemptions).length ? ` (${byOffer(redemptions)})` : ''}\n`);
  }
}

export const command = adminCommand({
  summary: 'record or list the shop\'s books: spend and redemptions per day, which budget pacing steers by',
  usage: `edgewise books (--day YYYY-MM-DD --spend AMOUNT [--redeemed offer=n,offer=n] | --in books.csv | [--from YYYY-MM-DD] [--json])
--day/--spend/--redeemed records one day: the discount given away that day, in the site currency, and how many
times each offer was redeemed. --in records every day of a CSV whose header is day, spend and one column per offer
id (its redemptions that day; an empty cell is none), one row per day. A day recorded again replaces the old one.
Every value is checked before anything is sent, and an offer the site's config does not have is refused (named
with the closest offer id); errors name the option, or the row (counted from 1 after the header) and column.
Without --day or --in, lists the books (from --from on): a table, or the API answer with --json.`,
  options: { day: { type: 'string' }, spend: { type: 'string' }, redeemed: { type: 'string' }, in: { type: 'string' }, from: { type: 'string' }, json: { type: 'boolean' } },
  async run(api, values) {
    const recording = values.day !== undefined || values.spend !== undefined || values.redeemed !== undefined;
    if (values.in !== undefined && recording) throw new CliError('pass --in books.csv or --day/--spend/--redeemed, not both', 2);
    if ((values.in !== undefined || recording) && (values.from !== undefined || values.json))
      throw new CliError(`${values.from !== undefined ? '--from' : '--json'} is for listing the books; leave out --day/--spend/--redeemed/--in to list them`, 2);
    if (!recording && values.in === undefined) {
      const from = values.from === undefined ? undefined : day(values.from, Date.now());
      if (from && 'problem' in from) throw new CliError(`--from: ${from.problem}`, 2);
      const answer = await api.books(from?.value);
      if (values.json) process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
      else if (!answer.days.length) process.stdout.write(`no books recorded for ${answer.site}${from ? ` from ${from.value} on` : ''}\n`);
      else process.stdout.write(`${booksTable(answer.days)}\n`);
      return 0;
    }
    let rows: BooksRow[];
    const file = values.in;
    try {
      if (file === undefined) rows = [fromOptions(values, Date.now())];
      else {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (error) {
          throw new CliError(`--in: cannot read ${file}: ${(error as Error).message}`, 2);
        }
        rows = fromCsv(text, Date.now());
      }
    } catch (error) {
      if (error instanceof BooksInputError) throw new CliError(formatProblems(file, error.problems), file === undefined ? 2 : 1);
      throw error;
    }
    const unknown = unknownOffers(rows, await siteOffers(api), (offer) => (file === undefined ? '--redeemed' : `column ${offer}`));
    if (unknown.length) throw new CliError(formatProblems(file, unknown), file === undefined ? 2 : 1);
    await record(api, rows);
    if (rows.length > 1) process.stdout.write(`recorded ${rows.length} days of ${api.target.site} books, ${rows[0]!.day} to ${rows.at(-1)!.day}\n`);
    return 0;
  },
});
