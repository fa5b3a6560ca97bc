// Model files at the edge: uploads must be well-formed ONNX models devices can fetch whole; a publish refuses a
// manifest that does not fit the file it names (input width and name, output names and columns, input sources
// that are no profile attribute), at the manifest's path.
import { describe, expect, it } from 'vitest';
import { encodeModel, floatTensor } from '../../../models/onnx/index.ts';
import { Writer } from '../../../models/onnx/proto.ts';
import { call, demo, errorOf } from '../../test/client.ts';
import { tinyModel } from '../../test/models.ts';

/** A LinearClassifier with the [N, 2] probabilities skl2onnx writes with zipmap=False, over `width` inputs named "X". */
function classifier(width: number): Uint8Array {
  const w = Array.from({ length: width }, (_, i) => (i % 3) - 1);
  return encodeModel({
    name: 'lr', initializers: [],
    nodes: [{ op: 'LinearClassifier', domain: 'ai.onnx.ml', inputs: ['X'], outputs: ['label', 'probabilities'], attributes: {
      coefficients: { floats: [...w.map((v) => -v), ...w] }, intercepts: { floats: [0.5, -0.5] }, classlabels_ints: { ints: [0, 1] }, post_transform: { string: 'LOGISTIC' },
    } }],
    inputs: [{ name: 'X', dims: ['N', width] }],
    outputs: [{ name: 'label', dims: ['N'], elemType: 7 }, { name: 'probabilities', dims: ['N', 2] }],
  });
}

async function upload(bytes: Uint8Array): Promise<string> {
  const answer = await call('PUT', '/v1/admin/models', { raw: bytes });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.sha256;
}

/** Stores a demo config with these models and publishes it. */
async function publishWith(models: unknown[]) {
  const config = demo();
  config.models = models as never;
  const put = await call('PUT', '/v1/admin/sites/demo/config', { body: config });
  expect(put.status, JSON.stringify(put.body)).toBe(201);
  return call('POST', '/v1/admin/sites/demo/publish', { body: { version: put.body.version } });
}

const numeric = (name: string, source: string) => ({ kind: 'numeric', name, source });

