// Assignment: the documented hash, balance, stickiness, namespaces and the global holdout.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DeviceConfig } from '../../../protocol/device-config.ts';
import type { Experiment } from '../../../protocol/experiments.ts';
import { demoConfig } from '../testing/fixtures.ts';
import { siteConfigSchema } from '../../../protocol/site-config.ts';
import { compileDeviceConfig } from '../../../worker/src/publish/compile.ts';
import { HOLDOUT_ARM, assignArm, banditArms, bucket, experimentFor, fnv1a32, inGlobalHoldout, newDeviceKey } from './index.ts';

const keys = Array.from({ length: 20_000 }, (_, i) => `device-${i}`);
const experiment = (changes: Partial<Experiment> = {}): Experiment => ({
  id: 'exp', slot: 'hero', version: 1, status: 'running', bandit: false, explorationFloor: 0.01,
  arms: [{ id: 'a', weight: 1, policy: 'personalised' }, { id: 'b', weight: 1, policy: 'control' }], ...changes,
});
const assign = (config: DeviceConfig, e: Experiment, deviceKey: string, previous?: Parameters<typeof assignArm>[0]['previous']) =>
  assignArm({ config, experiment: e, deviceKey, segment: null, previous, now: 0 });

describe('hash', () => {
  it('is FNV-1a 32-bit', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('spreads buckets evenly and makes random device keys', () => {
    const mean = keys.reduce((s, k) => s + bucket('seed', k), 0) / keys.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
    expect(newDeviceKey()).toMatch(/^[0-9a-f]{32}$/);
    expect(newDeviceKey()).not.toBe(newDeviceKey());
  });
});

describe('assignArm', () => {
  const config = demoConfig({ globalHoldout: 0 });

  it('splits by weight', () => {
    const weighted = experiment({ arms: [{ id: 'a', weight: 3, policy: 'personalised' }, { id: 'b', weight: 1, policy: 'control' }] });
    const share = keys.filter((k) => assign(config, weighted, k)!.arm === 'a').length / keys.length;
    expect(share).toBeGreaterThan(0.74);
    expect(share).toBeLessThan(0.76);
  });

  it('is sticky within a version and re-randomised by a new one', () => {
    const first = keys.slice(0, 2000).map((k) => assign(config, experiment(), k)!);
    const moved = experiment({ version: 2 });
    expect(first.every((a, i) => assign(config, moved, keys[i]!, { ...a, arm: 'x' })!.arm !== 'x')).toBe(true);
    expect(first.every((a, i) => assign(config, experiment(), keys[i]!, a) === a)).toBe(true);
    const changed = first.filter((a, i) => assign(config, moved, keys[i]!, a)!.arm !== a.arm).length / first.length;
    expect(changed).toBeGreaterThan(0.4);
    expect(changed).toBeLessThan(0.6);
  });

  it('keeps experiments of one namespace apart', () => {
    const left = experiment({ id: 'left', namespace: { id: 'hero-ns', range: [0, 0.5] } });
    const right = experiment({ id: 'right', namespace: { id: 'hero-ns', range: [0.5, 1] } });
    const inLeft = keys.filter((k) => assign(config, left, k));
    const inRight = keys.filter((k) => assign(config, right, k));
    expect(inLeft.length + inRight.length).toBe(keys.length);
    expect(inLeft.some((k) => inRight.includes(k))).toBe(false);
  });

  it('puts the global holdout share in arm "holdout", and skips experiments that are not running', () => {
    const held = demoConfig({ globalHoldout: 0.05 });
    const share = keys.filter((k) => assign(held, experiment(), k)!.arm === HOLDOUT_ARM).length / keys.length;
    expect(share).toBeGreaterThan(0.045);
    expect(share).toBeLessThan(0.055);
    expect(keys.every((k) => (assign(held, experiment(), k)!.arm === HOLDOUT_ARM) === inGlobalHoldout(held, k))).toBe(true);
    expect(assign(config, experiment({ status: 'paused' }), 'k')).toBeNull();
  });
});

describe('bandit assignment by the edge-published shares', () => {
  const bandit = experiment({ id: 'hero-bandit', bandit: true, arms: [
    { id: 'a', weight: 3, policy: 'personalised' }, { id: 'b', weight: 1, policy: 'control' },
  ] });
  const shares = { 'hero-bandit': { vip: { a: 0.2, b: 0.8 }, '*': { a: 0.6, b: 0.4 } } };
  const config = demoConfig({ globalHoldout: 0, banditShares: shares });
  const n = 10_000;
  // Device keys as the SDK makes them (32 hex digits of randomness), reproducible: sequential strings such as
  // "device-1" differ only in their last characters, which FNV-1a's high bits mix poorly.
  const deviceKeys = Array.from({ length: 2 * n }, (_, i) => createHash('sha256').update(String(i)).digest('hex').slice(0, 32));
  const sample = deviceKeys.slice(0, n);
  const shareOfA = (c: DeviceConfig, e: Experiment, segment: string | null, deviceKeys = sample) =>
    deviceKeys.filter((k) => assignArm({ config: c, experiment: e, deviceKey: k, segment, previous: undefined, now: 0 })!.arm === 'a')
      .length / deviceKeys.length;
  // The hash is deterministic, but over distinct keys it behaves like independent draws: 4.5 binomial sds.
  const tolerance = (p: number, count = n) => 4.5 * Math.sqrt((p * (1 - p)) / count);

  it("follows the segment's shares, then the experiment-wide ones, then the arm weights", () => {
    expect(Math.abs(shareOfA(config, bandit, 'vip') - 0.2)).toBeLessThan(tolerance(0.2));
    expect(Math.abs(shareOfA(config, bandit, 'browsers') - 0.6)).toBeLessThan(tolerance(0.6));
    expect(Math.abs(shareOfA(config, bandit, null) - 0.6)).toBeLessThan(tolerance(0.6));
    const noShares = demoConfig({ globalHoldout: 0, banditShares: {} });
    expect(Math.abs(shareOfA(noShares, bandit, 'vip') - 0.75)).toBeLessThan(tolerance(0.75));
    const segmentOnly = demoConfig({ globalHoldout: 0, banditShares: { 'hero-bandit': { vip: { a: 0.2, b: 0.8 } } } });
    expect(Math.abs(shareOfA(segmentOnly, bandit, 'browsers') - 0.75)).toBeLessThan(tolerance(0.75));
  });

  it('ignores shares for experiments that are not bandits, and gives an arm missing from the shares nothing', () => {
    expect(Math.abs(shareOfA(config, { ...bandit, bandit: false }, 'vip') - 0.75)).toBeLessThan(tolerance(0.75));
    const onlyB = demoConfig({ globalHoldout: 0, banditShares: { 'hero-bandit': { '*': { b: 1 } } } });
    expect(shareOfA(onlyB, bandit, null)).toBe(0);
    expect(banditArms(onlyB, bandit, null).map((a) => a.weight)).toEqual([0, 1]);
    const allZero = demoConfig({ globalHoldout: 0, banditShares: { 'hero-bandit': { '*': { a: 0, b: 0 } } } });
    expect(banditArms(allZero, bandit, null)).toBe(bandit.arms);
  });

  it('keeps an assigned device on its arm when a publish changes the shares, and moves only new devices', () => {
    const before = sample.map((k) => assignArm({ config, experiment: bandit, deviceKey: k, segment: null, previous: undefined, now: 0 })!);
    const shifted = demoConfig({ globalHoldout: 0, banditShares: { 'hero-bandit': { '*': { a: 0.1, b: 0.9 } } } });
    const after = sample.map((k, i) => assignArm({ config: shifted, experiment: bandit, deviceKey: k, segment: null, previous: before[i], now: 1 })!);
    expect(after.every((a, i) => a === before[i])).toBe(true);
    const newcomers = deviceKeys.slice(n);
    expect(Math.abs(shareOfA(shifted, bandit, null, newcomers) - 0.1)).toBeLessThan(tolerance(0.1));
    // A new version re-assigns everyone by the current shares.
    const v2 = { ...bandit, version: 2 };
    const moved = sample.filter((k, i) => assignArm({ config: shifted, experiment: v2, deviceKey: k, segment: null, previous: before[i], now: 2 })!.arm === 'a');
    expect(Math.abs(moved.length / n - 0.1)).toBeLessThan(tolerance(0.1));
  });
});

describe('several running experiments on one slot', () => {
  // Compiled as the edge publishes it: the two experiments without namespaces get "auto:hero" halves.
  const site = siteConfigSchema.parse({
    ...JSON.parse(readFileSync(new URL('../../../demo/site-config.json', import.meta.url), 'utf8')),
    globalHoldout: 0,
    experiments: [experiment({ id: 'first' }), experiment({ id: 'second' })],
  });
  const config = compileDeviceConfig(site, { version: 1, publishedAt: '2026-11-01T00:00:00Z', prices: {}, posteriors: {} });
  const deviceKeys = Array.from({ length: 10_000 }, (_, i) => createHash('sha256').update(`k${i}`).digest('hex').slice(0, 32));

  it('splits the slot: every device in exactly one experiment, each with half the shoppers', () => {
    expect(config.experiments.map((e) => e.namespace)).toEqual([{ id: 'auto:hero', range: [0, 0.5] }, { id: 'auto:hero', range: [0.5, 1] }]);
    const chosen = deviceKeys.map((k) => experimentFor(config, 'hero', k)?.id);
    const first = chosen.filter((id) => id === 'first').length / chosen.length;
    expect(chosen.every((id) => id === 'first' || id === 'second')).toBe(true);
    expect(Math.abs(first - 0.5)).toBeLessThan(4.5 * Math.sqrt(0.25 / chosen.length));
    // And each device is assigned an arm only in its own experiment.
    for (const k of deviceKeys.slice(0, 500)) {
      const mine = experimentFor(config, 'hero', k)!;
      const other = config.experiments.find((e) => e.id !== mine.id)!;
      expect(assignArm({ config, experiment: mine, deviceKey: k, segment: null, previous: undefined, now: 0 })).not.toBeNull();
      expect(assignArm({ config, experiment: other, deviceKey: k, segment: null, previous: undefined, now: 0 })).toBeNull();
    }
  });

  it('moves a device whose old assignment is now out of its experiment\'s range to the experiment that holds it', () => {
    const alone = compileDeviceConfig({ ...site, experiments: [site.experiments[0]!] }, { version: 1, publishedAt: '2026-11-01T00:00:00Z', prices: {}, posteriors: {} });
    const key = deviceKeys.find((k) => experimentFor(config, 'hero', k)!.id === 'second')!;
    const before = assignArm({ config: alone, experiment: alone.experiments[0]!, deviceKey: key, segment: null, previous: undefined, now: 0 })!;
    expect(before.experiment).toBe('first');
    expect(assignArm({ config, experiment: config.experiments[0]!, deviceKey: key, segment: null, previous: before, now: 1 })).toBeNull();
    expect(experimentFor(config, 'hero', key)!.id).toBe('second');
  });
});
