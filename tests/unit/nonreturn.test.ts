// Non-return, measured in the simulator's shop (tests/unit/nonreturn-simulation.ts; the figures for all seeds:
// node models/run-ts.mjs tests/studies/nonreturn.ts). Shoppers who come back are the loyal ones, who buy more and
// respond more: complete observations read a week after the test over-state rates and the lift, less the later
// they are read. When the offer itself brings shoppers back, the arms' arrival shares differ and the edge warns.
import { describe, expect, it } from 'vitest';
import { reportingCompleteness } from '../../stats/completeness.ts';
import { DAYS, WINDOW, nonReturnRun } from './nonreturn-simulation.ts';

const readDays = [DAYS + WINDOW, DAYS + 21, DAYS + 56];

describe('non-return in the simulator shop (20,000 shoppers, seed 1)', () => {
  it('over-states rates and the lift on complete observations, less the later results are read', () => {
    const runs = nonReturnRun({ seed: 1, shoppers: 20_000, readDays, extraReturn: 0 });
    const bias = readDays.map((day) => {
      const t = runs.get(day)!;
      const lift = t.offer.bought / t.offer.exposed - t.control.bought / t.control.exposed;
      const complete = t.offer.boughtAndReturned / t.offer.returned - t.control.boughtAndReturned / t.control.returned;
      return { arrived: t.control.returned / t.control.exposed, rateBias: t.control.boughtAndReturned / t.control.returned - t.control.bought / t.control.exposed, liftBias: complete / lift - 1 };
    });
    expect(bias[0]!.arrived).toBeGreaterThan(0.8);
    expect(bias[0]!.arrived).toBeLessThan(0.95);
    expect(bias[0]!.rateBias).toBeGreaterThan(0.005);
    expect(bias[0]!.liftBias).toBeGreaterThan(0.05);
    expect(bias[2]!.liftBias).toBeLessThan(bias[0]!.liftBias);
    expect(bias[2]!.rateBias).toBeLessThan(bias[0]!.rateBias / 4);
  });

  it('shows arrival shares that differ between arms when the offer brings shoppers back, and the edge warns', () => {
    const t = nonReturnRun({ seed: 1, shoppers: 20_000, readDays: [DAYS + WINDOW], extraReturn: 0.1 }).get(DAYS + WINDOW)!;
    const arm = (id: 'control' | 'offer') => ({ id, opened: { '2026-01-05': t[id].exposed }, arrived: { '2026-01-05': t[id].returned } });
    const completeness = reportingCompleteness([arm('control'), arm('offer')], { windowDays: WINDOW, now: Date.parse('2026-03-01') });
    expect(completeness.arms[1]!.share!).toBeGreaterThan(completeness.arms[0]!.share!);
    expect(completeness.warning).toMatch(/^report sets arrived for .* of control, .* of offer/);
    const same = nonReturnRun({ seed: 1, shoppers: 20_000, readDays: [DAYS + WINDOW], extraReturn: 0 }).get(DAYS + WINDOW)!;
    const sameArm = (id: 'control' | 'offer') => ({ id, opened: { '2026-01-05': same[id].exposed }, arrived: { '2026-01-05': same[id].returned } });
    expect(reportingCompleteness([sameArm('control'), sameArm('offer')], { windowDays: WINDOW, now: Date.parse('2026-03-01') }).warning).toBeNull();
  });
});
