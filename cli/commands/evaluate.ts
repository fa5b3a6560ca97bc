// `edgewise evaluate`: AUC, Qini coefficient and uplift@k of a trained model on labelled data.
import { readFileSync } from 'node:fs';
import { parseCsv } from '../../models/data/csv.ts';
import { evaluateModel } from '../../models/pipeline/evaluate.ts';
import { readModelDir } from '../../models/pipeline/model-dir.ts';
import { parseArm } from '../../models/train/dataset.ts';
import { CliError, parseOptions, required, type Command } from '../command.ts';

const HELP = `usage: edgewise evaluate --model DIR --data F.csv [--treatment COL=VALUE --control COL=VALUE]
       [--outcome COL] [--k 0.1,0.3] [--json]

Arms and outcome default to those the model was trained with (DIR/training.json). Uplift models report Qini,
uplift@k (per arm, as scikit-uplift's default, and overall), the ATE a random ranking scores, and the AUC of
p_treatment and p_control on their own arms; propensity models report AUC.`;

export const command: Command = {
  summary: 'report AUC, Qini coefficient and uplift@k of a model on labelled data',
  async run(argv) {
    const { values } = parseOptions(argv, {
      model: { type: 'string' }, data: { type: 'string' }, treatment: { type: 'string' }, control: { type: 'string' },
      outcome: { type: 'string' }, k: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' },
    });
    if (values.help) return void process.stdout.write(`${HELP}\n`), 0;
    const ks = (values.k ?? '0.1,0.3').split(',').map(Number);
    if (ks.some((k) => !(k > 0 && k <= 1))) throw new CliError(`--k: expected shares between 0 and 1, received "${values.k}"`, 2);
    try {
      const model = readModelDir(required(values, 'model'));
      const trained = model.training;
      const outcome = values.outcome ?? trained?.outcome;
      if (!outcome) throw new CliError('missing required option --outcome (the model folder has no training.json to take it from)', 2);
      const treatment = values.treatment ? parseArm(values.treatment, '--treatment') : trained?.treatment;
      const control = values.control ? parseArm(values.control, '--control') : trained?.control;
      if (!!treatment !== !!control) throw new CliError('pass both --treatment and --control, or neither', 2);
      const table = parseCsv(readFileSync(required(values, 'data'), 'utf8'));
      const metrics = await evaluateModel(model, table, { outcome, ks, ...(treatment && control ? { treatment, control } : {}) });
      if (values.json) process.stdout.write(`${JSON.stringify(metrics)}\n`);
      else for (const [k, v] of Object.entries(metrics)) process.stdout.write(`${k.padEnd(22)} ${Number.isInteger(v) ? v : v.toFixed(4)}\n`);
      return 0;
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError((error as Error).message);
    }
  },
};
