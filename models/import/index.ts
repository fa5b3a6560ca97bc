// Importing a model exported by any trainer (scikit-learn, LightGBM, XGBoost, PyTorch): check it against the
// features it is said to read, find its score, normalise it for the device, say which engine will run it and why,
// and write the manifest. Anything that cannot be scored correctly is refused with a message naming why.
import { createHash } from 'node:crypto';
import { createModel } from '../../client-sdk/src/scoring/index.ts';
import { decodeModel, type OnnxGraph, type Tensor } from '../../client-sdk/src/scoring/decode.ts';
import { Unsupported, compile, neededNodes } from '../../client-sdk/src/scoring/evaluate.ts';
import { columnOf, formatOutputRef, outputName, outputNames, widthOf } from '../../client-sdk/src/scoring/outputs.ts';
import { modelManifestSchema, type ModelManifest, type OutputRef } from '../../protocol/index.ts';
import { rng } from '../train/dataset.ts';
import { OnnxFormatError, readOnnx, type OnnxInfo } from '../onnx/read.ts';
import { normaliseModel, type ExternalReader } from '../onnx/rewrite.ts';
import { featureSpecs, missingValueHandling, parseFills, parseSources, unmappedWarning } from './features.ts';
import { ImportRefused, findScore } from './score.ts';

export { ImportRefused } from './score.ts';

export interface ImportOptions {
  id: string;
  role: 'propensity' | 'uplift';
  /** Input columns in order: the CSV columns `score` reads, and profile attributes unless --source maps them. */
  features: string[];
  /** `col=path` or `col=path==value` pairs. */
  sources?: string[];
  /** `col=VALUE` or `col=missing` pairs. */
  fills?: string[];
  /** The main role's output (or `role=name[:column]` pairs for several roles) and column. */
  output?: string;
  column?: number;
  offers?: string[];
  /** Reads a weights file the model refers to (external data), by its location beside the model. */
  readExternal?: ExternalReader;
}

export interface ImportResult {
  bytes: Uint8Array;
  manifest: ModelManifest;
  engine: 'compact' | 'ort';
  /** Why that engine, in a sentence. */
  engineReason: string;
  info: OnnxInfo;
  /** What import changed in the file. */
  changes: string[];
  /** Role -> how its value was found. */
  scores: Record<string, string>;
  missing: string[];
  warnings: string[];
}

/** The role a model's main score fills. */
const MAIN_ROLE = { propensity: 'probability', uplift: 'uplift' } as const;
const ROLES = new Set(['probability', 'uplift', 'p_treatment', 'p_control']);

/** `role=name[:column]` pairs of --output, or undefined when --output is a plain output name. */
function roleOutputs(output: string | undefined): Record<string, { output: string; column?: number }> | undefined {
  if (!output?.includes('=')) return undefined;
  const out: Record<string, { output: string; column?: number }> = {};
  for (const pair of output.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [role, target] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
    if (!ROLES.has(role)) throw new ImportRefused(`--output ${pair}: unknown role "${role}" (roles: ${[...ROLES].join(', ')})`);
    const colon = target.lastIndexOf(':');
    const column = colon > 0 && /^\d+$/.test(target.slice(colon + 1)) ? Number(target.slice(colon + 1)) : undefined;
    out[role] = { output: column === undefined ? target : target.slice(0, colon), ...(column !== undefined ? { column } : {}) };
  }
  return out;
}

/** Rows the import runs both engines on: plain values, a spread, and a missing value. */
function probeRows(width: number): Float64Array[] {
  const random = rng(7);
  const rows = [0, 1, -1].map((v) => new Float64Array(width).fill(v));
  rows.push(Float64Array.from({ length: width }, (_, i) => i));
  for (let r = 0; r < 12; r++) rows.push(Float64Array.from({ length: width }, () => Math.round((random() * 8 - 2) * 100) / 100));
  rows.push(Float64Array.from({ length: width }, (_, i) => (i === 0 ? NaN : 1)));
  return rows;
}

