// `edgewise books` against the local edge, as a shop's nightly job would run it: record a day from options, many
// from a CSV (a corrected day replaces the old one), list them as a table and as JSON, refuse an unknown offer or a
// site without a config with nothing stored, and the edge's budget pacing reads what was recorded. Uses its own
// site so the demo site the other browser tests read is left alone.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../cli/testing.ts';
import { seedSite } from './sdk-helpers.ts';

const SITE = 'books-cli';
const DAY = 86_400_000;
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

describe('edgewise books', () => {
  const edgeUrl = inject('edgeUrl');
  const token = inject('adminToken');
  const target = ['--site', SITE, '--url', edgeUrl, '--token', token];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edgewise-books-'));
  const csv = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  // A budget period that began five days ago, so the last days' books count for pacing.
  const start = Date.parse(`${dayOf(Date.now() - 5 * DAY)}T00:00:00Z`);
  const [d1, d2, d3] = [3, 2, 1].map((n) => dayOf(Date.now() - n * DAY)) as [string, string, string];
  const listed = async () => JSON.parse((await runCli(['books', '--json', ...target])).stdout) as { site: string; days: { day: string; spend: number; redemptions: Record<string, number> }[] };

  beforeAll(async () => {
    delete process.env.EDGEWISE_URL;
    delete process.env.EDGEWISE_TOKEN;
    delete process.env.EDGEWISE_SITE;
    await seedSite(edgeUrl, token, SITE, {
      constraints: { budget: 1000, currency: 'EUR', maxOffersPerPage: 1, periodStart: new Date(start).toISOString(), periodEnd: new Date(start + 10 * DAY).toISOString() },
    });
  });

  it('lists nothing before any day is recorded', async () => {
    expect(await runCli(['books', ...target])).toEqual({ code: 0, stdout: `no books recorded for ${SITE}\n`, stderr: '' });
  });

  it('records one day from options, and lists it', async () => {
    const result = await runCli(['books', '--day', d1, '--spend', '120.5', '--redeemed', 'women-15=10,shoes-20=2', ...target]);
    expect(result).toEqual({ code: 0, stdout: `recorded ${SITE} books for ${d1}: spend 120.50, 12 redeemed (shoes-20 2, women-15 10)\n`, stderr: '' });
    expect((await listed()).days).toEqual([expect.objectContaining({ day: d1, spend: 120.5, redemptions: { 'women-15': 10, 'shoes-20': 2 } })]);
  });

  it('records many days from a CSV, a corrected day replacing the old one', async () => {
    const file = csv('books.csv', `day,spend,women-15,shoes-20,bags-10\n${d3},80,5,,1\n${d1},130,11,2,\n${d2},0,,,\n`);
    const result = await runCli(['books', '--in', file, ...target]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe([
      `recorded ${SITE} books for ${d1}: spend 130.00, 13 redeemed (shoes-20 2, women-15 11)`,
      `recorded ${SITE} books for ${d2}: spend 0.00, 0 redeemed`,
      `recorded ${SITE} books for ${d3}: spend 80.00, 6 redeemed (bags-10 1, women-15 5)`,
      `recorded 3 days of ${SITE} books, ${d1} to ${d3}`,
      '',
    ].join('\n'));
    const { days } = await listed();
    expect(days.map((d) => [d.day, d.spend, d.redemptions])).toEqual([
      [d1, 130, { 'women-15': 11, 'shoes-20': 2 }], [d2, 0, {}], [d3, 80, { 'women-15': 5, 'bags-10': 1 }],
    ]);

    const table = await runCli(['books', ...target]);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^day\s+spend\s+redeemed\s+by offer\s+recorded \(UTC\)$/);
    expect(lines[1]).toMatch(new RegExp(`^${d1}\\s+130\\.00\\s+13\\s+shoes-20 2, women-15 11\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d by \\S+$`));
    expect(lines.at(-1)).toMatch(/^total\s+210\.00\s+19$/);
    const from = await runCli(['books', '--from', d2, '--json', ...target]);
    expect((JSON.parse(from.stdout) as { days: { day: string }[] }).days.map((d) => d.day)).toEqual([d2, d3]);
  });

  it('refuses an offer the site does not have, naming the column and the closest offer, storing nothing', async () => {
    const before = await listed();
    const file = csv('typo.csv', `day,spend,womens-15\n${d2},50,4\n`);
    const result = await runCli(['books', '--in', file, ...target]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^edgewise books: ${file.replace(/[.\\/]/g, '\\$&')}: 1 problem; nothing was recorded:\\n  column womens-15: no offer "womens-15" in the site's config\\. Did you mean "women-15"\\? Its offers: women-15, `));
    expect(await listed()).toEqual(before);
  });

  it('refuses a site without a config, and names the edge\'s error', async () => {
    const result = await runCli(['books', '--day', d1, '--spend', '1', '--site', 'no-such-shop', '--url', edgeUrl, '--token', token]);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(`edgewise books: site "no-such-shop" has no config at ${edgeUrl}: the books pace a site's offers, so push its config first (or check --site)\n`);
    const wrongToken = await runCli(['books', ...target.slice(0, 4), '--token', 'not-the-token']);
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stderr).toMatch(/^edgewise books: unauthorized \(HTTP 401\)/);
  });

  it('feeds budget pacing: the feedback loop\'s spend is what the books recorded in the period', async () => {
    const answer = await fetch(`${edgeUrl}/v1/admin/sites/${SITE}/feedback`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(200);
    const feedback = (await answer.json()) as { spentEstimate: number; pacing: { booksThrough: string } };
    expect(feedback.spentEstimate).toBe(210);
    expect(feedback.pacing.booksThrough).toBe(d3);
  });
});