describe('model files', () => {
  it('stores uploads by content hash and serves them immutably', async () => {
    const bytes = tinyModel(1);
    const upload = await call('PUT', '/v1/admin/models', { raw: bytes, headers: { 'content-type': 'application/octet-stream' } });
    expect(upload.status).toBe(201);
    expect(upload.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(upload.body.bytes).toBe(bytes.length);
    const again = await call('PUT', '/v1/admin/models', { raw: bytes });
    expect(again.body.sha256).toBe(upload.body.sha256);

    const { SELF } = await import('cloudflare:test');
    const response = await SELF.fetch(`http://edge.test/v1/models/${upload.body.sha256}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
  });

  it('rejects bad hashes, unknown files, empty and unauthenticated uploads', async () => {
    const bad = await call('GET', '/v1/models/xyz', { token: null });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).path).toEqual(['sha256']);
    const missing = await call('GET', `/v1/models/${'0'.repeat(64)}`, { token: null });
    expect(missing.status).toBe(404);
    const empty = await call('PUT', '/v1/admin/models', { raw: new Uint8Array(0) });
    expect(empty.status).toBe(400);
    const anonymous = await call('PUT', '/v1/admin/models', { token: null, raw: new Uint8Array([1]) });
    expect(anonymous.status).toBe(401);
  });

  it.each([
    ['bytes that are no protobuf', new TextEncoder().encode('<html>not a model</html>'), 'not a well-formed ONNX model: the file: not a protobuf message'],
    ['a protobuf without a graph', new Writer().int(1, 8).message(8, new Writer().string(1, '').int(2, 17)).finish(), 'not a well-formed ONNX model: not an ONNX model: no graph'],
    ['a cut-off file', tinyModel(2).slice(0, 40), 'not a well-formed ONNX model'],
    ['a node reading a tensor nobody provides', encodeModel({ name: 'g', nodes: [{ op: 'Sigmoid', inputs: ['nowhere'], outputs: ['y'] }], initializers: [], inputs: [{ name: 'input', dims: ['N', 1] }], outputs: [{ name: 'y', dims: ['N', 1] }] }), 'node 0 (Sigmoid) reads "nowhere", which no earlier node, input or initializer provides'],
  ])('refuses %s with a 400 naming why, and stores nothing', async (_, bytes, message) => {
    const answer = await call('PUT', '/v1/admin/models', { raw: bytes });
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: 'bad_request', message: expect.stringContaining(message) });
    const { SELF } = await import('cloudflare:test');
    const digest = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
    expect((await SELF.fetch(`http://edge.test/v1/models/${digest}`)).status).toBe(404);
  });

  it('refuses a model whose weights live in an external file', async () => {
    // A float tensor with data_location EXTERNAL (field 14) and its location (field 13), as torch.onnx.export writes.
    const external = new Writer().int(1, 1).int(1, 1).int(2, 1).string(8, 'W').message(13, new Writer().string(1, 'location').string(2, 'm.onnx.data')).int(14, 1);
    const bytes = encodeModel({ name: 'x', nodes: [{ op: 'MatMul', inputs: ['input', 'W'], outputs: ['y'] }], initializers: [external], inputs: [{ name: 'input', dims: ['N', 1] }], outputs: [{ name: 'y', dims: ['N', 1] }] });
    const answer = await call('PUT', '/v1/admin/models', { raw: bytes });
    expect(answer.status).toBe(400);
    expect(errorOf(answer).message).toContain('keeps weights in an external file (m.onnx.data)');
  });
});

describe('models in a published config', () => {
  it('publishes manifests of uploaded models with their URLs', async () => {
    const sha256 = await upload(tinyModel(3));
    const publish = await publishWith([{ id: 'm1', kind: 'uplift', sha256, inputs: [numeric('f', 'frequency')], outputs: { uplift: 'uplift' }, offers: ['women-15'] }]);
    expect(publish.status).toBe(200);
    const device = await call('GET', '/v1/sites/demo/config', { token: null });
    expect(device.body.models).toEqual([expect.objectContaining({ id: 'm1', sha256, url: `/v1/models/${sha256}`, offers: ['women-15'] })]);
  });

  it('publishes a classifier whose manifest reads column 1 of its [N, 2] probabilities under its own input name', async () => {
    const sha256 = await upload(classifier(2));
    const publish = await publishWith([{ id: 'lr', kind: 'propensity', sha256, inputName: 'X', inputs: [numeric('f', 'frequency'), numeric('r', 'recencyDays')], outputs: { probability: { name: 'probabilities', column: 1 } } }]);
    expect(publish.status, JSON.stringify(publish.body)).toBe(200);
  });

  it.each([
    ['an input width the model does not take', { inputs: [numeric('f', 'frequency')] }, ['models', 0, 'inputs'], 'takes 2 columns; the manifest lists 1 inputs'],
    ['another input name (skl2onnx names it X)', { inputName: 'input' }, ['models', 0, 'inputName'], 'the model\'s input is "X", not "input"'],
    ['an output name with a typo', { outputs: { probability: { name: 'probabilites', column: 1 } } }, ['models', 0, 'outputs', 'probability'], 'no output "probabilites"; did you mean probabilities?'],
    ['a column the output lacks', { outputs: { probability: { name: 'probabilities', column: 2 } } }, ['models', 0, 'outputs', 'probability', 'column'], 'has 2 columns; column 2 does not exist'],
    ['the label output as a score', { outputs: { probability: 'label' } }, ['models', 0, 'outputs', 'probability'], 'is tensor(int64) [N], not a float tensor'],
    ['a role no device reads', { outputs: { probabilty: { name: 'probabilities', column: 1 } } }, ['models', 0, 'outputs', 'probabilty'], 'unknown role "probabilty"; did you mean probability?'],
    ['a training column that is no profile attribute', { inputs: [numeric('recency', 'recency'), numeric('r', 'recencyDays')] }, ['models', 0, 'inputs', 0, 'source'], 'no profile attribute "recency"; did you mean recencyDays'],
    ['a source path with a typo', { inputs: [numeric('f', 'frequency'), numeric('r', 'recencyDay')] }, ['models', 0, 'inputs', 1, 'source'], 'did you mean recencyDays?'],
  ])('refuses %s at the manifest path, and keeps the published config', async (_, change, path, message) => {
    const sha256 = await upload(classifier(2));
    const good = { id: 'lr', kind: 'propensity', sha256, inputName: 'X', inputs: [numeric('f', 'frequency'), numeric('r', 'recencyDays')], outputs: { probability: { name: 'probabilities', column: 1 } } };
    expect((await publishWith([good])).status).toBe(200);
    const before = await call('GET', '/v1/sites/demo/config', { token: null });
    const refused = await publishWith([{ ...good, ...change }]);
    expect(refused.status).toBe(400);
    expect(errorOf(refused)).toMatchObject({ code: 'invalid_config', path, message: expect.stringContaining(message) });
    expect(errorOf(refused).message.startsWith('models[0].')).toBe(true);
    const after = await call('GET', '/v1/sites/demo/config', { token: null });
    expect(after.body.version).toBe(before.body.version);
  });

  it('refuses a ZipMap output, which onnxruntime-web cannot return', async () => {
    // seq(map(int64, tensor(float))): TypeProto.sequence_type -> elem_type -> map_type (key int64, value float tensor).
    const zipMapType = new Writer().message(4, new Writer().message(1, new Writer().message(5, new Writer().int(1, 7).message(2, new Writer().message(1, new Writer().int(1, 1))))));
    const sha256 = await upload(encodeModel({
      name: 'z', initializers: [floatTensor('W', [1, 2], [1, -1])],
      nodes: [
        { op: 'MatMul', inputs: ['input', 'W'], outputs: ['scores'] },
        { op: 'ZipMap', domain: 'ai.onnx.ml', inputs: ['scores'], outputs: ['output_probability'], attributes: { classlabels_int64s: { ints: [0, 1] } } },
      ],
      inputs: [{ name: 'input', dims: ['N', 1] }], outputs: [{ name: 'output_probability', dims: [], type: zipMapType }],
    }));
    const refused = await publishWith([{ id: 'z', kind: 'propensity', sha256, inputs: [numeric('f', 'frequency')], outputs: { probability: { name: 'output_probability', column: 1 } } }]);
    expect(refused.status).toBe(400);
    expect(errorOf(refused)).toMatchObject({ path: ['models', 0, 'outputs', 'probability'], message: expect.stringContaining('seq(map(int64,tensor(float))), which onnxruntime-web cannot return: import the model with `edgewise import-model`') });
  });
});
