// import-model's refusals and choices on hand-built graphs and zoo files: each names the op, input or output at
// fault (exit 1), or says which engine runs the model and why.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/testing.ts';
import { encodeModel, floatTensor, Writer, type NodeSpec } from '../onnx/index.ts';
import { readZoo, zooDir } from './zoo.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'edgewise-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** Writes a graph over input "X" float32 [N, width] to a file. */
function model(nodes: NodeSpec[], outputs: { name: string; dims: (number | string)[]; elemType?: number; type?: Writer }[], options: { width?: number; init?: Writer[]; inputs?: { name: string; dims: (number | string)[] }[] } = {}): string {
  const file = path.join(dir, `m${n++}.onnx`);
  writeFileSync(file, encodeModel({ name: 'g', nodes, initializers: options.init ?? [], inputs: options.inputs ?? [{ name: 'X', dims: ['N', options.width ?? 2] }], outputs }));
  return file;
}

const classifier = (labels: { ints: number[] } | { strings: string[] }) => {
  const k = 'ints' in labels ? labels.ints.length : labels.strings.length;
  return model(
    [{ op: 'LinearClassifier', domain: 'ai.onnx.ml', inputs: ['X'], outputs: ['label', 'probabilities'], attributes: {
      coefficients: { floats: Array.from({ length: 2 * k }, (_, i) => (i % 3) - 1) }, intercepts: { floats: Array.from({ length: k }, (_, i) => i / 10) },
      ...('ints' in labels ? { classlabels_ints: labels } : { classlabels_strings: labels }), post_transform: { string: 'SOFTMAX' },
    } }],
    [{ name: 'label', dims: ['N'], elemType: 'ints' in labels ? 7 : 8 }, { name: 'probabilities', dims: ['N', k] }],
  );
};

async function importing(file: string, ...extra: string[]) {
  const out = path.join(dir, `out${n++}`);
  const r = await runCli(['import-model', '--onnx', file, '--role', 'propensity', '--features', 'frequency,recencyDays', '--out', out, ...extra]);
  return { ...r, out, manifest: existsSync(path.join(out, 'manifest.json')) ? JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) : undefined };
}

