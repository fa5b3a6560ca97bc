// `edgewise books` without an edge: reading a day from options and many from a CSV, every problem named by its
// option or row and column before anything is sent, unknown offers with the closest id, the listing table, and a
// run the edge stops half-way saying which days were recorded.
import { describe, expect, it, vi } from 'vitest';
import type { BooksEntry } from '../../protocol/index.ts';
import { adminClient } from '../admin-client.ts';
import { CliError } from '../command.ts';
import { inputFiles, runCli } from '../testing.ts';
import { amount, BooksInputError, count, day, formatProblems, fromCsv, fromOptions, unknownOffers } from './books-input.ts';
import { booksTable, record } from './books.ts';

const NOW = Date.parse('2026-11-30T09:00:00Z');
const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof BooksInputError) return error.problems;
    throw error;
  }
  throw new Error('expected a BooksInputError');
};

describe('values', () => {
  it('reads amounts, counts and days, and says what is wrong with each', () => {
    expect(amount(' 412.50 ')).toEqual({ value: 412.5 });
    expect(amount('0')).toEqual({ value: 0 });
    expect(amount('412,50')).toEqual({ problem: 'expected an amount such as 412.50 (a point before the decimals, not a comma), received "412,50"' });
    for (const bad of ['-5', '', 'abc', '1e3', '€12', 'Infinity']) expect(amount(bad)).toHaveProperty('problem');
    expect(count('31')).toEqual({ value: 31 });
    for (const bad of ['1.5', '-1', 'x', '']) expect(count(bad)).toEqual({ problem: `expected a whole number of redemptions of at least 0, received "${bad}"` });
    expect(day('2026-11-29', NOW)).toEqual({ value: '2026-11-29' });
    // Tomorrow (UTC) has begun in a time zone ahead of UTC; the day after has not begun anywhere.
    expect(day('2026-12-01', NOW)).toEqual({ value: '2026-12-01' });
    expect(day('2026-12-02', NOW)).toEqual({ problem: '2026-12-02 has not begun yet: the books record days that have' });
    expect(day('2026-13-45', NOW)).toEqual({ problem: 'expected a calendar day as YYYY-MM-DD, received "2026-13-45"' });
    expect(day('29/11/2026', NOW)).toHaveProperty('problem');
  });
});

describe('fromOptions', () => {
  it('reads one day, with or without redemptions', () => {
    expect(fromOptions({ day: '2026-11-29', spend: '412.5', redeemed: 'women-15=31, shoes-20=4' }, NOW)).toEqual({
      day: '2026-11-29', books: { spend: 412.5, redemptions: { 'women-15': 31, 'shoes-20': 4 } },
    });
    expect(fromOptions({ day: '2026-11-29', spend: '0' }, NOW)).toEqual({ day: '2026-11-29', books: { spend: 0, redemptions: {} } });
  });

  it('names every option that is wrong', () => {
    expect(problemsOf(() => fromOptions({ spend: '10' }, NOW))).toEqual(['--day: missing; record a day with --day YYYY-MM-DD --spend AMOUNT']);
    expect(problemsOf(() => fromOptions({ day: '2026-11-29' }, NOW))).toEqual(['--spend: missing: the discount given away that day (0 if none)']);
    expect(problemsOf(() => fromOptions({ day: '2026-11-31', spend: '-3', redeemed: 'women-15,shoes-20=1.5,women-15=2,women-15=3,bad id=1' }, NOW))).toEqual([
      '--day: expected a calendar day as YYYY-MM-DD, received "2026-11-31"',
      '--spend: expected an amount of at least 0 such as 412.50, received "-3"',
      '--redeemed: "women-15" needs a count: offer=n, as in women-15=31',
      '--redeemed: shoes-20: expected a whole number of redemptions of at least 0, received "1.5"',
      '--redeemed: women-15 is given twice',
      '--redeemed: "bad id" is not an offer id: expected an id of letters, digits, "_" or "-" (1 to 64 characters)',
    ]);
  });
});

