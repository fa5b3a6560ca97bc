// Small real ONNX models for worker tests: model uploads are checked, so a test uploads a well-formed file.
import { classTransformGraph } from '../../models/onnx/index.ts';

/**
 * A one-input uplift model (input "input" float32 [N, 1], output "uplift" [N, 1]); `seed` varies its weight, so
 * tests get distinct files (and hashes).
 * @example const bytes = tinyModel(3)
 */
export function tinyModel(seed = 1): Uint8Array {
  return classTransformGraph({ weights: [seed / 10], bias: -1 }, { features: 1 });
}
