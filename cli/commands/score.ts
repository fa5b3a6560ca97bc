// `edgewise score`: the input rows, in order, with the model's outputs appended, computed by the SDK runtime.
import { readFileSync, writeFileSync } from 'node:fs';
import { formatCsv, parseCsv } from '../../models/data/csv.ts';
import { readModelDir, scoreTable } from '../../models/pipeline/model-dir.ts';
import { CliError, parseOptions, required, type Command } from '../command.ts';

const HELP = `usage: edgewise score --model DIR --data F.csv --out G.csv [--engine auto|ort]

Writes G.csv: every input row in order, its columns plus uplift, p_treatment, p_control (uplift models) or
probability (propensity models), read from the output and column the manifest names (9 significant digits: a
float32 exactly); a per-offer role adds role:offer columns. Cells a model does not produce are left empty. Scores come from the SDK's
scoring runtime (compact evaluator, or onnxruntime-web when the graph needs it; --engine ort forces it).`;

export const command: Command = {
  summary: "score a CSV file with a trained model, using the SDK's runtime",
  async run(argv) {
    const { values } = parseOptions(argv, {
      model: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, engine: { type: 'string' }, help: { type: 'boolean' },
    });
    if (values.help) return void process.stdout.write(`${HELP}\n`), 0;
    const engine = values.engine ?? 'auto';
    if (engine !== 'auto' && engine !== 'ort') throw new CliError(`--engine: expected auto or ort, received "${engine}"`, 2);
    try {
      const { manifest, bytes } = readModelDir(required(values, 'model'));
      const table = parseCsv(readFileSync(required(values, 'data'), 'utf8'));
      const { roles, engine: used } = await scoreTable(table, manifest, bytes, { engine });
      const named = manifest.kind === 'uplift' ? ['uplift', 'p_treatment', 'p_control'] : ['probability'];
      // Per-offer columns of a pooled model come after the fixed ones, as role:offer.
      const added = [...named, ...Object.keys(roles).filter((key) => !named.includes(key))];
      const clash = added.find((c) => table.columns.includes(c));
      if (clash) throw new CliError(`--data already has a column "${clash}"; rename it before scoring`);
      const rows = table.rows.map((row, i) => [...row, ...added.map((role) => (roles[role] ? Number(roles[role]![i]!.toPrecision(9)) : null))]);
      writeFileSync(required(values, 'out'), formatCsv([...table.columns, ...added], rows));
      process.stdout.write(`scored ${table.rows.length} rows with ${manifest.id} (${used} engine) -> ${values.out}\n`);
      return 0;
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError((error as Error).message);
    }
  },
};