describe('upload-model', () => {
  it('refuses, before any upload, a folder whose inputs read no profile attribute, naming each', async () => {
    const out = path.join(dir, 'unmapped');
    expect((await runCli(['import-model', '--onnx', classifier({ ints: [0, 1] }), '--role', 'propensity', '--features', 'recency,history', '--out', out])).code).toBe(0);
    // Port 9 (discard): nothing listens, so a request would fail differently.
    const refused = await runCli(['upload-model', '--model', out, '--site', 'demo', '--url', 'http://127.0.0.1:9', '--token', 't']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('manifest.json would be refused at publish:\n  inputs[0].source: input "recency": no profile attribute "recency"; did you mean recencyDays');
    expect(refused.stderr).toContain('inputs[1].source: input "history": no profile attribute "history"');
  });
});

describe('import-model on hand-built graphs', () => {
  it('reads P(class 1) of a binary classifier, names its input, and keeps profile attributes as they are', async () => {
    const r = await importing(classifier({ ints: [0, 1] }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.manifest).toMatchObject({ inputName: 'X', outputs: { probability: { name: 'probabilities', column: 1 } }, inputs: [{ source: 'frequency', fill: 0 }, { source: 'recencyDays', fill: 0 }] });
    expect(r.stdout).toContain('score    probability = probabilities[:, 1]: P(class 1) of the LinearClassifier\'s [N, 2] probabilities');
    expect(r.stdout).toContain('engine   compact: the compact evaluator runs every op the score needs (LinearClassifier): no wasm download');
    expect(r.stdout).toContain('missing  recencyDays <- recencyDays: null until known -> 0');
  });

  it('refuses a multi-class or unlabelled choice until --column says which class', async () => {
    const three = classifier({ ints: [0, 1, 2] });
    const refused = await importing(three);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('output "probabilities" holds the probabilities of 3 classes (0, 1, 2): pass --column');
    expect((await importing(three, '--column', '2')).manifest.outputs.probability).toEqual({ name: 'probabilities', column: 2 });
    expect((await importing(three, '--column', '3')).stderr).toContain('--column 3: output "probabilities" has 3 columns (0 to 2)');
    const words = classifier({ strings: ['stayed', 'visited'] });
    expect((await importing(words)).stderr).toContain('the classes are "stayed", "visited", and neither reads as the positive one: pass --column 0 for "stayed" or --column 1 for "visited"');
    expect((await importing(classifier({ strings: ['no', 'yes'] }))).manifest.outputs.probability).toEqual({ name: 'probabilities', column: 1 });
  });

  it('names a wrong output, a label output, and a wrong feature count', async () => {
    const file = classifier({ ints: [0, 1] });
    expect((await importing(file, '--output', 'probabilites')).stderr).toContain('the model has no output "probabilites"; did you mean probabilities? (outputs: label tensor(int64) [N], probabilities tensor(float) [N, 2])');
    expect((await importing(file, '--output', 'label')).stderr).toContain('output "label" is tensor(int64) [N], not a float tensor: a score must be a number per row (this is the predicted label; the probabilities are another output)');
    const r = await runCli(['import-model', '--onnx', file, '--role', 'propensity', '--features', 'frequency', '--out', path.join(dir, 'short')]);
    expect(r).toMatchObject({ code: 1 });
    expect(r.stderr).toContain('input "X" takes 2 columns; --features names 1 (frequency)');
    expect(existsSync(path.join(dir, 'short'))).toBe(false);
  });

  it('names a --source path that is no profile attribute, with the close ones, and a column that is no feature', async () => {
    const file = classifier({ ints: [0, 1] });
    expect((await importing(file, '--source', 'recencyDays=recencyDay')).stderr).toContain('--source recencyDays=recencyDay: no profile attribute "recencyDay"; did you mean recencyDays?');
    expect((await importing(file, '--source', 'recency=recencyDays')).stderr).toContain('--source "recency=recencyDays": no feature column "recency"; did you mean recencyDays, frequency?');
    expect((await importing(file, '--source', 'frequency=categoryAffinity')).stderr).toContain('"categoryAffinity" is a map (category -> score): name one key, as in categoryAffinity.KEY');
    const mapped = await importing(file, '--source', 'frequency=categoryAffinity.shoes,recencyDays=topCategory==shoes', '--fill', 'frequency=missing');
    expect(mapped.code, mapped.stderr).toBe(0);
    expect(mapped.manifest.inputs).toEqual([
      { kind: 'numeric', name: 'frequency', source: 'categoryAffinity.shoes', fill: null },
      { kind: 'onehot', name: 'recencyDays', source: 'topCategory', value: 'shoes' },
    ]);
  });

  it('warns about columns no profile attribute backs, naming the close ones', async () => {
    const r = await runCli(['import-model', '--onnx', classifier({ ints: [0, 1] }), '--role', 'propensity', '--features', 'recency,history', '--out', path.join(dir, 'warn')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: 2 of 2 inputs are no profile attribute, so a device would always read their fill value, and publishing refuses the model until --source maps them: recency (did you mean recencyDays, frequency?), history');
  });

  it('maps several outputs to uplift roles, and reads a single output as the uplift', async () => {
    const init = [floatTensor('Wt', [2, 1], [0.5, -0.25]), floatTensor('Wc', [2, 1], [0.2, -0.1])];
    const tLearner = model([
      { op: 'MatMul', inputs: ['X', 'Wt'], outputs: ['zt'] }, { op: 'Sigmoid', inputs: ['zt'], outputs: ['pt'] },
      { op: 'MatMul', inputs: ['X', 'Wc'], outputs: ['zc'] }, { op: 'Sigmoid', inputs: ['zc'], outputs: ['pc'] },
    ], [{ name: 'pt', dims: ['N', 1] }, { name: 'pc', dims: ['N', 1] }], { init });
    const out = path.join(dir, 'uplift');
    const r = await runCli(['import-model', '--onnx', tLearner, '--role', 'uplift', '--features', 'frequency,recencyDays', '--output', 'p_treatment=pt,p_control=pc:0', '--offers', 'women-15', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'))).toMatchObject({ kind: 'uplift', offers: ['women-15'], outputs: { p_treatment: 'pt', p_control: { name: 'pc', column: 0 } } });
    expect((await runCli(['import-model', '--onnx', tLearner, '--role', 'uplift', '--features', 'frequency,recencyDays', '--out', out])).stderr).toContain('several outputs could be the score (pt tensor(float) [N, 1], pc tensor(float) [N, 1]): name one with --output');
    const single = model([{ op: 'MatMul', inputs: ['X', 'Wt'], outputs: ['u'] }], [{ name: 'u', dims: ['N', 1] }], { init });
    const u = await runCli(['import-model', '--onnx', single, '--role', 'uplift', '--features', 'frequency,recencyDays', '--out', out]);
    expect(u.code, u.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')).outputs).toEqual({ uplift: 'u' });
    expect((await runCli(['import-model', '--onnx', single, '--role', 'propensity', '--features', 'frequency,recencyDays', '--output', 'uplift=u', '--out', out])).stderr).toContain('a propensity model gives "probability"; --output names uplift');
  });

  it('refuses inputs the device cannot feed', async () => {
    const two = model([{ op: 'Add', inputs: ['X', 'Y'], outputs: ['y'] }], [{ name: 'y', dims: ['N', 2] }], { inputs: [{ name: 'X', dims: ['N', 2] }, { name: 'Y', dims: ['N', 2] }] });
    expect((await importing(two)).stderr).toContain('the model has 2 inputs (X tensor(float) [N, 2], Y tensor(float) [N, 2]); the device feeds one float32 [N, features] input');
    const doubles = path.join(dir, 'double.onnx');
    // A double input, written by hand (the writer declares float inputs).
    const shape = new Writer().message(1, new Writer().string(2, 'N')).message(1, new Writer().int(1, 2));
    const doubleTensor = (name: string) => new Writer().string(1, name).message(2, new Writer().message(1, new Writer().int(1, 11).message(2, shape)));
    const graph = new Writer().message(1, new Writer().string(1, 'X').string(2, 'y').string(4, 'Identity')).string(2, 'g').message(11, doubleTensor('X')).message(12, doubleTensor('y'));
    writeFileSync(doubles, new Writer().int(1, 8).message(8, new Writer().string(1, '').int(2, 17)).message(7, graph).finish());
    expect((await importing(doubles)).stderr).toContain('input "X" is tensor(double) [N, 2]; the device feeds float32');
    const garbage = path.join(dir, 'garbage.onnx');
    writeFileSync(garbage, 'PK\u0003\u0004 a zip file, not a model');
    expect((await importing(garbage)).stderr).toContain('refused garbage.onnx: not a well-formed ONNX model');
  });

  it('says a graph beyond the compact set runs on onnxruntime, naming the op; refuses what neither engine runs', async () => {
    const init = [floatTensor('W', [2, 1], [0.5, -0.25])];
    const sin = model([{ op: 'MatMul', inputs: ['X', 'W'], outputs: ['z'] }, { op: 'Sin', inputs: ['z'], outputs: ['y'] }], [{ name: 'y', dims: ['N', 1] }], { init });
    const r = await importing(sin);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("engine   onnxruntime-web: the compact evaluator lacks op ai.onnx:Sin: devices download onnxruntime-web's wasm (a 14 MB file, once) to run it");
    const custom = model([{ op: 'Magic', domain: 'com.example', inputs: ['X'], outputs: ['y'] }], [{ name: 'y', dims: ['N', 1] }]);
    const refused = await importing(custom);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('neither engine can run this model: the compact evaluator lacks op com.example:Magic, and onnxruntime says:');
  });
});

const zoo = zooDir();
describe.skipIf(!zoo)('import-model on zoo files', () => {
  const { models } = zoo ? readZoo(zoo) : { models: [] };
  const features = models[0]?.feature_names.join(',') ?? '';

  it('refuses a default torch export whose weights file is not beside it, naming the file', async () => {
    const alone = path.join(dir, 'alone');
    rmSync(alone, { recursive: true, force: true });
    copyFileSync(path.join(zoo!, 'pt_mlp_extdata.onnx'), path.join(dir, 'pt_mlp_extdata.onnx'));
    const r = await runCli(['import-model', '--onnx', path.join(dir, 'pt_mlp_extdata.onnx'), '--role', 'propensity', '--features', features, '--out', alone]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('initializer "fc1.weight" keeps its weights in "pt_mlp_extdata.onnx.data", which is not beside the model');
  });

  it('inlines the weights file when it is beside the model, and reports it', async () => {
    const r = await runCli(['import-model', '--onnx', path.join(zoo!, 'pt_mlp_extdata.onnx'), '--role', 'propensity', '--features', features, '--out', path.join(dir, 'inlined')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('changed  inlined the external weights of fc1.weight (the device fetches one file)');
  });

  it('takes missing values down a tree model\'s own branches by default', async () => {
    const r = await runCli(['import-model', '--onnx', path.join(zoo!, 'lgbm.onnx'), '--role', 'propensity', '--features', features, '--source', 'recency=recencyDays', '--out', path.join(dir, 'lgbm')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("missing  recency <- recencyDays: null until known -> NaN: the model's own missing-value branches decide");
    expect(r.stdout).toContain('changed  replaced the ZipMap of "probabilities" by its [N, 2] probabilities');
  });
});
