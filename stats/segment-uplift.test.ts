import { describe, expect, it } from 'vitest';
import { segmentUplift, type UpliftArm } from './segment-uplift.ts';

const arms: UpliftArm[] = [
  { id: 'ctl', policy: 'control' },
  { id: 'ten', policy: 'offer', offerId: 'ten-off' },
  { id: 'auto', policy: 'personalised' },
];

describe('segment uplift with shrinkage', () => {
  it('keeps a large segment near its own estimate and pulls a tiny one to the pooled prior', () => {
    const { observedUplift, estimates } = segmentUplift(arms, [
      { segment: 'loyal', arm: 'ctl', exposures: 20_000, conversions: 1_000 },
      { segment: 'loyal', arm: 'ten', exposures: 20_000, conversions: 1_400 },
      { segment: 'new', arm: 'ctl', exposures: 10, conversions: 0 },
      { segment: 'new', arm: 'ten', exposures: 10, conversions: 3 },
    ]);
    const loyal = estimates.find((e) => e.segment === 'loyal' && e.key === 'ten-off')!;
    expect(loyal.observed).toBeCloseTo(0.02, 12);
    expect(loyal.weight).toBeGreaterThan(0.98);
    const newcomers = estimates.find((e) => e.segment === 'new' && e.key === 'ten-off')!;
    expect(newcomers.observed).toBeCloseTo(0.3, 12);
    expect(newcomers.prior).toBeCloseTo(observedUplift['*']!['ten-off']!, 12);
    expect(newcomers.weight).toBeLessThan(0.05);
    expect(Math.abs(observedUplift.new!['ten-off']! - newcomers.prior)).toBeLessThan(0.05 * 0.3);
    // The formula, spelled out: prior + τ²/(τ² + V) · (observed − prior).
    const w = 0.02 ** 2 / (0.02 ** 2 + newcomers.variance);
    expect(observedUplift.new!['ten-off']).toBeCloseTo(newcomers.prior + w * (0.3 - newcomers.prior), 12);
  });

  it('falls back to the prior where an arm has no data, keys arms without an offer by arm id, and takes given priors', () => {
    const { observedUplift } = segmentUplift(
      arms,
      [
        { segment: 'vip', arm: 'ctl', exposures: 500, conversions: 50 },
        { segment: 'vip', arm: 'auto', exposures: 500, conversions: 60 },
      ],
      { prior: { vip: { 'ten-off': 0.015 } } },
    );
    expect(observedUplift.vip!['ten-off']).toBe(0.015);
    expect(Object.keys(observedUplift.vip!).sort()).toEqual(['auto', 'ten-off']);
  });

  it('debiases randomised-response counts and widens the variance accordingly', () => {
    const cells = [
      { segment: 's', arm: 'ctl', exposures: 4_000, conversions: 1_100 },
      { segment: 's', arm: 'ten', exposures: 4_000, conversions: 1_180 },
    ];
    const noisy = segmentUplift(arms.slice(0, 2), cells, { epsilon: Math.log(3) }).estimates.find((e) => e.segment === 's')!;
    const exact = segmentUplift(arms.slice(0, 2), cells).estimates.find((e) => e.segment === 's')!;
    expect(noisy.observed).toBeCloseTo((1180 - 1100) / 4000 / 0.5, 12);
    expect(noisy.variance).toBeGreaterThan(3.9 * exact.variance);
  });

  it('names the problem when there is no control arm', () => {
    expect(() => segmentUplift([{ id: 'a', policy: 'offer', offerId: 'x' }], [])).toThrow(
      'control: expected an arm with policy "control" or a control arm id, received undefined',
    );
  });
});
