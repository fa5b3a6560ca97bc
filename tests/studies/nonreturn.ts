// How far does non-return move the estimates? Prints, per read day, the share of report sets that arrived per arm
// and the rates and lift that complete observations show against the truth (tests/unit/nonreturn-simulation.ts).
// Run: node models/run-ts.mjs tests/studies/nonreturn.ts [shoppers] [seeds]
import { DAYS, OFFER, WINDOW, blank, nonReturnRun, type Tally } from '../unit/nonreturn-simulation.ts';

const [shoppers = 20_000, seeds = 3] = process.argv.slice(2).map(Number);
const pct = (x: number, d = 2) => `${(x * 100).toFixed(d)}%`;
const readDays = [DAYS + WINDOW, DAYS + 21, DAYS + 56];
for (const [label, extra] of [['return independent of the arm', 0], ['the offer brings shoppers back 10% more often', 0.1]] as const) {
  process.stdout.write(`\n${label} (${shoppers} shoppers, seeds 1-${seeds}, 28-day test of ${OFFER}, 7-day window)\n`);
  process.stdout.write('read on day | arrived control / offer | rate control: all, complete | rate offer: all, complete | lift: all, complete, bias\n');
  const sums = new Map(readDays.map((d) => [d, { control: blank(), offer: blank() }]));
  for (let seed = 1; seed <= seeds; seed++)
    for (const [day, t] of nonReturnRun({ seed, shoppers, readDays, extraReturn: extra }))
      for (const arm of ['control', 'offer'] as const)
        for (const k of Object.keys(t[arm]) as (keyof Tally)[]) sums.get(day)![arm][k] += t[arm][k];
  for (const [day, t] of sums) {
    const all = (a: Tally) => a.bought / a.exposed;
    const complete = (a: Tally) => a.boughtAndReturned / a.returned;
    const lift = all(t.offer) - all(t.control);
    const liftComplete = complete(t.offer) - complete(t.control);
    process.stdout.write(
      `${String(day).padStart(11)} | ${pct(t.control.returned / t.control.exposed, 1)} / ${pct(t.offer.returned / t.offer.exposed, 1)}` +
        ` | ${pct(all(t.control))}, ${pct(complete(t.control))} | ${pct(all(t.offer))}, ${pct(complete(t.offer))}` +
        ` | ${pct(lift)}, ${pct(liftComplete)}, ${liftComplete >= lift ? '+' : ''}${((liftComplete / lift - 1) * 100).toFixed(0)}% of the lift\n`,
    );
  }
}