describe('fromCsv', () => {
  it('reads a row per day, oldest first, an empty cell as no redemptions', () => {
    const csv = 'day,spend,women-15,shoes-20\r\n2026-11-28,"1,020.5",,3\r\n2026-11-27,120,10,0\n';
    expect(problemsOf(() => fromCsv(csv, NOW))).toEqual(['row 1, column spend: expected an amount of at least 0 such as 412.50, received "1,020.5"']);
    expect(fromCsv('\ufeffday,spend,women-15,shoes-20\r\n2026-11-28,1020.5,,3\r\n2026-11-27,120,10,0\n', NOW)).toEqual([
      { day: '2026-11-27', books: { spend: 120, redemptions: { 'women-15': 10, 'shoes-20': 0 } } },
      { day: '2026-11-28', books: { spend: 1020.5, redemptions: { 'shoes-20': 3 } } },
    ]);
  });

  it('names the header\'s problems', () => {
    expect(problemsOf(() => fromCsv('Day,amount,women-15\n2026-11-28,1,2\n', NOW))).toEqual([
      'header: no column "day". Did you mean "Day"? Expected day, spend and one column per offer id; found Day, amount, women-15',
      'header: no column "spend". Expected day, spend and one column per offer id; found Day, amount, women-15',
    ]);
    expect(problemsOf(() => fromCsv('day,spend,women-15,women-15,15% off\n', NOW))).toEqual([
      'header: column "women-15" appears twice',
      'header: column "15% off" is not an offer id: expected an id of letters, digits, "_" or "-" (1 to 64 characters)',
    ]);
    expect(problemsOf(() => fromCsv('day,spend\n', NOW))).toEqual(['the file has a header but no rows: one row per day']);
    expect(problemsOf(() => fromCsv('day,spend\n2026-11-28,1,2\n', NOW))).toEqual(['CSV: data row 1 has 3 fields; expected 2 (as in the header)']);
    expect(problemsOf(() => fromCsv('', NOW))).toEqual(['CSV: the file is empty; expected a header row']);
  });

  it('names every bad cell by row and column, and a day given twice', () => {
    const csv = ['day,spend,women-15', '2026-11-27,120,10', '2026-11-27,80,', ',5,x', '2026-11-40,,1.5', '2026-12-05,1,1'].join('\n');
    expect(problemsOf(() => fromCsv(csv, NOW))).toEqual([
      'row 2, column day: 2026-11-27 is also row 1',
      'row 3, column day: missing: the day as YYYY-MM-DD',
      'row 3, column women-15: expected a whole number of redemptions of at least 0, received "x"',
      'row 4, column day: expected a calendar day as YYYY-MM-DD, received "2026-11-40"',
      'row 4, column spend: missing: the discount given away that day (0 if none)',
      'row 4, column women-15: expected a whole number of redemptions of at least 0, received "1.5"',
      'row 5, column day: 2026-12-05 has not begun yet: the books record days that have',
    ]);
  });

  it('shows at most 20 problems and says how many more', () => {
    const csv = ['day,spend', ...Array.from({ length: 25 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')},x`)].join('\n');
    const message = formatProblems('books.csv', problemsOf(() => fromCsv(csv, NOW)));
    expect(message.split('\n')[0]).toBe('books.csv: 25 problems; nothing was recorded:');
    expect(message.split('\n')).toHaveLength(22);
    expect(message.endsWith('  ... and 5 more')).toBe(true);
  });
});

describe('unknownOffers', () => {
  it('names offers the site does not have, with the closest id', () => {
    const rows = fromCsv('day,spend,womens-15,shoes-20,zzz\n2026-11-28,1,2,3,\n', NOW);
    expect(unknownOffers(rows, ['women-15', 'shoes-20'], (o) => `column ${o}`)).toEqual([
      'column womens-15: no offer "womens-15" in the site\'s config. Did you mean "women-15"? Its offers: women-15, shoes-20',
    ]);
    // A column with only empty cells names no redemptions, so nothing to check.
    expect(unknownOffers(rows, ['womens-15', 'shoes-20'], (o) => o)).toEqual([]);
  });
});

describe('booksTable', () => {
  it('lines up a row per day and the totals', () => {
    const days: BooksEntry[] = [
      { day: '2026-11-27', spend: 120, redemptions: { 'women-15': 10 }, recordedAt: '2026-11-28T06:00:00.123Z', actor: 'admin' },
      { day: '2026-11-28', spend: 1020.5, redemptions: { 'women-15': 11, 'bags-10': 3 }, recordedAt: '2026-11-29T06:00:00.000Z', actor: 'ops' },
      { day: '2026-11-29', spend: 0, redemptions: {}, recordedAt: '2026-11-30T06:00:00.000Z', actor: 'ops' },
    ];
    expect(booksTable(days)).toBe([
      'day            spend  redeemed  by offer                recorded (UTC)',
      '2026-11-27    120.00        10  women-15 10             2026-11-28 06:00 by admin',
      '2026-11-28  1,020.50        14  bags-10 3, women-15 11  2026-11-29 06:00 by ops',
      '2026-11-29      0.00         0  -                       2026-11-30 06:00 by ops',
      'total       1,140.50        24',
    ].join('\n'));
  });
});

describe('edgewise books on the command line', () => {
  const target = ['--site', 'demo', '--url', 'http://127.0.0.1:9', '--token', 't'];
  const file = inputFiles('edgewise-books');

  it('refuses mixed modes and bad input before reaching the edge', async () => {
    expect(await runCli(['books', '--in', 'x.csv', '--day', '2026-11-28', ...target])).toMatchObject({ code: 2, stderr: 'edgewise books: pass --in books.csv or --day/--spend/--redeemed, not both\n' });
    expect((await runCli(['books', '--day', '2026-11-28', '--spend', '1', '--json', ...target])).stderr).toMatch(/^edgewise books: --json is for listing the books/);
    expect(await runCli(['books', '--from', '2026-02-30', ...target])).toMatchObject({ code: 2, stderr: 'edgewise books: --from: expected a calendar day as YYYY-MM-DD, received "2026-02-30"\n' });
    expect(await runCli(['books', '--day', '2026-11-28', '--spend', 'lots', ...target])).toMatchObject({
      code: 2, stderr: 'edgewise books: 1 problem; nothing was recorded:\n  --spend: expected an amount of at least 0 such as 412.50, received "lots"\n',
    });
    const csv = file('day,spend,women-15\n2026-11-28,1,1.5\n');
    expect(await runCli(['books', '--in', csv, ...target])).toMatchObject({
      code: 1, stderr: `edgewise books: ${csv}: 1 problem; nothing was recorded:\n  row 1, column women-15: expected a whole number of redemptions of at least 0, received "1.5"\n`,
    });
    expect((await runCli(['books', '--in', '/no/such/books.csv', ...target])).stderr).toMatch(/^edgewise books: --in: cannot read \/no\/such\/books\.csv: ENOENT/);
    expect((await runCli(['books', '--day', '2026-11-28', '--spend', '1'])).stderr).toMatch(/^edgewise books: missing --url/);
  });
});

describe('record', () => {
  it('stops at the first day the edge refuses, saying which days were recorded', async () => {
    const puts: string[] = [];
    const fetchImpl = vi.fn(async (url: string | URL | Request) => {
      const day = String(url).split('/').at(-1)!;
      puts.push(day);
      if (day === '2026-11-29') return new Response(JSON.stringify({ error: { code: 'unavailable', message: 'D1 is down', path: [] } }), { status: 503 });
      return new Response(JSON.stringify({ day }), { status: 200 });
    }) as unknown as typeof fetch;
    const api = adminClient({ url: 'http://edge.test', token: 't', site: 'demo' }, fetchImpl);
    const rows = ['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30'].map((day) => ({ day, books: { spend: 1, redemptions: {} } }));
    let printed = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((printed += String(chunk)), true));
    let error: unknown;
    try {
      await record(api, rows);
    } catch (e) {
      error = e;
    } finally {
      out.mockRestore();
    }
    expect(puts).toEqual(['2026-11-27', '2026-11-28', '2026-11-29']);
    expect(printed).toBe('recorded demo books for 2026-11-27: spend 1.00, 0 redeemed\nrecorded demo books for 2026-11-28: spend 1.00, 0 redeemed\n');
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toBe(
      '2026-11-29: unavailable (HTTP 503): D1 is down\nrecorded 2 of 4 days (2026-11-27 to 2026-11-28); 2026-11-29 and the 1 day after it were not. Sending a day again replaces it, so the same command can be run again.',
    );
  });
});
