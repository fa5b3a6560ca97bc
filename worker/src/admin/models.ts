// PUT /v1/admin/models: upload an ONNX file; a well-formed one is stored under its SHA-256 and referenced from manifests.
import { Hono } from 'hono';
import { requireToken } from '../auth/index.ts';
import type { AppEnv } from '../env.ts';
import { ApiError, readBodyBytes } from '../http/index.ts';
import { putModel } from '../storage/index.ts';
import { OnnxFormatError, readOnnx } from '../../../models/onnx/read.ts';

/** KV values may be 25 MiB; compact on-device models are far smaller, and devices download them. */
export const MAX_MODEL_BYTES = 8 * 1024 * 1024;

export const adminModelRoutes = new Hono<AppEnv>()
  .use('/v1/admin/models', requireToken)
  .put('/v1/admin/models', async (c) => {
    const bytes = await readBodyBytes(c, MAX_MODEL_BYTES);
    if (bytes.byteLength === 0) throw new ApiError(400, 'bad_request', 'body: expected the ONNX file bytes, received an empty body');
    // Only well-formed ONNX models that devices can fetch whole are stored: what the manifest may use is checked at publish.
    try {
      const info = readOnnx(bytes);
      if (info.externalData.length)
        throw new ApiError(400, 'bad_request', `body: the model keeps weights in an external file (${info.externalData.map((e) => e.location).join(', ')}), which devices never get: run \`edgewise import-model\`, which inlines them`);
    } catch (error) {
      if (error instanceof OnnxFormatError) throw new ApiError(400, 'bad_request', `body: not a well-formed ONNX model: ${error.message}`);
      throw error;
    }
    // A file is usable by the sites of the token that uploaded it: a site-scoped token uploads for its sites only.
    const sha256 = await putModel(c.env.CONFIG_KV, c.env.DB, bytes, c.get('sites'), c.get('actor'));
    return c.json({ sha256, bytes: bytes.byteLength, url: `/v1/models/${sha256}` }, 201);
  });
