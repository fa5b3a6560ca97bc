// Reading an ONNX file as a whole: is it a well-formed model, what are its inputs and outputs (with their types),
// which ops and opsets does it use, which weights live in external files. Used by import-model, the edge's upload
// and publish checks; the wire reader is the device's own (client-sdk/src/scoring/decode.ts).
import { fields, type Fields } from '../../client-sdk/src/scoring/decode.ts';

/** TensorProto.DataType names, as ONNX prints them. */
const ELEM_TYPES: Record<number, string> = {
  1: 'float', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool',
  10: 'float16', 11: 'double', 12: 'uint32', 13: 'uint64', 16: 'bfloat16',
};

/** A graph input's or output's declared type. */
export interface ValueInfo {
  name: string;
  /** 'tensor', or 'seq'/'map' (a ZipMap's seq(map(int64, tensor(float)))), 'other' for anything else. */
  kind: 'tensor' | 'seq' | 'map' | 'other';
  /** Element type of a tensor ('float', 'int64', ...). */
  elem?: string;
  /** Declared dims of a tensor: numbers, symbolic names, or null when unset; undefined when no shape is declared. */
  dims?: (number | string | null)[];
  /** As ONNX prints it: tensor(float) [N, 2], seq(map(int64,tensor(float))). */
  type: string;
}

export interface ExternalData {
  tensor: string;
  location: string;
  offset: number;
  /** Bytes to read; undefined means to the end of the file. */
  length?: number;
}

export interface NodeInfo {
  op: string;
  domain: string;
  inputs: string[];
  outputs: string[];
}

/** What a model file is, as far as importing and serving it needs. */
export interface OnnxInfo {
  irVersion: number;
  /** Opset version by domain ("" is ai.onnx). */
  opsets: Record<string, number>;
  producer: string;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  nodes: NodeInfo[];
  /** Ops used, as domain:op ("ai.onnx:Gemm"), sorted. */
  ops: string[];
  initializers: string[];
  externalData: ExternalData[];
}

/** The file is not a well-formed ONNX model; the message says why. */
export class OnnxFormatError extends Error {}

const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function one<T extends number | Uint8Array>(f: Fields, n: number, what: string, kind: 'number' | 'bytes'): T | undefined {
  const list = f.get(n);
  if (!list) return undefined;
  const v = list[list.length - 1]!;
  if ((kind === 'bytes') !== v instanceof Uint8Array) throw new OnnxFormatError(`${what} has the wrong protobuf wire type`);
  return v as T;
}

function messages(f: Fields, n: number, what: string): Fields[] {
  return (f.get(n) ?? []).map((v, i) => {
    if (!(v instanceof Uint8Array)) throw new OnnxFormatError(`${what}[${i}] has the wrong protobuf wire type`);
    return parse(v, `${what}[${i}]`);
  });
}

function string(f: Fields, n: number, what: string): string {
  return strings(f, n, what).at(-1) ?? '';
}

function strings(f: Fields, n: number, what: string): string[] {
  return (f.get(n) ?? []).map((v, i) => {
    if (!(v instanceof Uint8Array)) throw new OnnxFormatError(`${what}[${i}] has the wrong protobuf wire type`);
    try {
      return text.decode(v);
    } catch {
      throw new OnnxFormatError(`${what}[${i}] is not UTF-8 text`);
    }
  });
}

function parse(b: Uint8Array, what: string): Fields {
  try {
    return fields(b);
  } catch (error) {
    throw new OnnxFormatError(`${what}: not a protobuf message (${(error as Error).message})`);
  }
}

/** TypeProto (field 2 of ValueInfoProto) as a ValueInfo. */
function typeOf(name: string, f: Fields | undefined, what: string): ValueInfo {
  if (!f) return { name, kind: 'other', type: 'unknown' };
  const tensor = messages(f, 1, `${what}.tensor_type`)[0];
  if (tensor) {
    const code = one<number>(tensor, 1, `${what}.elem_type`, 'number') ?? 0;
    const elem = ELEM_TYPES[code] ?? `type ${code}`;
    const shape = messages(tensor, 2, `${what}.shape`)[0];
    const dims = shape
      ? messages(shape, 1, `${what}.dim`).map((d) => one<number>(d, 1, `${what}.dim_value`, 'number') ?? (string(d, 2, `${what}.dim_param`) || null))
      : undefined;
    return { name, kind: 'tensor', elem, ...(dims ? { dims } : {}), type: `tensor(${elem})${dims ? ` [${dims.map((d) => d ?? '?').join(', ')}]` : ''}` };
  }
  const seq = messages(f, 4, `${what}.sequence_type`)[0];
  if (seq) {
    const inner = typeOf(name, messages(seq, 1, `${what}.elem_type`)[0], what);
    return { name, kind: 'seq', type: `seq(${inner.type})` };
  }
  const map = messages(f, 5, `${what}.map_type`)[0];
  if (map) {
    const key = ELEM_TYPES[one<number>(map, 1, `${what}.key_type`, 'number') ?? 0] ?? '?';
    const value = typeOf(name, messages(map, 2, `${what}.value_type`)[0], what);
    return { name, kind: 'map', type: `map(${key},${value.type.replace(/ \[.*\]$/, '')})` };
  }
  return { name, kind: 'other', type: 'unknown' };
}

