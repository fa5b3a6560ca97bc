// Build step: self-host onnxruntime-web's single-thread wasm runtime under dist/public/ort/, so a device that
// needs ORT (a graph the compact evaluator cannot run) downloads it from the edge, never from a CDN.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** The module `onnxruntime-web/wasm` resolves to without its bundled glue, plus the glue and the wasm it loads. */
export const ORT_FILES = ['ort.wasm.min.mjs', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];

export async function build({ root, outDir }) {
  const from = path.join(root, 'node_modules', 'onnxruntime-web', 'dist');
  const to = path.join(outDir, 'ort');
  mkdirSync(to, { recursive: true });
  for (const file of ORT_FILES) copyFileSync(path.join(from, file), path.join(to, file));
}
