// The fallback runtime: onnxruntime-web's wasm build, loaded lazily and only for graphs the compact evaluator
// cannot run. Single thread (no cross-origin isolation needed); wasm files self-hosted under /ort/.
import type { Tensor } from './decode.ts';

/** An async runner: input rows to named outputs. */
export type AsyncEvaluate = (rows: Float64Array[]) => Promise<Record<string, Tensor>>;

/** Where the fallback finds ORT: the module to import, and the folder of its wasm files. */
export interface OrtLocation {
  /** Module specifier; defaults to "onnxruntime-web/wasm" (bundlers split it into its own chunk). */
  module?: string;
  /** Folder URL holding ort-wasm-simd-threaded.{mjs,wasm}, e.g. "https://edge.example/ort/". */
  wasmPaths?: string;
}

/**
 * Loads ORT and creates a session for the model bytes. With `outputs`, a run computes and returns only those
 * (a label output or a ZipMap the manifest does not read is never evaluated).
 * @example const run = await ortSession(bytes, 'input', { wasmPaths: '/ort/' }, ['probabilities']); await run([features])
 */
export async function ortSession(bytes: Uint8Array, inputName: string, where: OrtLocation = {}, outputs?: readonly string[]): Promise<AsyncEvaluate> {
  // A non-literal specifier keeps bundlers (and the script-tag IIFE) from inlining ORT's 400 KB of JS.
  const specifier = where.module ?? 'onnxruntime-web/wasm';
  const ort = (await import(/* @vite-ignore */ specifier)) as typeof import('onnxruntime-web/wasm');
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
  if (where.wasmPaths) ort.env.wasm.wasmPaths = where.wasmPaths;
  const session = await ort.InferenceSession.create(bytes);
  if (!session.inputNames.includes(inputName)) throw new Error(`the model's input is ${session.inputNames.map((n) => `"${n}"`).join(', ')}; the manifest's inputName is "${inputName}"`);
  const missing = outputs?.filter((name) => !session.outputNames.includes(name)) ?? [];
  if (missing.length) throw new Error(`the model has no output ${missing.map((n) => `"${n}"`).join(', ')} (outputs: ${session.outputNames.join(', ')})`);
  const fetches = outputs ? [...outputs] : undefined;
  return async (rows) => {
    const k = rows[0]?.length ?? 0;
    const data = new Float32Array(rows.length * k);
    rows.forEach((row, i) => data.set(row, i * k));
    const feeds = { [inputName]: new ort.Tensor('float32', data, [rows.length, k]) };
    const out = await (fetches ? session.run(feeds, fetches) : session.run(feeds));
    const result: Record<string, Tensor> = {};
    for (const [name, value] of Object.entries(out)) {
      const v = value as { dims: readonly number[]; data: ArrayLike<number | bigint> };
      result[name] = { shape: [...v.dims], data: Float64Array.from(Array.from(v.data, Number)) };
    }
    return result;
  };
}
