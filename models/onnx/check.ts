// Does a manifest match its model file? Input name and width, the outputs its roles read (present, float
// tensors, wide enough), and input sources that are profile attributes. The edge runs it at publish, the CLI when
// it reads a model folder; each problem carries the manifest path it is about.
import { featureSourceProblem, type ModelManifest } from '../../protocol/index.ts';
import { didYouMeanAny } from '../../protocol/suggest.ts';
import type { OnnxInfo } from './read.ts';

/** The roles a device reads from a model's outputs. */
const MODEL_ROLES = ['p_treatment', 'p_control', 'uplift', 'probability'] as const;

export interface ManifestProblem {
  /** Path inside the manifest, e.g. ['outputs', 'probability'] or ['inputs', 3, 'source']. */
  path: (string | number)[];
  message: string;
}

/**
 * Every way `manifest` does not fit `info` (the model file it names). With `profile: false` the input sources are
 * not checked (the CLI scores CSV columns, which need not be profile attributes).
 * @example manifestProblems(manifest, readOnnx(bytes))[0] // { path: ['outputs', 'probability'], message: '...' }
 */
export function manifestProblems(manifest: ModelManifest, info: OnnxInfo, options: { profile?: boolean } = {}): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });
  if (info.externalData.length)
    add(['sha256'], `the model keeps weights in an external file (${info.externalData.map((e) => e.location).join(', ')}), which devices never get: import it with \`edgewise import-model\`, which inlines them`);
  const inputName = manifest.inputName ?? 'input';
  if (info.inputs.length !== 1) add(['inputName'], `the model has ${info.inputs.length} inputs (${info.inputs.map((i) => i.name).join(', ')}); devices feed one float32 [N, features]`);
  else {
    const input = info.inputs[0]!;
    if (input.name !== inputName) add(['inputName'], `the model's input is "${input.name}", not "${inputName}"`);
    if (input.kind !== 'tensor' || input.elem !== 'float') add(['inputName'], `the model's input "${input.name}" is ${input.type}; devices feed float32`);
    const width = input.dims?.at(-1);
    if (typeof width === 'number' && width !== manifest.inputs.length)
      add(['inputs'], `the model's input "${input.name}" takes ${width} columns; the manifest lists ${manifest.inputs.length} inputs`);
  }
  const names = info.outputs.map((o) => o.name);
  for (const [role, ref] of Object.entries(manifest.outputs)) {
    if (!(MODEL_ROLES as readonly string[]).includes(role)) add(['outputs', role], `unknown role "${role}"${didYouMeanAny(role, MODEL_ROLES)} (roles: ${MODEL_ROLES.join(', ')})`);
    const name = typeof ref === 'string' ? ref : ref.name;
    const output = info.outputs.find((o) => o.name === name);
    if (!output) {
      add(['outputs', role], `the model has no output "${name}"${didYouMeanAny(name, names)} (outputs: ${names.join(', ')})`);
      continue;
    }
    if (output.kind === 'seq' || output.kind === 'map') {
      add(['outputs', role], `output "${name}" is a ZipMap's ${output.type}, which onnxruntime-web cannot return: import the model with \`edgewise import-model\` (it reads the probabilities instead) or export with zipmap=False`);
      continue;
    }
    if (output.kind !== 'tensor' || (output.elem !== 'float' && output.elem !== 'double')) {
      add(['outputs', role], `output "${name}" is ${output.type}, not a float tensor: a score must be a number per row`);
      continue;
    }
    const width = output.dims && output.dims.length > 1 ? output.dims.at(-1) : 1;
    if (typeof width !== 'number' || typeof ref === 'string') continue;
    const columns: [(string | number)[], number][] = 'columns' in ref ? Object.entries(ref.columns).map(([offer, c]) => [['columns', offer], c]) : [[['column'], ref.column ?? 0]];
    for (const [at, column] of columns)
      if (column >= width) add(['outputs', role, ...at], `output "${name}" has ${width} column${width === 1 ? '' : 's'}; column ${column} does not exist`);
  }
  if (options.profile !== false)
    manifest.inputs.forEach((spec, j) => {
      const problem = featureSourceProblem(spec.source, spec.kind);
      if (problem) add(['inputs', j, 'source'], `input "${spec.name}": ${problem}`);
    });
  return problems;
}
