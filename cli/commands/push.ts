// `edgewise push`: stores a config file as a new version (validated by the edge), optionally publishing it.
import { readFileSync } from 'node:fs';
import { adminCommand, intOption } from '../admin-command.ts';
import { CliError } from '../command.ts';

export const command = adminCommand({
  summary: 'store --in F.json as a new config version of a site (--publish to publish it too)',
  usage: `edgewise push --in F.json [--publish] [--if-match N]
The edge validates the file; a rejection lists every problem with its field (e.g. offers[3].cost) and exits 1,
storing nothing.
--if-match N refuses (409) when a version newer than N was stored meanwhile.`,
  options: { in: { type: 'string' }, publish: { type: 'boolean' }, 'if-match': { type: 'string' } },
  async run(api, values) {
    const file = values.in;
    if (!file) throw new CliError('missing required option --in', 2);
    let config: unknown;
    try {
      config = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new CliError(`--in: cannot read ${file} as JSON: ${(error as Error).message}`);
    }
    const { version } = await api.putConfig(config, intOption(values['if-match'], 'if-match'));
    process.stdout.write(`stored ${api.target.site} version ${version}\n`);
    if (values.publish) {
      const answer = await api.publish(version);
      process.stdout.write(`published ${api.target.site} version ${answer.version}; etag ${answer.etag}; pricing ${answer.pricing.status}\n`);
    }
    return 0;
  },
});
