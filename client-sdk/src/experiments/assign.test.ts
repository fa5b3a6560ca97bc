// Assignment: the documented hash, balance, stickiness, namespaces and the global holdout.
import { describe, expect, it } from 'vitest';
import type { DeviceConfig } from '../../../protocol/device-config.ts';
import type { Experiment } from '../../../protocol/experiments.ts';
import { demoConfig } from '../testing/fixtures.ts';
import { HOLDOUT_ARM, assignArm, bucket, fnv1a32, inGlobalHoldout, newDeviceKey } from './index.ts';

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
