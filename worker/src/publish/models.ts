// Publish-time model checks: every manifest of the config matches the model file it names (input name and
// width, the outputs its roles read, input sources that are profile attributes), with the error at its path.
import type { SiteConfig } from '../../../protocol/index.ts';
import { formatPath } from '../../../protocol/index.ts';
import { manifestProblems } from '../../../models/onnx/check.ts';
import { OnnxFormatError, readOnnx } from '../../../models/onnx/read.ts';
import { ApiError } from '../http/index.ts';
import { getModel } from '../storage/index.ts';

/**
 * Throws a 400 naming the first manifest field that does not fit its model file. Files are read from KV, so a
 * file uploaded before these checks existed is held to them too.
 * @example await assertManifestsMatchModels(env.CONFIG_KV, config)
 */
export async function assertManifestsMatchModels(kv: KVNamespace, config: SiteConfig): Promise<void> {
  for (const [i, manifest] of config.models.entries()) {
    const bytes = await getModel(kv, manifest.sha256);
    if (!bytes) continue; // absence is the upload check's to report
    let problems;
    try {
      problems = manifestProblems(manifest, readOnnx(new Uint8Array(bytes)));
    } catch (error) {
      if (!(error instanceof OnnxFormatError)) throw error;
      problems = [{ path: ['sha256'], message: `the file is not a well-formed ONNX model: ${error.message}` }];
    }
    const first = problems[0];
    if (first) {
      const path = ['models', i, ...first.path];
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
      throw new ApiError(400, 'invalid_config', `${formatPath(path)}: model "${manifest.id}": ${first.message}${more}`, path);
    }
  }
}
