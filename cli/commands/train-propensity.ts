// `edgewise train-propensity`: trains a plain response model P(outcome | features) from a CSV file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../../models/data/csv.ts';
import { trainPropensityModel } from '../../models/pipeline/index.ts';
import { CliError, parseOptions, type Command } from '../command.ts';
import { commonTrainingOptions, readCommon, reportModel, TRAINING_HELP } from './training-options.ts';

const HELP = `usage: edgewise train-propensity --data F.csv --outcome COL --out DIR ${TRAINING_HELP}

Writes DIR/model.onnx (output "probability"), DIR/manifest.json, DIR/training.json and DIR/MODEL_CARD.md.`;

export const command: Command = {
  summary: 'train a propensity (response) model from a CSV file',
  async run(argv) {
    const { values } = parseOptions(argv, commonTrainingOptions);
    if (values.help) return void process.stdout.write(`${HELP}\n`), 0;
    const common = readCommon(values);
    const table = parseCsv(readFileSync(common.data, 'utf8'));
    try {
      const model = trainPropensityModel(table, { ...common, data: path.basename(common.data) });
      reportModel(common.out, model);
      return 0;
    } catch (error) {
      throw new CliError((error as Error).message);
    }
  },
};
