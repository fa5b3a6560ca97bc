// Holdback decisions end to end in Node: the device's own unit code (openUnit, closeUnits) opens a unit per
// decision and reports it after its window; the edge's counter and holdbackAggregates estimate every (offer,
// decile, shown) cell. The estimates must land on the truth within their own stated variance.
import { describe, expect, it } from 'vitest';
import { privacySchema } from '../../protocol/site-config.ts';
import { Outbox, closeUnits, openUnit, type OutcomeContext, type UnitPlace } from '../../client-sdk/src/sync/index.ts';
import { mulberry32 } from '../../stats/prng.ts';
import { ReportCounter } from '../../worker/src/outcomes/cells.ts';
import { holdbackAggregates } from '../../worker/src/results/holdback.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-10T10:00:00Z');
const privacy = privacySchema.parse({ revenueLevels: [0, 100] });

describe('holdback aggregates', () => {
  it('estimates conversion rate and revenue per unit of each cell, within their variance, from complete units only', async () => {
    const rng = mulberry32(42);
    const counter = new ReportCounter();
    // Two cells: the offer shown converts 12% of the time, held back 8%; a buyer spends U(0, 100).
    const truth = { true: 0.12, false: 0.08 };
    const n = 6000;
    for (let i = 0; i < n; i++) {
      const shown = i % 2 === 0;
      const place: UnitPlace = { store: null, memory: { units: [], budget: null, events: [] } };
      const ctx = (now: number): OutcomeContext => ({ privacy, attributionDays: 7, holdbackDays: 1, now, random: rng });
      const outbox = new Outbox();
      const opened = await openUnit(place, { kind: 'holdback', offer: 'new-arrivals', decile: 9, shown }, ctx(T0), 1, outbox);
      counter.ingest('2026-11-10', [opened!]);
      if (rng() < truth[`${shown}`]) place.memory.events.push({ t: T0 + 3_600_000, type: 'purchase', value: 100 * rng(), items: [] });
      // A late purchase, after the 1-day window, never counts.
      place.memory.events.push({ t: T0 + 2 * DAY, type: 'purchase', value: 80, items: [] });
      // One device in ten never comes back: its report set never arrives.
      if (Math.floor(i / 2) % 10 !== 9) counter.ingest('2026-11-12', await closeUnits(place, ctx(T0 + 2 * DAY), outbox));
    }
    // Another decision today: still pending.
    counter.ingest('2026-11-12', [{ kind: 'holdback', offer: 'new-arrivals', decile: 9, shown: true }]);
    const cells = holdbackAggregates(counter.cells(), { privacy, holdbackDays: 1 }, T0 + 2 * DAY);
    expect(cells.map((c) => [c.offer, c.decile, c.shown, c.units, c.opened, c.pending])).toEqual([
      ['new-arrivals', 9, true, 2700, 3001, 1],
      ['new-arrivals', 9, false, 2700, 3000, 0],
    ]);
    for (const cell of cells) {
      const rate = truth[`${cell.shown}`];
      expect(Math.abs(cell.conversionRate - rate)).toBeLessThan(4 * Math.sqrt(cell.conversionRateVariance));
      expect(Math.abs(cell.revenuePerUnit - rate * 50)).toBeLessThan(4 * Math.sqrt(cell.revenuePerUnitVariance));
      expect(cell.arrivedShare).toBeCloseTo(0.9, 12);
      // The variance includes the mechanism's: at ε = ln 3 and a 10% rate, about 9 times the binomial p(1−p)/n.
      expect(cell.conversionRateVariance).toBeGreaterThan((5 * rate * (1 - rate)) / cell.units);
    }
  });
});