function valueInfo(f: Fields, what: string): ValueInfo {
  const name = string(f, 1, `${what}.name`);
  if (!name) throw new OnnxFormatError(`${what} has no name`);
  return typeOf(name, messages(f, 2, `${what}.type`)[0], `${what}.type`);
}

/**
 * Reads and checks a model file: a ModelProto with an IR version, opset imports and a graph whose nodes only read
 * tensors that exist. Throws OnnxFormatError naming what is wrong.
 * @example const info = readOnnx(bytes); info.outputs.map((o) => `${o.name}: ${o.type}`)
 */
export function readOnnx(bytes: Uint8Array): OnnxInfo {
  if (bytes.length === 0) throw new OnnxFormatError('the file is empty');
  const model = parse(bytes, 'the file');
  const irVersion = one<number>(model, 1, 'ir_version', 'number');
  if (irVersion === undefined || irVersion < 1 || irVersion > 100) throw new OnnxFormatError(`not an ONNX model: ${irVersion === undefined ? 'no ir_version' : `ir_version ${irVersion}`}`);
  const opsets: Record<string, number> = {};
  for (const [i, o] of messages(model, 8, 'opset_import').entries()) opsets[string(o, 1, `opset_import[${i}].domain`)] = one<number>(o, 2, `opset_import[${i}].version`, 'number') ?? 0;
  if (Object.keys(opsets).length === 0) throw new OnnxFormatError('not an ONNX model: no opset_import');
  const graph = messages(model, 7, 'graph')[0];
  if (!graph) throw new OnnxFormatError('not an ONNX model: no graph');
  const initializers: string[] = [];
  const externalData: ExternalData[] = [];
  for (const [i, tensor] of messages(graph, 5, 'graph.initializer').entries()) {
    const name = string(tensor, 8, `graph.initializer[${i}].name`);
    initializers.push(name);
    if (one<number>(tensor, 14, `initializer "${name}".data_location`, 'number') !== 1) continue;
    const entry: Record<string, string> = {};
    for (const kv of messages(tensor, 13, `initializer "${name}".external_data`)) entry[string(kv, 1, 'key')] = string(kv, 2, 'value');
    if (!entry.location) throw new OnnxFormatError(`initializer "${name}" is external with no location`);
    externalData.push({ tensor: name, location: entry.location, offset: Number(entry.offset ?? 0), ...(entry.length !== undefined ? { length: Number(entry.length) } : {}) });
  }
  const declared = messages(graph, 11, 'graph.input').map((v, i) => valueInfo(v, `graph.input[${i}]`));
  const inputs = declared.filter((v) => !initializers.includes(v.name));
  const outputs = messages(graph, 12, 'graph.output').map((v, i) => valueInfo(v, `graph.output[${i}]`));
  const nodes = messages(graph, 1, 'graph.node').map((n, i): NodeInfo => ({
    op: string(n, 4, `graph.node[${i}].op_type`),
    domain: string(n, 7, `graph.node[${i}].domain`),
    inputs: strings(n, 1, `graph.node[${i}].input`),
    outputs: strings(n, 2, `graph.node[${i}].output`),
  }));
  if (inputs.length === 0) throw new OnnxFormatError('the graph has no input');
  if (outputs.length === 0) throw new OnnxFormatError('the graph has no output');
  if (nodes.length === 0) throw new OnnxFormatError('the graph has no nodes');
  const known = new Set([...declared.map((v) => v.name), ...initializers]);
  nodes.forEach((node, i) => {
    if (!node.op) throw new OnnxFormatError(`graph.node[${i}] has no op_type`);
    for (const input of node.inputs)
      if (input && !known.has(input)) throw new OnnxFormatError(`node ${i} (${node.op}) reads "${input}", which no earlier node, input or initializer provides`);
    for (const output of node.outputs) known.add(output);
  });
  for (const o of outputs) if (!known.has(o.name)) throw new OnnxFormatError(`graph output "${o.name}" is not produced by any node`);
  const domainOf = (d: string) => (d === '' || d === 'ai.onnx' ? 'ai.onnx' : d);
  return {
    irVersion, opsets, producer: [string(model, 2, 'producer_name'), string(model, 3, 'producer_version')].filter(Boolean).join(' '),
    inputs, outputs, nodes, initializers, externalData,
    ops: [...new Set(nodes.map((n) => `${domainOf(n.domain)}:${n.op}`))].sort(),
  };
}
