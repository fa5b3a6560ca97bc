// A small ONNX protobuf decoder: just the ModelProto fields the compact evaluator reads, so the SDK needs no
// protobuf library. Field numbers follow onnx/onnx.proto. The CLI's and the edge's model checks read files with
// the same wire reader (`fields`).

/** A decoded tensor: shape and values as doubles (float32 and int64 data alike). */
export interface Tensor {
  shape: number[];
  data: Float64Array;
}

export type Attribute = number | string | number[] | string[] | Tensor;

export interface OnnxNode {
  op: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, Attribute>;
}

/** A graph input's or output's declared type: ONNX element type and dims (a name for symbolic ones). */
export interface ValueType {
  /** TensorProto.DataType (1 float, 7 int64, 11 double); 0 for a sequence or map (ZipMap output). */
  elem: number;
  dims: (number | string)[];
}

export interface OnnxGraph {
  nodes: OnnxNode[];
  initializers: Record<string, Tensor>;
  inputs: string[];
  outputs: string[];
  /** Declared types of the graph's inputs and outputs, by name. */
  types: Record<string, ValueType>;
}

/** A graph feature the compact path does not read: the caller falls back to onnxruntime. */
export class Unsupported extends Error {}

/** One message's fields: field number -> values in order (varints and fixed as numbers, LEN as bytes). */
export type Fields = Map<number, (number | Uint8Array)[]>;

const text = new TextDecoder();

export function varint(b: Uint8Array, pos: { p: number }): number {
  const start = pos.p;
  let value = 0;
  let scale = 1;
  let byte: number;
  do {
    byte = b[pos.p++]!;
    value += (byte & 127) * scale;
    scale *= 128;
  } while (byte & 128 && pos.p < b.length);
  if (byte & 128) throw new Error('truncated varint');
  // Ten bytes: a negative int64 in two's complement, beyond a double's 53 bits (-1 would read as 0): exact with BigInt.
  if (pos.p - start < 9) return value;
  let big = 0n;
  for (let i = pos.p - 1; i >= start; i--) big = (big << 7n) | BigInt(b[i]! & 127);
  return Number(BigInt.asIntN(64, big));
}

/** Splits one message into field number -> values (varints as numbers, fixed32 as floats, LEN as bytes). */
export function fields(b: Uint8Array): Fields {
  const out: Fields = new Map();
  const pos = { p: 0 };
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  while (pos.p < b.length) {
    const key = varint(b, pos);
    const wire = key & 7;
    let value: number | Uint8Array;
    if ((wire === 5 && pos.p + 4 > b.length) || (wire === 1 && pos.p + 8 > b.length)) throw new Error(`truncated field ${key >>> 3}`);
    if (wire === 0) value = varint(b, pos);
    else if (wire === 5) (value = view.getFloat32(pos.p, true)), (pos.p += 4);
    else if (wire === 1) (value = view.getFloat64(pos.p, true)), (pos.p += 8);
    else if (wire === 2) {
      const length = varint(b, pos);
      value = b.subarray(pos.p, (pos.p += length));
    } else throw new Error(`protobuf wire type ${wire} at byte ${pos.p}`);
    if (pos.p > b.length) throw new Error(`truncated field ${key >>> 3}`);
    const list = out.get(key >>> 3);
    list ? list.push(value) : out.set(key >>> 3, [value]);
  }
  return out;
}

const all = (f: Fields, n: number) => f.get(n) ?? [];
const str = (v: unknown) => text.decode(v as Uint8Array);
const strs = (f: Fields, n: number) => all(f, n).map(str);

/** Repeated numbers, packed (one LEN field) or not; `width` 4 = float32, 8 = float64, 0 = varint. */
function nums(f: Fields, n: number, width: 0 | 4 | 8): number[] {
  const out: number[] = [];
  for (const v of all(f, n)) {
    if (typeof v === 'number') out.push(v);
    else if (width === 0) for (const pos = { p: 0 }; pos.p < v.length; ) out.push(varint(v, pos));
    else {
      const view = new DataView(v.buffer, v.byteOffset, v.byteLength);
      for (let i = 0; i + width <= v.length; i += width) out.push(width === 4 ? view.getFloat32(i, true) : view.getFloat64(i, true));
    }
  }
  return out;
}

