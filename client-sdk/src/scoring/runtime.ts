// Loading a model: fetch by content hash, verify, compile with the compact evaluator, else fall back to ORT.
// The CLI's `score` and `evaluate` use this same code, so offline scores are the device's scores.
import type { DeviceModel, ModelManifest } from '../../../protocol/index.ts';
import { decodeModel, type Tensor } from './decode.ts';
import { Unsupported, compile } from './evaluate.ts';
import { ortSession, type OrtLocation } from './ort.ts';
import { outputNames } from './outputs.ts';

/** A model ready to score: `run` is synchronous for the compact engine, a promise for ORT. */
export interface LoadedModel {
  manifest: ModelManifest;
  engine: 'compact' | 'ort';
  run(rows: Float64Array[]): Record<string, Tensor> | Promise<Record<string, Tensor>>;
}

export interface ModelOptions {
  /** Origin the model URLs are relative to (the edge API), e.g. "https://edge.example". */
  baseUrl?: string;
  /** Replaces the network fetch, e.g. to read model bytes cached in IndexedDB. */
  fetchBytes?: (model: DeviceModel) => Promise<ArrayBuffer | Uint8Array>;
  /** Where ORT lives when a graph needs it; defaults to the edge's `${baseUrl}/ort/` copy. */
  ort?: OrtLocation;
  /** "ort" forces onnxruntime (parity tests); by default the compact evaluator is tried first. */
  engine?: 'auto' | 'ort';
}

/**
 * Builds a runner from model bytes: the compact evaluator when it supports the graph, else onnxruntime-web.
 * @example const model = await createModel(manifest, bytes); model.run([featureVector(manifest.inputs, profile)])
 */
export async function createModel(manifest: ModelManifest, bytes: Uint8Array, options: ModelOptions = {}): Promise<LoadedModel> {
  if (options.engine !== 'ort') {
    try {
      const run = compile(decodeModel(bytes), manifest.inputs.length, { inputName: manifest.inputName ?? 'input', outputs: outputNames(manifest.outputs) });
      return { manifest, engine: 'compact', run };
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
    }
  }
  // With an edge origin, ORT comes from the edge's self-hosted copy (a browser cannot resolve the bare
  // "onnxruntime-web/wasm" specifier); without one (Node, CLI) from node_modules.
  const base = options.baseUrl;
  const ort = options.ort ?? (base ? { module: new URL('/ort/ort.wasm.min.mjs', base).href, wasmPaths: new URL('/ort/', base).href } : {});
  return { manifest, engine: 'ort', run: await ortSession(bytes, manifest.inputName ?? 'input', ort, outputNames(manifest.outputs)) };
}

async function sha256Hex(bytes: Uint8Array): Promise<string | null> {
  // crypto.subtle exists only in secure contexts; a shop on plain http still gets its models.
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

const loaded = new Map<string, Promise<LoadedModel>>();

/**
 * Fetches (once per content hash), verifies and compiles a device-config model.
 * @example const model = await loadModel(config.models[0], { baseUrl: 'https://edge.example' })
 */
export function loadModel(model: DeviceModel, options: ModelOptions = {}): Promise<LoadedModel> {
  let pending = loaded.get(model.sha256);
  if (!pending) {
    pending = (async () => {
      let raw: ArrayBuffer | Uint8Array;
      if (options.fetchBytes) raw = await options.fetchBytes(model);
      else {
        // Like every request the SDK makes: no cookie, and not the page's URL.
        const response = await fetch(options.baseUrl ? new URL(model.url, options.baseUrl) : model.url, { credentials: 'omit', referrerPolicy: 'no-referrer' });
        if (!response.ok) throw new Error(`model ${model.id}: GET ${model.url} answered ${response.status}`);
        raw = await response.arrayBuffer();
      }
      const bytes = raw instanceof Uint8Array ? raw : new Uint8Array(raw);
      const hash = await sha256Hex(bytes);
      if (hash !== null && hash !== model.sha256) throw new Error(`model ${model.id}: expected sha256 ${model.sha256}, received ${hash}`);
      return createModel(model, bytes, options);
    })();
    // A failed load is retried on the next decision rather than cached forever.
    pending.catch(() => loaded.delete(model.sha256));
    loaded.set(model.sha256, pending);
  }
  return pending;
}

/** Drops loaded models (tests; a config that no longer lists a model). */
export function clearModels(): void {
  loaded.clear();
}
