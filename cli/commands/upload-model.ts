// `edgewise upload-model`: a model folder (model.onnx + manifest.json, from import-model or train-*) to a site:
// the file uploaded (its sha256 checked against the manifest's), the manifest added to the site config as a new
// version, and published with --publish. No one computes a hash by hand.
import path from 'node:path';
import { formatPath, type SiteConfig } from '../../protocol/index.ts';
import { manifestProblems } from '../../models/onnx/check.ts';
import { readOnnx } from '../../models/onnx/read.ts';
import { readModelDir } from '../../models/pipeline/model-dir.ts';
import { adminCommand } from '../admin-command.ts';
import { CliError } from '../command.ts';

export const command = adminCommand({
  summary: 'upload a model folder to a site: the file, and its manifest as a new config version (--publish)',
  usage: `edgewise upload-model --model DIR [--publish]
Uploads DIR/model.onnx (PUT /v1/admin/models; its sha256 must be the manifest's), then stores the site config with
DIR/manifest.json in its models (replacing the model of the same id) as a new version; --publish publishes it.
The manifest is checked first, as publish checks it: its inputs must read profile attributes (import-model
--source maps training columns to them).`,
  options: { model: { type: 'string' }, publish: { type: 'boolean' } },
  async run(api, values) {
    const dir = values.model;
    if (!dir) throw new CliError('missing required option --model', 2);
    let model;
    try {
      model = readModelDir(dir);
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    const { manifest, bytes } = model;
    const problems = manifestProblems(manifest, readOnnx(bytes));
    if (problems.length)
      throw new CliError(`${path.join(dir, 'manifest.json')} would be refused at publish:\n${problems.map((p) => `  ${formatPath(p.path)}: ${p.message}`).join('\n')}`);
    const uploaded = await api.uploadModel(bytes);
    if (uploaded.sha256 !== manifest.sha256)
      throw new CliError(`the edge stored model.onnx as sha256 ${uploaded.sha256}, but the manifest says ${manifest.sha256}: the folder's files do not belong together (re-run import-model)`);
    process.stdout.write(`uploaded ${path.join(dir, 'model.onnx')} (${uploaded.bytes} bytes) as ${uploaded.url}\n`);
    const { config, version: base } = await api.getConfig();
    const models = (config as SiteConfig).models ?? [];
    const at = models.findIndex((m) => m.id === manifest.id);
    const next = { ...config, models: at >= 0 ? models.map((m, i) => (i === at ? manifest : m)) : [...models, manifest] };
    const { version } = await api.putConfig(next, base);
    process.stdout.write(`stored ${api.target.site} version ${version} with model ${manifest.id} (${at >= 0 ? 'replaced' : 'added'})\n`);
    if (values.publish) {
      const answer = await api.publish(version);
      process.stdout.write(`published ${api.target.site} version ${answer.version}; etag ${answer.etag}\n`);
    } else process.stdout.write(`publish it with: edgewise publish --site ${api.target.site} --version ${version}\n`);
    return 0;
  },
});
