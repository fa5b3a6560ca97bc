// Prints the coverage figures that tests/unit/coverage.test.ts asserts (same seed, same numbers).
// Run: node models/run-ts.mjs tests/studies/coverage.ts [experiments] [units per arm] [seed]
import { privacySchema } from '../../protocol/site-config.ts';
import { coverageStudy } from '../unit/experiment-simulation.ts';

const [experiments = 2000, units = 1000, seed = 2026] = process.argv.slice(2).map(Number);
const { rows, unboundedRatios } = coverageStudy({ experiments, units, seed, privacy: privacySchema.parse({ k: 1 }) });
process.stdout.write(`${experiments} experiments, ${units} units per arm, seed ${seed}, epsilon ln 3 + ln 3, revenue levels [0, 200]\n`);
process.stdout.write(`${'estimate'.padEnd(30)} coverage  mean error   sd of error\n`);
for (const r of rows) process.stdout.write(`${r.name.padEnd(30)} ${(r.coverage * 100).toFixed(1).padStart(6)}%  ${r.meanError.toExponential(2).padStart(10)}  ${r.sd.toExponential(2)}\n`);
process.stdout.write(`relative lift interval unbounded in ${(unboundedRatios * 100).toFixed(1)}% of experiments\n`);