/** Actual column counts of the float outputs (declared shapes are not always right), from one run on a zero row. */
async function outputWidths(graph: OnnxGraph, info: OnnxInfo, bytes: Uint8Array, width: number): Promise<Record<string, number>> {
  const names = info.outputs.filter((o) => o.kind === 'tensor').map((o) => o.name);
  const inputName = info.inputs[0]!.name;
  let out: Record<string, Tensor>;
  try {
    out = compile(graph, width, { inputName, outputs: names })([new Float64Array(width)]);
  } catch (error) {
    if (!(error instanceof Unsupported)) throw new ImportRefused((error as Error).message);
    try {
      const model = await createModel(manifestFor(info, width, Object.fromEntries(names.map((n) => [n, n]))), bytes, { engine: 'ort' });
      out = await model.run([new Float64Array(width)]);
    } catch (ortError) {
      throw new ImportRefused(`neither engine can run this model: the compact evaluator lacks ${(error as Error).message}, and onnxruntime says: ${(ortError as Error).message}`);
    }
  }
  return Object.fromEntries(Object.entries(out).map(([name, t]) => [name, widthOf(t)]));
}

/** A throwaway manifest for running the model while importing it. */
function manifestFor(info: OnnxInfo, width: number, outputs: Record<string, OutputRef>): ModelManifest {
  return {
    id: 'import', kind: 'propensity', sha256: '0'.repeat(64), inputName: info.inputs[0]!.name, offers: [], metrics: {}, outputs,
    inputs: Array.from({ length: width }, (_, i) => ({ kind: 'numeric' as const, name: `x${i}`, source: `x${i}`, fill: 0 })),
  };
}

/** Graphs whose inputs reach only tree ensembles (or an Imputer first): a missing value has its own branch there. */
function handlesMissing(info: OnnxInfo): boolean {
  const ops = info.nodes.map((n) => n.op);
  return ops.includes('Imputer') || ops.every((op) => ['TreeEnsembleClassifier', 'TreeEnsembleRegressor', 'Cast', 'Identity', 'ZipMap'].includes(op));
}

/** One cell of an output, NaN included (a probe row with a missing value may give NaN on both engines). */
const cell = (out: Record<string, Tensor>, ref: OutputRef, row: number) => {
  const t = out[outputName(ref)]!;
  return t.data[row * widthOf(t) + (columnOf(ref) ?? 0)]!;
};
const same = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-5;

/**
 * Imports an exported model. Throws ImportRefused (or OnnxFormatError) naming what cannot be scored correctly.
 * @example const result = await importModel(bytes, { id: 'visit', role: 'propensity', features: ['recency', 'history'] })
 */
