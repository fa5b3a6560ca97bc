// `edgewise train-uplift`: trains a T-learner or class-transformation uplift model from a CSV file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../../models/data/csv.ts';
import { trainUpliftModel } from '../../models/pipeline/index.ts';
import { parseArm } from '../../models/train/dataset.ts';
import { UPLIFT_METHODS, type UpliftMethod } from '../../models/train/uplift.ts';
import { CliError, parseOptions, required, type Command } from '../command.ts';
import { commonTrainingOptions, readCommon, reportModel, TRAINING_HELP } from './training-options.ts';

const HELP = `usage: edgewise train-uplift --data F.csv --treatment COL=VALUE --control COL=VALUE --outcome COL --out DIR
       [--method t-learner|class-transformation] ${TRAINING_HELP}

Writes DIR/model.onnx, DIR/manifest.json, DIR/training.json and DIR/MODEL_CARD.md. Rows in neither arm are ignored.`;

export const command: Command = {
  summary: 'train an uplift model (T-learner or class transformation) from a CSV file',
  async run(argv) {
    const { values } = parseOptions(argv, {
      ...commonTrainingOptions,
      treatment: { type: 'string' },
      control: { type: 'string' },
      method: { type: 'string' },
    });
    if (values.help) return void process.stdout.write(`${HELP}\n`), 0;
    const method = (values.method ?? 't-learner') as UpliftMethod;
    if (!UPLIFT_METHODS.includes(method)) throw new CliError(`--method: expected ${UPLIFT_METHODS.join(' or ')}, received "${method}"`, 2);
    const common = readCommon(values);
    const table = parseCsv(readFileSync(common.data, 'utf8'));
    try {
      const model = trainUpliftModel(table, {
        ...common,
        data: path.basename(common.data),
        treatment: parseArm(required(values, 'treatment'), '--treatment'),
        control: parseArm(required(values, 'control'), '--control'),
        method,
      });
      reportModel(common.out, model);
      return 0;
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError((error as Error).message);
    }
  },
};