/** Numeric TensorProto types: raw_data bytes per value, the typed field holding them otherwise, its encoding. */
const TENSOR_TYPES: Record<number, [bytes: number, field: number, width: 0 | 4 | 8]> = {
  1: [4, 4, 4], // float
  6: [4, 5, 0], // int32
  7: [8, 7, 0], // int64
  9: [1, 5, 0], // bool
  11: [8, 10, 8], // double
};

function tensor(b: Uint8Array): Tensor & { name: string } {
  const f = fields(b);
  const type = (all(f, 2)[0] as number | undefined) ?? 1;
  const name = str(all(f, 8)[0] ?? new Uint8Array());
  // data_location EXTERNAL: the weights are in another file the device never sees.
  if (all(f, 14)[0] === 1) throw new Error(`tensor "${name}" keeps its data in an external file; import the model with \`edgewise import-model\`, which inlines it`);
  const layout = TENSOR_TYPES[type];
  if (!layout) throw new Unsupported(`tensor type ${type}`);
  const [bytes, field, width] = layout;
  const raw = all(f, 9)[0] as Uint8Array | undefined;
  let data: number[];
  if (raw) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    data = [];
    for (let i = 0; i + bytes <= raw.length; i += bytes)
      data.push(type === 1 ? view.getFloat32(i, true) : type === 11 ? view.getFloat64(i, true) : type === 7 ? Number(view.getBigInt64(i, true)) : type === 6 ? view.getInt32(i, true) : view.getUint8(i));
  } else data = nums(f, field, width);
  return { name, shape: nums(f, 1, 0), data: Float64Array.from(data) };
}

/** A ValueInfoProto's name and declared type (tensor element type and dims; elem 0 for sequences and maps). */
function valueType(b: Uint8Array): [string, ValueType] {
  const f = fields(b);
  const tensorType = all(fields((all(f, 2)[0] as Uint8Array | undefined) ?? new Uint8Array()), 1)[0] as Uint8Array | undefined;
  const t = tensorType ? fields(tensorType) : undefined;
  const shape = t && (all(t, 2)[0] as Uint8Array | undefined);
  const dims = shape ? all(fields(shape), 1).map((d) => {
    const df = fields(d as Uint8Array);
    return (all(df, 1)[0] as number | undefined) ?? str(all(df, 2)[0] ?? new Uint8Array());
  }) : [];
  return [str(all(f, 1)[0]), { elem: t ? ((all(t, 1)[0] as number | undefined) ?? 0) : 0, dims }];
}

function attribute(f: Fields): Attribute {
  switch (all(f, 20)[0]) {
    case 1: return all(f, 2)[0] as number;
    case 2: return all(f, 3)[0] as number;
    case 3: return str(all(f, 4)[0]);
    case 4: return tensor(all(f, 5)[0] as Uint8Array);
    case 6: return nums(f, 7, 4);
    case 7: return nums(f, 8, 0);
    case 8: return strs(f, 9);
  }
  throw new Unsupported('attribute type');
}

/**
 * Decodes a ModelProto's graph: nodes, initializers, input and output names.
 * @example const graph = decodeModel(new Uint8Array(await response.arrayBuffer()))
 */
export function decodeModel(bytes: Uint8Array): OnnxGraph {
  const body = all(fields(bytes), 7)[0];
  if (!(body instanceof Uint8Array)) throw new Error('not an ONNX model: no graph');
  const graph = fields(body);
  const initializers: Record<string, Tensor> = {};
  for (const b of all(graph, 5)) {
    const t = tensor(b as Uint8Array);
    initializers[t.name] = t;
  }
  const types: Record<string, ValueType> = {};
  const names = (n: number) => all(graph, n).map((b) => {
    const [name, type] = valueType(b as Uint8Array);
    types[name] = type;
    return name;
  });
  const nodes = all(graph, 1).map((b) => {
    const f = fields(b as Uint8Array);
    const attrs: Record<string, Attribute> = {};
    for (const a of all(f, 5)) {
      const af = fields(a as Uint8Array);
      attrs[str(all(af, 1)[0])] = attribute(af);
    }
    return { op: str(all(f, 4)[0]), domain: all(f, 7).map(str)[0] ?? '', inputs: strs(f, 1), outputs: strs(f, 2), attrs };
  });
  return { nodes, initializers, inputs: names(11).filter((n) => !(n in initializers)), outputs: names(12), types };
}
