// Normalising an exported model for the device: weights from external files inlined (a device fetches one file
// by its hash), and ZipMap outputs turned back into the [N, classes] tensor they zip (onnxruntime-web cannot
// return a sequence of maps). Everything else is copied byte for byte; field numbers follow onnx/onnx.proto.
import { fields, varint } from '../../client-sdk/src/scoring/decode.ts';
import { Writer } from './proto.ts';

/** One field of a message as it is in the file: number, wire type, the whole entry and, for LEN, its payload. */
interface RawField {
  field: number;
  wire: number;
  raw: Uint8Array;
  payload?: Uint8Array;
}

function split(b: Uint8Array): RawField[] {
  const out: RawField[] = [];
  const pos = { p: 0 };
  while (pos.p < b.length) {
    const start = pos.p;
    const key = varint(b, pos);
    const wire = key & 7;
    let payload: Uint8Array | undefined;
    if (wire === 0) varint(b, pos);
    else if (wire === 1) pos.p += 8;
    else if (wire === 5) pos.p += 4;
    else if (wire === 2) {
      const length = varint(b, pos);
      payload = b.subarray(pos.p, (pos.p += length));
    } else throw new Error(`protobuf wire type ${wire}`);
    out.push({ field: key >>> 3, wire, raw: b.subarray(start, pos.p), ...(payload ? { payload } : {}) });
  }
  return out;
}

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, at), (at += p.length);
  return out;
};
const entry = (field: number, payload: Uint8Array) => new Writer().bytes(field, payload).finish();
const text = new TextDecoder();
const str = (payload: Uint8Array | undefined) => (payload ? text.decode(payload) : '');
/** The last string of field `n` in a parsed message. */
const stringField = (payload: Uint8Array, n: number) => {
  const v = fields(payload).get(n)?.at(-1);
  return v instanceof Uint8Array ? text.decode(v) : '';
};

/** Reads an external data file's bytes by its location (relative to the model file), or undefined if absent. */
export type ExternalReader = (location: string) => Uint8Array | undefined;

/** What normalising changed, for the import report. */
export interface Normalised {
  bytes: Uint8Array;
  /** Initializers whose weights were read from external files. */
  inlined: string[];
  /** ZipMap outputs now [N, classes] float tensors, with the class labels in column order. */
  unzipped: { output: string; labels: (number | string)[] }[];
}

function inlineTensor(payload: Uint8Array, read: ExternalReader): { payload: Uint8Array; name: string } | undefined {
  const parts = split(payload);
  const f = fields(payload);
  if (f.get(14)?.at(-1) !== 1) return undefined;
  const name = stringField(payload, 8);
  const info: Record<string, string> = {};
  for (const p of parts.filter((x) => x.field === 13)) info[stringField(p.payload!, 1)] = stringField(p.payload!, 2);
  const location = info.location ?? '';
  const file = read(location);
  if (!file) throw new Error(`initializer "${name}" keeps its weights in "${location}", which is not beside the model: put it there, or export with external_data=False`);
  const offset = Number(info.offset ?? 0);
  const length = info.length !== undefined ? Number(info.length) : file.length - offset;
  if (!(offset >= 0 && length >= 0 && offset + length <= file.length)) throw new Error(`initializer "${name}": bytes ${offset}..${offset + length} are outside "${location}" (${file.length} bytes)`);
  const kept = parts.filter((x) => x.field !== 13 && x.field !== 14 && x.field !== 9).map((x) => x.raw);
  return { name, payload: concat([...kept, entry(9, file.subarray(offset, offset + length))]) };
}

/** A float tensor type [batch, width] for a graph output, keeping the batch dim's name when one is known. */
function tensorValueInfo(name: string, batch: string, width: number): Uint8Array {
  const shape = new Writer().message(1, new Writer().string(2, batch)).message(1, new Writer().int(1, width));
  const tensorType = new Writer().int(1, 1).message(2, shape);
  return new Writer().string(1, name).message(2, new Writer().message(1, tensorType)).finish();
}

/**
 * Normalises a model: inlines external weights (read through `read`) and replaces each ZipMap that feeds a graph
 * output by an Identity of its [N, classes] input, so the output keeps its name and becomes a float tensor.
 * @example const { bytes, unzipped } = normaliseModel(raw, (loc) => readFileSync(path.join(dir, loc)))
 */
export function normaliseModel(bytes: Uint8Array, read: ExternalReader = () => undefined): Normalised {
  const model = split(bytes);
  const graphField = model.find((p) => p.field === 7);
  if (!graphField?.payload) throw new Error('not an ONNX model: no graph');
  const inlined: string[] = [];
  const unzipped: Normalised['unzipped'] = [];
  const graph = split(graphField.payload);
  const outputs = new Set(graph.filter((p) => p.field === 12).map((p) => stringField(p.payload!, 1)));
  const widths = new Map<string, number>();
  const rebuilt = graph.map((p) => {
    if (p.field === 5) {
      const inline = inlineTensor(p.payload!, read);
      if (!inline) return p.raw;
      inlined.push(inline.name);
      return entry(5, inline.payload);
    }
    if (p.field === 1) {
      const node = fields(p.payload!);
      const op = stringField(p.payload!, 4);
      const domain = stringField(p.payload!, 7);
      if (op !== 'ZipMap' || domain !== 'ai.onnx.ml') return p.raw;
      const input = str(node.get(1)?.[0] as Uint8Array | undefined);
      const output = str(node.get(2)?.[0] as Uint8Array | undefined);
      if (!outputs.has(output)) throw new Error(`ZipMap "${output}" feeds other nodes, not a graph output: export with zipmap=False`);
      const attrs = (node.get(5) ?? []).map((a) => fields(a as Uint8Array));
      const labelsAttr = attrs.find((a) => str(a.get(1)?.[0] as Uint8Array) === 'classlabels_int64s') ?? attrs.find((a) => str(a.get(1)?.[0] as Uint8Array) === 'classlabels_strings');
      const labels: (number | string)[] = [];
      for (const v of labelsAttr?.get(8) ?? []) {
        if (typeof v === 'number') labels.push(v);
        else for (const pos = { p: 0 }; pos.p < v.length; ) labels.push(varint(v, pos));
      }
      for (const v of labelsAttr?.get(9) ?? []) labels.push(str(v as Uint8Array));
      if (labels.length === 0) throw new Error(`ZipMap "${output}" has no class labels`);
      widths.set(output, labels.length);
      unzipped.push({ output, labels });
      return entry(1, new Writer().string(1, input).string(2, output).string(3, `${output}_tensor`).string(4, 'Identity').finish());
    }
    return p.raw;
  });
  // The unzipped outputs' declared types: float [N, classes].
  const typed = rebuilt.map((raw, i) => {
    const p = graph[i]!;
    if (p.field !== 12) return raw;
    const name = stringField(p.payload!, 1);
    const width = widths.get(name);
    return width === undefined ? raw : entry(12, tensorValueInfo(name, 'N', width));
  });
  let parts = model.map((p) => (p === graphField ? entry(7, concat(typed)) : p.raw));
  // Identity is an ai.onnx op: import that domain where a graph used only ai.onnx.ml (IR 4 pairs with opset 9).
  const domains = model.filter((p) => p.field === 8).map((p) => stringField(p.payload!, 1));
  if (unzipped.length && !domains.includes('') && !domains.includes('ai.onnx')) parts = [...parts, entry(8, new Writer().string(1, '').int(2, 9).finish())];
  return { bytes: inlined.length || unzipped.length ? concat(parts) : bytes, inlined, unzipped };
}
