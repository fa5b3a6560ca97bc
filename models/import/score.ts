// Finding the score in an exported model: P(class 1) of a binary classifier's [N, 2] probabilities (or of the
// ZipMap made from them), the one float output of a regressor or network, or what --output/--column name. Anything
// ambiguous is refused with the outputs and columns to choose from.
import type { OutputRef } from '../../protocol/index.ts';
import type { OnnxGraph, OnnxNode } from '../../client-sdk/src/scoring/decode.ts';
import { didYouMeanAny } from '../../protocol/suggest.ts';
import type { OnnxInfo, ValueInfo } from '../onnx/read.ts';

/** A refusal the user can act on: it names the op, input or output, and how to get past it. */
export class ImportRefused extends Error {}

const CLASSIFIERS = new Set(['LinearClassifier', 'TreeEnsembleClassifier', 'SVMClassifier', 'TreeEnsemble']);
const PASS_THROUGH = new Set(['Identity', 'ZipMap', 'Cast']);

/** How a score was found, in words, for the import report. */
export interface FoundScore {
  ref: OutputRef;
  how: string;
  /** The output is a regression value (or a network's raw output), not a class probability. */
  regression: boolean;
}

/** The node that computes an output (and which of its outputs it is), looking through Identity, Cast and ZipMap. */
function sourceOf(graph: OnnxGraph, name: string): { node: OnnxNode; output: number } | undefined {
  let current = name;
  for (let hops = 0; hops < 16; hops++) {
    const node = graph.nodes.find((n) => n.outputs.includes(current));
    if (!node) return undefined;
    if (!PASS_THROUGH.has(node.op) || !node.inputs[0]) return { node, output: node.outputs.indexOf(current) };
    current = node.inputs[0];
  }
  return undefined;
}

/** The classifier node (and which of its outputs) a graph output comes from, through Identity/Cast/ZipMap. */
function classifierOf(graph: OnnxGraph, name: string): { op: string; labels: (number | string)[]; output: number } | undefined {
  const source = sourceOf(graph, name);
  if (!source || !CLASSIFIERS.has(source.node.op)) return undefined;
  const { attrs, op } = source.node;
  const labels = (attrs.classlabels_int64s ?? attrs.classlabels_ints ?? attrs.classlabels_strings ?? []) as (number | string)[];
  return { op, labels, output: source.output };
}

const POSITIVE = new Set(['1', 'true', 'yes', 'y', 'positive', 'pos']);
const NEGATIVE = new Set(['0', 'false', 'no', 'n', 'negative', 'neg', '-1']);

/** Which column of two class labels is the positive class, or undefined when the labels do not say. */
function positiveColumn(labels: (number | string)[]): number | undefined {
  if (labels.length !== 2) return undefined;
  const [a, b] = labels.map((l) => String(l).toLowerCase());
  if (NEGATIVE.has(a!) && POSITIVE.has(b!)) return 1;
  if (POSITIVE.has(a!) && NEGATIVE.has(b!)) return 0;
  return undefined;
}

const fmt = (labels: (number | string)[]) => labels.map((l) => (typeof l === 'string' ? `"${l}"` : String(l))).join(', ');

/** An output by name, or a refusal listing the outputs with the close ones. */
function outputByName(info: OnnxInfo, name: string): ValueInfo {
  const output = info.outputs.find((o) => o.name === name);
  if (output) return output;
  throw new ImportRefused(`the model has no output "${name}"${didYouMeanAny(name, info.outputs.map((o) => o.name))} (outputs: ${info.outputs.map((o) => `${o.name} ${o.type}`).join(', ')})`);
}

/**
 * The score of an exported model for one role. `widths` holds each output's actual column count (from a run:
 * declared shapes are not always right); `explicit` is --output/--column.
 * @example findScore(info, graph, widths, {}) // { ref: { name: 'probabilities', column: 1 }, how: 'P(class 1) ...' }
 */
export function findScore(info: OnnxInfo, graph: OnnxGraph, widths: Record<string, number>, explicit: { output?: string; column?: number }): FoundScore {
  let output: ValueInfo;
  if (explicit.output) output = outputByName(info, explicit.output);
  else {
    const floats = info.outputs.filter((o) => o.kind === 'tensor' && (o.elem === 'float' || o.elem === 'double'));
    const probabilities = floats.filter((o) => classifierOf(graph, o.name)?.output === 1);
    const candidates = probabilities.length ? probabilities : floats;
    if (candidates.length === 0)
      throw new ImportRefused(`no output is a float tensor a score could be read from (outputs: ${info.outputs.map((o) => `${o.name} ${o.type}`).join(', ')})`);
    if (candidates.length > 1)
      throw new ImportRefused(`several outputs could be the score (${candidates.map((o) => `${o.name} ${o.type}`).join(', ')}): name one with --output`);
    output = candidates[0]!;
  }
  if (output.kind !== 'tensor' || (output.elem !== 'float' && output.elem !== 'double'))
    throw new ImportRefused(`output "${output.name}" is ${output.type}, not a float tensor: a score must be a number per row${output.elem === 'int64' || output.elem === 'string' ? ' (this is the predicted label; the probabilities are another output)' : ''}`);
  const width = widths[output.name] ?? 1;
  const classifier = classifierOf(graph, output.name);
  const isProbabilities = classifier?.output === 1;
  const name = output.name;
  const producer = sourceOf(graph, name)?.node.op;
  const regression = /Regressor$/.test(producer ?? '');
  if (explicit.column !== undefined) {
    if (explicit.column >= width) throw new ImportRefused(`--column ${explicit.column}: output "${name}" has ${width} column${width === 1 ? '' : 's'} (0 to ${width - 1})`);
    const label = isProbabilities ? classifier!.labels[explicit.column] : undefined;
    return { ref: { name, column: explicit.column }, how: `${label !== undefined ? `P(class ${fmt([label])}), ` : ''}as --column says`, regression };
  }
  if (isProbabilities) {
    const labels = classifier!.labels;
    if (labels.length > 2) throw new ImportRefused(`output "${name}" holds the probabilities of ${labels.length} classes (${fmt(labels)}): pass --column with the position of the class to score`);
    const column = positiveColumn(labels);
    if (column === undefined) throw new ImportRefused(`output "${name}": the classes are ${fmt(labels)}, and neither reads as the positive one: pass --column 0 for ${fmt([labels[0]!])} or --column 1 for ${fmt([labels[1]!])}`);
    return { ref: { name, column }, how: `P(class ${fmt([labels[column]!])}) of the ${classifier!.op}'s [N, 2] probabilities`, regression: false };
  }
  if (width === 1) return { ref: name, how: `the model's only score column${regression ? ` (a ${producer} value)` : ''}`, regression };
  if (width === 2) return { ref: { name, column: 1 }, how: `read as P(class 1) of a [N, 2] output (pass --column 0 if class 1 is the first column)`, regression };
  throw new ImportRefused(`output "${name}" has ${width} columns and no classifier says which is the score: pass --column`);
}
