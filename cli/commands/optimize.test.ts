// `edgewise optimize` end to end through the CLI dispatcher: output shape, exit codes, errors naming the field.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { inputFiles, runCli } from '../testing.ts';

const file = inputFiles('edgewise-optimize');
const run = runCli;

const problem = {
  segments: [{ id: 'a', size: 100, maxOffers: 1 }, { id: 'b', size: 100, maxOffers: 1 }],
  offers: [{ id: 'gift', cost: 1, inventory: 150 }, { id: 'note', cost: 0 }],
  value: { a: { gift: 10 }, b: { gift: 6 } },
  budget: 1000,
};

afterEach(() => vi.restoreAllMocks());

describe('edgewise optimize', () => {
  it('prints status, objective, allocation and duals in the units of the constraints', async () => {
    const { code, stdout } = await run(['optimize', '--in', file(problem)]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['status', 'objective', 'allocation', 'duals']);
    expect(out.status).toBe('optimal');
    expect(out.objective).toBeCloseTo(1300, 9);
    expect(out.allocation).toEqual({ a: { gift: 1 }, b: { gift: 0.5 } });
    expect(out.duals.budget).toBe(0);
    expect(out.duals.inventory.gift).toBeCloseTo(6, 9);
    expect(out.duals.inventory.note).toBe(0);
    expect(out.duals.segment.a).toBeCloseTo(4, 9);
    expect(out.duals.segment.b).toBe(0);
  });

  it('adds the certificate on request', async () => {
    const { stdout } = await run(['optimize', '--in', file(problem), '--certificate']);
    const { certificate } = JSON.parse(stdout);
    expect(certificate.ok).toBe(true);
    expect(certificate.relativeGap).toBeLessThanOrEqual(1e-6);
    expect(certificate.dualObjective).toBeCloseTo(1300, 6);
  });

  it('reports an infeasible budget with exit 0 and no duals', async () => {
    const { code, stdout } = await run(['optimize', '--in', file({ ...problem, budget: -5 })]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ status: 'infeasible', objective: null, duals: null });
    expect(out.reason).toMatch(/least possible spend 0 exceeds the budget -5/);
  });

  it.each([
    [{ ...problem, budget: '1000' }, /budget: Invalid input: expected number, received string/],
    [{ ...problem, offers: [{ id: 'gift', cost: 1, inventory: -3 }] }, /offers\[0\]\.inventory: Too small/],
    [{ ...problem, segments: [{ id: 'a', size: 100 }] }, /segments\[0\]\.maxOffers: Invalid input/],
    [{ ...problem, value: { a: { gift: 10, ghost: 1 } } }, /value\.a\.ghost: unknown offer "ghost"/],
    [{ ...problem, value: { z: {} } }, /value\.z: unknown segment "z"/],
    [{ ...problem, offers: [...problem.offers, { id: 'gift', cost: 2 }] }, /offers\[2\]\.id: duplicate offer id "gift"/],
    [{ ...problem, extra: 1 }, /Unrecognized key: "extra"/],
    ['{"segments": [', /is not valid JSON/],
  ])('rejects malformed input naming the field: %#', async (content, message) => {
    const { code, stdout, stderr } = await run(['optimize', '--in', file(content)]);
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it('asks for --in', async () => {
    const { code, stderr } = await run(['optimize']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/missing required option --in/);
  });
});
