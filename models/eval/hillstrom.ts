// `npm run eval:hillstrom`: the uplift learners on Kevin Hillstrom's e-mail test (Womens e-mail vs none,
// outcome visit), 50/50 random splits over several seeds, next to the published class-transformation figure.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../data/csv.ts';
import { encodeRows, learnFeatures } from '../data/encode.ts';
import { ate, qini, upliftAtK } from '../metrics/index.ts';
import { pick, selectArms, split } from '../train/dataset.ts';
import { fitUplift, predictUplift, UPLIFT_METHODS, type LearnerOptions } from '../train/uplift.ts';

// Bundled into node_modules/.cache by run-ts.mjs, so the project root comes from it, not import.meta.url.
const root = process.env.EDGEWISE_ROOT ?? process.cwd();
const file = process.env.HILLSTROM_CSV ?? path.resolve(root, '..', 'shared', 'datasets', 'hillstrom.csv');
const PUBLISHED = 0.0661; // scikit-uplift tutorial: class transformation (XGBoost), uplift@30%
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
// conversion and spend are outcomes too: learning from them would leak the answer.
const FEATURES = ['recency', 'history_segment', 'history', 'mens', 'womens', 'zip_code', 'newbie', 'channel'];

if (!existsSync(file)) {
  process.stdout.write(`skipped: ${file} is absent (see ../shared/datasets/README.md; or set HILLSTROM_CSV)\n`);
  process.exit(0);
}

const table = parseCsv(readFileSync(file, 'utf8'));
const arms = selectArms(table, { column: 'segment', value: 'Womens E-Mail' }, { column: 'segment', value: 'No E-Mail' }, 'visit');
const stats = (v: number[]) => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
  return { mean: Number(mean.toFixed(4)), sd: Number(sd.toFixed(4)), min: Number(Math.min(...v).toFixed(4)), max: Number(Math.max(...v).toFixed(4)) };
};

const results: Record<string, unknown> = {};
const lines = [`Hillstrom: Womens E-Mail (${arms.treated.filter(Boolean).length}) vs No E-Mail (${arms.treated.filter((t) => !t).length}), outcome visit; ${arms.ignored.neitherArm} Mens E-Mail rows ignored`, `50/50 random split, seeds ${SEEDS.join(',')}; logistic L2 1e-3; gbt 100 trees, depth 3, rate 0.05; mean ± sd over seeds`, ''];
const LEARNERS: [string, LearnerOptions][] = [
  ['logistic', { learner: 'logistic', l2: 1e-3 }],
  ['gbt', { learner: 'gbt', gbt: { trees: 100, depth: 3 } }],
];
for (const [learnerName, learner] of LEARNERS) for (const method of UPLIFT_METHODS) {
  const name = `${method} (${learnerName})`;
  const at30: number[] = [];
  const at30overall: number[] = [];
  const q: number[] = [];
  const random: number[] = [];
  for (const seed of SEEDS) {
    const s = split(arms.y.length, 0.5, seed);
    const train = { columns: arms.table.columns, rows: pick(arms.table.rows, s.train) };
    const test = { columns: arms.table.columns, rows: pick(arms.table.rows, s.test) };
    const specs = learnFeatures(train, { features: FEATURES });
    const fit = fitUplift(method, encodeRows(train, specs), pick(arms.y, s.train), pick(arms.treated, s.train), learner);
    const u = predictUplift(fit, encodeRows(test, specs)).uplift;
    const y = pick(arms.y, s.test);
    const t = pick(arms.treated, s.test);
    at30.push(upliftAtK(u, y, t, 0.3));
    at30overall.push(upliftAtK(u, y, t, 0.3, 'overall'));
    q.push(qini(u, y, t));
    random.push(ate(y, t));
  }
  const r = { uplift_at_30: stats(at30), uplift_at_30_overall: stats(at30overall), qini: stats(q), random_ranking: stats(random) };
  results[name] = r;
  lines.push(
    `${name.padEnd(33)} uplift@30% ${r.uplift_at_30.mean} ± ${r.uplift_at_30.sd} (min ${r.uplift_at_30.min}, max ${r.uplift_at_30.max})`,
    `${''.padEnd(33)} uplift@30% overall ${r.uplift_at_30_overall.mean} ± ${r.uplift_at_30_overall.sd}; Qini ${r.qini.mean} ± ${r.qini.sd}`,
  );
}
lines.push('', `published (class transformation, XGBoost): uplift@30% = ${PUBLISHED}; random ranking (ATE) ≈ 0.045`);
process.stdout.write(`${lines.join('\n')}\n\n${JSON.stringify({ published_uplift_at_30: PUBLISHED, seeds: SEEDS, ...results })}\n`);
