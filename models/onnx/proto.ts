// A minimal protobuf writer for the ONNX messages the pipeline emits (no Python, no protobuf dependency).
// Field numbers follow onnx/onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto).

/** Bytes of one protobuf message under construction. */
export class Writer {
  private chunks: number[] = [];

  private varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      this.chunks.push(byte);
    } while (v !== 0n);
  }

  private tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, value: number): this {
    this.tag(field, 0);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, 5);
    const buffer = new DataView(new ArrayBuffer(4));
    buffer.setFloat32(0, value, true);
    for (let i = 0; i < 4; i++) this.chunks.push(buffer.getUint8(i));
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.varint(value.length);
    for (const byte of value) this.chunks.push(byte);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, value: Writer): this {
    return this.bytes(field, value.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

/** ONNX TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT64: 7, STRING: 8 } as const;

/** A float32 tensor initializer, stored as little-endian raw_data. */
export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): Writer {
  if (dims.reduce((a, b) => a * b, 1) !== values.length)
    throw new Error(`tensor "${name}": dims ${dims.join('x')} expected ${dims.reduce((a, b) => a * b, 1)} values, received ${values.length}`);
  const raw = new Uint8Array(new Float32Array(Array.from(values)).buffer);
  const w = new Writer();
  for (const d of dims) w.int(1, d);
  return w.int(2, DataType.FLOAT).string(8, name).bytes(9, raw);
}

/** Attribute value kinds the writer supports, with their AttributeProto.type codes. */
export type AttributeValue =
  | { float: number }
  | { int: number }
  | { string: string }
  | { floats: number[] }
  | { ints: number[] }
  | { strings: string[] };

function attribute(name: string, value: AttributeValue): Writer {
  const w = new Writer().string(1, name);
  if ('float' in value) return w.float(2, value.float).int(20, 1);
  if ('int' in value) return w.int(3, value.int).int(20, 2);
  if ('string' in value) return w.string(4, value.string).int(20, 3);
  if ('floats' in value) {
    for (const f of value.floats) w.float(7, f);
    return w.int(20, 6);
  }
  if ('ints' in value) {
    for (const i of value.ints) w.int(8, i);
    return w.int(20, 7);
  }
  for (const s of value.strings) w.string(9, s);
  return w.int(20, 8);
}

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attributes?: Record<string, AttributeValue>;
}

function node(spec: NodeSpec): Writer {
  const w = new Writer();
  for (const i of spec.inputs) w.string(1, i);
  for (const o of spec.outputs) w.string(2, o);
  if (spec.name) w.string(3, spec.name);
  w.string(4, spec.op);
  for (const [name, value] of Object.entries(spec.attributes ?? {})) w.message(5, attribute(name, value));
  if (spec.domain) w.string(7, spec.domain);
  return w;
}

/** A float tensor value info; a string dimension is symbolic (e.g. "N" for the batch). */
function valueInfo(name: string, dims: (number | string)[], elemType: number = DataType.FLOAT): Writer {
  const shape = new Writer();
  for (const d of dims) shape.message(1, typeof d === 'number' ? new Writer().int(1, d) : new Writer().string(2, d));
  const tensorType = new Writer().int(1, elemType).message(2, shape);
  return new Writer().string(1, name).message(2, new Writer().message(1, tensorType));
}

export interface GraphSpec {
  name: string;
  nodes: NodeSpec[];
  initializers: Writer[];
  inputs: { name: string; dims: (number | string)[] }[];
  /** Float (or `elemType`) tensors; `type` gives another TypeProto (a ZipMap's sequence of maps, in tests). */
  outputs: { name: string; dims: (number | string)[]; elemType?: number; type?: Writer }[];
  /** Free-form key/value metadata (training method, feature names). */
  metadata?: Record<string, string>;
  docString?: string;
}

/** ONNX IR version 8 pairs with opset 17 (onnx 1.12+), which every current runtime reads. */
export const IR_VERSION = 8;
export const OPSET = 17;
export const ML_OPSET = 3;

/**
 * Encodes a complete ModelProto (opset 17 plus ai.onnx.ml 3).
 * @example const bytes = encodeModel({ name: 'm', nodes: [...], initializers: [...], inputs: [...], outputs: [...] })
 */
export function encodeModel(spec: GraphSpec): Uint8Array {
  const graph = new Writer();
  for (const n of spec.nodes) graph.message(1, node(n));
  graph.string(2, spec.name);
  for (const t of spec.initializers) graph.message(5, t);
  for (const i of spec.inputs) graph.message(11, valueInfo(i.name, i.dims));
  for (const o of spec.outputs) graph.message(12, o.type ? new Writer().string(1, o.name).message(2, o.type) : valueInfo(o.name, o.dims, o.elemType));
  const model = new Writer()
    .int(1, IR_VERSION)
    .string(2, 'edgewise')
    .string(3, '0.1.0')
    .message(8, new Writer().string(1, '').int(2, OPSET))
    .message(8, new Writer().string(1, 'ai.onnx.ml').int(2, ML_OPSET));
  if (spec.docString) model.string(6, spec.docString);
  model.message(7, graph);
  for (const [key, value] of Object.entries(spec.metadata ?? {})) model.message(14, new Writer().string(1, key).string(2, value));
  return model.finish();
}
