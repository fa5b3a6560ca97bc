// `edgewise import-model`: an ONNX file from any trainer to a model folder the edge can serve (model.onnx and
// manifest.json), checked against its features, its score found, the device's engine named; or refused, exit 1.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ImportRefused, OnnxFormatError, importModel } from '../../models/import/index.ts';
import { formatOutputRef } from '../../client-sdk/src/scoring/outputs.ts';
import { CliError, parseOptions, required, type Command } from '../command.ts';

const HELP = `usage: edgewise import-model --onnx F.onnx --role propensity|uplift --features a,b,... --out DIR
       [--id ID] [--output NAME | --output role=NAME[:COLUMN],...] [--column K] [--offers id,...]
       [--source col=profile.path,...] [--source col=profile.path==VALUE] [--fill col=VALUE|missing,...]

Reads the graph and checks it against the features (one float32 input, as many columns as --features, its name
kept in the manifest); finds the score (P(class 1) of a classifier's [N, 2] probabilities or ZipMap, the one
output of a regressor or network, or what --output/--column name); normalises the file for the device (external
weights inlined, a ZipMap replaced by its probabilities); writes DIR/model.onnx and DIR/manifest.json and says
which engine devices will use and why. Anything it cannot score correctly is refused (exit 1) naming why.

  --features  the model's input columns in order: the CSV columns \`score\` reads, and on the device the profile
              attributes of the same name (see models/README.md for the list) unless --source maps them
  --source    col=path reads a profile attribute (recencyDays, categoryAffinity.shoes); col=path==VALUE is a
              one-hot column, 1 when the attribute equals VALUE (topCategory==shoes)
  --fill      what a missing attribute becomes: a number, or "missing" (NaN: the model's own missing-value
              branches). Default: missing for tree ensembles, 0 otherwise
  --output    the output to score (a propensity's probability, an uplift model's uplift), or role=NAME[:COLUMN]
              pairs (p_treatment, p_control, uplift, probability)
  --column    the column of --output to read`;

const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((s: string) => s.split(',')).map((s) => s.trim()).filter(Boolean);

export const command: Command = {
  summary: 'check an ONNX model from any trainer and write the model folder devices score with',
  async run(argv) {
    const { values } = parseOptions(argv, {
      onnx: { type: 'string' }, role: { type: 'string' }, features: { type: 'string' }, out: { type: 'string' }, id: { type: 'string' },
      output: { type: 'string' }, column: { type: 'string' }, offers: { type: 'string' },
      source: { type: 'string', multiple: true }, fill: { type: 'string', multiple: true }, help: { type: 'boolean' },
    });
    if (values.help) return void process.stdout.write(`${HELP}\n`), 0;
    const file = required(values, 'onnx');
    if (!existsSync(file)) throw new CliError(`--onnx: file "${file}" does not exist`);
    const role = required(values, 'role');
    if (role !== 'propensity' && role !== 'uplift') throw new CliError(`--role: expected propensity or uplift, received "${role}"`, 2);
    const features = list(required(values, 'features'));
    const out = required(values, 'out');
    const column = values.column === undefined ? undefined : Number(values.column);
    if (column !== undefined && !(Number.isInteger(column) && column >= 0)) throw new CliError(`--column: expected a column number from 0, received "${values.column}"`, 2);
    const id = values.id ?? path.basename(path.resolve(out)).replace(/[^a-z0-9_-]/gi, '-').slice(0, 64);
    const dir = path.dirname(path.resolve(file));
    let result;
    try {
      result = await importModel(new Uint8Array(readFileSync(file)), {
        id, role, features,
        sources: list(values.source), fills: list(values.fill),
        ...(values.output ? { output: values.output } : {}),
        ...(column !== undefined ? { column } : {}),
        ...(values.offers ? { offers: list(values.offers) } : {}),
        readExternal: (location) => {
          const full = path.resolve(dir, location);
          return existsSync(full) ? new Uint8Array(readFileSync(full)) : undefined;
        },
      });
    } catch (error) {
      if (error instanceof ImportRefused) throw new CliError(`refused ${path.basename(file)}: ${error.message}`);
      if (error instanceof OnnxFormatError) throw new CliError(`refused ${path.basename(file)}: not a well-formed ONNX model: ${error.message}`);
      throw error;
    }
    const { info, manifest } = result;
    const input = info.inputs[0]!;
    const lines = [
      `imported ${path.basename(file)} (${info.producer || 'unknown producer'}; IR ${info.irVersion}; ${Object.entries(info.opsets).map(([d, v]) => `${d || 'ai.onnx'} ${v}`).join(', ')})`,
      `  input    ${input.name} float32 [N, ${features.length}]: ${features.join(', ')}`,
      ...Object.entries(manifest.outputs).map(([r, ref]) => `  score    ${r} = ${formatOutputRef(ref)}: ${result.scores[r]}`),
      `  engine   ${result.engine === 'compact' ? 'compact' : 'onnxruntime-web'}: ${result.engineReason}`,
      ...result.changes.map((c) => `  changed  ${c}`),
      ...result.missing.map((m) => `  missing  ${m}`),
    ];
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'model.onnx'), result.bytes);
    writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    lines.push(`wrote ${path.join(out, 'model.onnx')} (${result.bytes.length} bytes, sha256 ${manifest.sha256}) and ${path.join(out, 'manifest.json')}`);
    for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
