// `edgewise simulate`: the JSON shape others read, the chart file, and option errors that name the option.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CliError } from '../command.ts';
import { command } from './simulate.ts';

async function run(argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  try {
    return { code: await command.run(argv), stdout };
  } finally {
    out.mockRestore();
  }
}

describe('edgewise simulate', () => {
  it('prints budget, violations and per-policy figures as JSON, and writes the chart', async () => {
    const chart = path.join(mkdtempSync(path.join(tmpdir(), 'edgewise-sim-')), 'sim.svg');
    const { code, stdout } = await run(['--seed', '2', '--shoppers', '400', '--days', '5', '--training', '1500', '--json', '--chart', chart]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.budget).toBeGreaterThan(0);
    expect(out.violations).toBe(0);
    expect(Object.keys(out.policies)).toEqual(['none', 'random', 'propensity', 'edgewise-static', 'edgewise', 'oracle-observable', 'oracle']);
    for (const p of Object.values(out.policies) as Record<string, unknown>[])
      for (const key of ['incrementalProfit', 'spend', 'conversions']) expect(typeof p[key]).toBe('number');
    expect(out.policies.edgewise.periods).toHaveLength(1);
    const svg = readFileSync(chart, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('oracle');
  });

  it('prints a table without --json, for the chosen policies', async () => {
    const { stdout } = await run(['--shoppers', '200', '--days', '3', '--training', '1000', '--policies', 'edgewise']);
    expect(stdout).toMatch(/^seed 1: 200 shoppers, 3 days/);
    expect(stdout).toMatch(/\nnone\s/);
    expect(stdout).toMatch(/\nedgewise\s/);
    expect(stdout).not.toMatch(/\noracle\s/);
  });

  it('names the option and what it expected', async () => {
    await expect(run(['--shoppers', '0'])).rejects.toMatchObject({ message: '--shoppers: expected an integer from 1 to 1000000, received "0"', exitCode: 2 });
    await expect(run(['--days', '1.5'])).rejects.toBeInstanceOf(CliError);
    await expect(run(['--policies', 'greedy'])).rejects.toThrow(/--policies: unknown policy "greedy"/);
    await expect(run(['--seed', 'x'])).rejects.toThrow(/--seed: expected an integer/);
    await expect(run(['--periods', '0'])).rejects.toThrow('--periods: expected an integer from 1 to 24, received "0"');
    await expect(run(['--holdback', '0.5'])).rejects.toThrow('--holdback: expected a share from 0 to 0.2, received "0.5"');
  });
});
