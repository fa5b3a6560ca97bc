// A small ONNX protobuf decoder: just the ModelProto fields the compact evaluator reads, so the SDK needs no
// protobuf library. Field numbers follow onnx/onnx.proto.

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

export interface OnnxGraph {
  nodes: OnnxNode[];
  initializers: Record<string, Tensor>;
  inputs: string[];
  outputs: string[];
}

/** A graph feature the compact path does not read: the caller falls back to onnxruntime. */
export class Unsupported extends Error {}

type Fields = Map<number, (number | Uint8Array)[]>;

const text = new TextDecoder();

function varint(b: Uint8Array, pos: { p: number }): number {
  let value = 0;
  let scale = 1;
  let byte: number;
  do {
    byte = b[pos.p++]!;
    value += (byte & 127) * scale;
    scale *= 128;
  } while (byte & 128);
  // int64 fields carry negatives as 64-bit two's complement.
  return value >= 2 ** 63 ? value - 2 ** 64 : value;
}

/** Splits one message into field number -> values (varints as numbers, fixed32 as floats, LEN as bytes). */
function fields(b: Uint8Array): Fields {
  const out: Fields = new Map();
  const pos = { p: 0 };
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  while (pos.p < b.length) {
    const key = varint(b, pos);
    const wire = key & 7;
    let value: number | Uint8Array;
    if (wire === 0) value = varint(b, pos);
    else if (wire === 5) (value = view.getFloat32(pos.p, true)), (pos.p += 4);
    else if (wire === 2) {
      const length = varint(b, pos);
      value = b.subarray(pos.p, (pos.p += length));
    } else throw new Unsupported('wire type');
    const list = out.get(key >>> 3);
    list ? list.push(value) : out.set(key >>> 3, [value]);
  }
  return out;
}

const all = (f: Fields, n: number) => f.get(n) ?? [];
const str = (v: unknown) => text.decode(v as Uint8Array);
const strs = (f: Fields, n: number) => all(f, n).map(str);

/** Repeated numbers, packed (one LEN field) or not; `width` 4 = float32, 0 = varint. */
function nums(f: Fields, n: number, width: 0 | 4): number[] {
  const out: number[] = [];
  for (const v of all(f, n)) {
    if (typeof v === 'number') out.push(v);
    else if (width === 0) for (const pos = { p: 0 }; pos.p < v.length; ) out.push(varint(v, pos));
    else {
      const view = new DataView(v.buffer, v.byteOffset, v.byteLength);
      for (let i = 0; i < v.length; i += 4) out.push(view.getFloat32(i, true));
    }
  }
  return out;
}

function tensor(b: Uint8Array): Tensor & { name: string } {
  const f = fields(b);
  const type = (all(f, 2)[0] as number | undefined) ?? 1;
  const raw = all(f, 9)[0] as Uint8Array | undefined;
  let data: number[];
  if (raw) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    data = [];
    for (let i = 0; i < raw.length; i += type === 1 ? 4 : 8) data.push(type === 1 ? view.getFloat32(i, true) : Number(view.getBigInt64(i, true)));
  } else data = type === 1 ? nums(f, 4, 4) : nums(f, 7, 0);
  // Only float32 and int64 tensors are read here; doubles and others go to ORT.
  if (type !== 1 && type !== 7) throw new Unsupported('tensor type');
  return { name: str(all(f, 8)[0] ?? new Uint8Array()), shape: nums(f, 1, 0), data: Float64Array.from(data) };
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
  const graph = fields(all(fields(bytes), 7)[0] as Uint8Array);
  const initializers: Record<string, Tensor> = {};
  for (const b of all(graph, 5)) {
    const t = tensor(b as Uint8Array);
    initializers[t.name] = t;
  }
  const names = (n: number) => all(graph, n).map((b) => str(all(fields(b as Uint8Array), 1)[0]));
  const nodes = all(graph, 1).map((b) => {
    const f = fields(b as Uint8Array);
    const attrs: Record<string, Attribute> = {};
    for (const a of all(f, 5)) {
      const af = fields(a as Uint8Array);
      attrs[str(all(af, 1)[0])] = attribute(af);
    }
    return { op: str(all(f, 4)[0]), domain: all(f, 7).map(str)[0] ?? '', inputs: strs(f, 1), outputs: strs(f, 2), attrs };
  });
  return { nodes, initializers, inputs: names(11).filter((n) => !(n in initializers)), outputs: names(12) };
}
