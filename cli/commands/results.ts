// `edgewise results`: per experiment and arm, rates with intervals, lift, probability to beat control, tests.
import type { ExperimentReport } from '../admin-client.ts';
import { adminCommand } from '../admin-command.ts';
import { reportingLine, trafficLine } from '../results-text.ts';

const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '-' : `${(x * 100).toFixed(digits)}%`);
const interval = (ci: [number, number] | null) => (ci ? `[${pct(ci[0])}, ${pct(ci[1])}]` : '-');

/** A fixed-width table of one experiment, readable in a CI log. */
export function formatExperiment(e: ExperimentReport): string {
  const head = `${e.id} (slot ${e.slot}, ${e.status}${e.bandit ? ', bandit' : ''}; control ${e.control})`;
  const rows = e.arms.map((a) =>
    a.hidden
      ? `  ${a.id.padEnd(16)} hidden (fewer than k=${e.k} reports)`
      : `  ${a.id.padEnd(16)} n=${String(a.exposures).padEnd(8)} rate ${pct(a.rate, 2).padEnd(8)} ${interval(a.rateCi).padEnd(18)}` +
        (a.revenuePerExposure === null ? '' : ` revenue/exposure ${a.revenuePerExposure.toFixed(2)}`) +
        (a.control ? ' control' : ` lift ${pct(a.absoluteLift, 2)} ${interval(a.ci)} p=${a.pValue?.toFixed(4) ?? '-'} P(beat)=${pct(a.probBeatsControl)} sequential ${a.sequential?.status ?? '-'}`),
  );
  const srm = e.srm && e.srm.pValue < 0.001 ? [`  WARNING sample-ratio mismatch: chi2=${e.srm.chi2.toFixed(1)}, p=${e.srm.pValue.toExponential(2)}; check assignment before trusting these numbers`] : [];
  const arrivals = e.reporting.arms
    .filter((a) => a.opened !== null)
    .map((a) => `${a.id} ${a.share === null ? '-' : pct(a.share)} of ${a.due ?? 0} closed, ${a.pending ?? 0} pending`);
  const notes = [
    `  ${trafficLine(e)}`,
    `  ${reportingLine(e)}`,
    ...(arrivals.length ? [`  reports arrived: ${arrivals.join('; ')}`] : []),
    ...(e.reporting.warning ? [`  WARNING ${e.reporting.warning}`] : []),
  ];
  return [head, ...notes, ...rows, ...srm].join('\n');
}

export const command = adminCommand({
  summary: 'show experiment results of a site: rates, intervals, lift, probability to beat control, SRM',
  usage: `edgewise results [--json]
Per experiment and arm of the published version. --json prints the API answer.`,
  options: { json: { type: 'boolean' } },
  async run(api, values) {
    const answer = await api.results();
    if (values.json) process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    else {
      const blocks = answer.experiments.map(formatExperiment);
      process.stdout.write(`${api.target.site} version ${answer.version}\n${blocks.join('\n\n') || 'no experiments'}\n`);
    }
    return 0;
  },
});