export async function importModel(raw: Uint8Array, options: ImportOptions): Promise<ImportResult> {
  const changes: string[] = [];
  const warnings: string[] = [];
  readOnnx(raw);
  let normalised;
  try {
    normalised = normaliseModel(raw, options.readExternal);
  } catch (error) {
    throw new ImportRefused((error as Error).message);
  }
  const bytes = normalised.bytes;
  if (normalised.inlined.length) changes.push(`inlined the external weights of ${normalised.inlined.join(', ')} (the device fetches one file)`);
  for (const z of normalised.unzipped) changes.push(`replaced the ZipMap of "${z.output}" by its [N, ${z.labels.length}] probabilities (onnxruntime-web cannot return a ZipMap's maps)`);
  const info = readOnnx(bytes);

  // The input: one float32 [N, features] tensor, as the device feeds it.
  if (info.inputs.length !== 1) throw new ImportRefused(`the model has ${info.inputs.length} inputs (${info.inputs.map((i) => `${i.name} ${i.type}`).join(', ')}); the device feeds one float32 [N, features] input`);
  const input = info.inputs[0]!;
  const width = options.features.length;
  if (input.kind !== 'tensor' || input.elem !== 'float') throw new ImportRefused(`input "${input.name}" is ${input.type}; the device feeds float32: export with a float32 input (skl2onnx: a float32 sample, onnxmltools: FloatTensorType)`);
  if (input.dims && input.dims.length !== 2) throw new ImportRefused(`input "${input.name}" is ${input.type}; the device feeds [N, features]`);
  const declared = input.dims?.[1];
  if (typeof declared === 'number' && declared !== width)
    throw new ImportRefused(`input "${input.name}" takes ${declared} columns; --features names ${width}${width ? ` (${options.features.join(', ')})` : ''}`);
  if (new Set(options.features).size !== width) throw new ImportRefused(`--features names a column twice: ${options.features.filter((f, i) => options.features.indexOf(f) !== i).join(', ')}`);

  const graph = decodeModel(bytes);
  const widths = await outputWidths(graph, info, bytes, width);

  // The score of each role.
  const mapped = roleOutputs(options.output);
  if (mapped && options.column !== undefined) throw new ImportRefused('--column goes with a plain --output NAME; with role=NAME pairs write role=NAME:COLUMN');
  const wanted = mapped ?? { [MAIN_ROLE[options.role]]: { ...(options.output ? { output: options.output } : {}), ...(options.column !== undefined ? { column: options.column } : {}) } };
  if (options.role === 'propensity' && Object.keys(wanted).some((r) => r !== 'probability' && r !== 'p_control'))
    throw new ImportRefused(`a propensity model gives "probability"; --output names ${Object.keys(wanted).join(', ')}`);
  const outputs: Record<string, OutputRef> = {};
  const scores: Record<string, string> = {};
  for (const [role, explicit] of Object.entries(wanted)) {
    const found = findScore(info, graph, widths, explicit);
    outputs[role] = found.ref;
    scores[role] = found.how;
    if (found.regression && role !== 'uplift') warnings.push(`${role} is a regression value, not a class probability: the device clips it to [0, 1]`);
  }

  // The features: profile attributes on the device, and what a missing one becomes.
  let specs;
  try {
    const sources = parseSources(options.sources ?? [], options.features);
    const fills = parseFills(options.fills ?? [], options.features);
    const missing = handlesMissing(info) ? null : 0;
    for (const f of options.features) if (!(f in fills)) fills[f] = missing;
    specs = featureSpecs(options.features, sources, fills);
  } catch (error) {
    throw error instanceof ImportRefused ? error : new ImportRefused((error as Error).message);
  }
  const unmapped = unmappedWarning(specs);
  if (unmapped) warnings.push(unmapped);

  // The engine: the compact evaluator when it runs every op the outputs need (checked against onnxruntime on
  // probe rows), else onnxruntime-web.
  const manifest = modelManifestSchema.parse({
    id: options.id, kind: options.role, method: `imported ${info.producer}`.trim().slice(0, 64),
    sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length,
    inputs: specs, inputName: input.name, outputs, offers: options.offers ?? [], metrics: {},
  });
  const probe = probeRows(width);
  let engine: 'compact' | 'ort' = 'compact';
  let engineReason: string;
  let ort;
  try {
    ort = await createModel(manifest, bytes, { engine: 'ort' });
  } catch (error) {
    ort = error as Error;
  }
  try {
    const names = outputNames(outputs);
    const run = compile(graph, width, { inputName: input.name, outputs: names });
    const used = [...new Set(neededNodes(graph, names).map((n) => n.op))];
    engineReason = `the compact evaluator runs every op the score needs (${used.join(', ')}): no wasm download`;
    if (ort instanceof Error) warnings.push(`onnxruntime cannot load this model (${ort.message}); the compact evaluator runs it, with no fallback`);
    else {
      const [a, b] = [run(probe), await ort.run(probe)];
      for (const [role, ref] of Object.entries(outputs))
        probe.forEach((_, r) => {
          const [x, y] = [cell(a, ref, r), cell(b, ref, r)];
          if (!same(x!, y!)) throw new ImportRefused(`the compact evaluator and onnxruntime disagree on ${role} (${formatOutputRef(ref)}): ${x} against ${y} on a test row; please report this model`);
        });
    }
  } catch (error) {
    if (error instanceof ImportRefused) throw error;
    if (!(error instanceof Unsupported)) throw new ImportRefused((error as Error).message);
    if (ort instanceof Error) throw new ImportRefused(`neither engine can run this model: the compact evaluator lacks ${error.message}, and onnxruntime says: ${ort.message}`);
    engine = 'ort';
    engineReason = `the compact evaluator lacks ${error.message}: devices download onnxruntime-web's wasm (a 14 MB file, once) to run it`;
  }
  return { bytes, manifest, engine, engineReason, info, changes, scores, missing: missingValueHandling(specs), warnings };
}

export { OnnxFormatError };
