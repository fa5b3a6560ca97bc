// `edgewise publish`: publishes a stored config version (the latest by default) so devices get it.
import { adminCommand, intOption } from '../admin-command.ts';

export const command = adminCommand({
  summary: 'publish a stored config version of a site (the latest by default)',
  usage: `edgewise publish [--version N]
Compiles version N (default: the newest stored version) with fresh prices and makes it what devices get.
Prints the published version, its ETag and the pricing status. Exit 1 when the edge refuses.`,
  options: { version: { type: 'string' } },
  async run(api, values) {
    const version = intOption(values.version, 'version') ?? (await api.versions()).versions[0]!.version;
    const answer = await api.publish(version);
    const fresh = answer.pricing.fresh ? '' : ' (previous prices kept)';
    process.stdout.write(`published ${api.target.site} version ${answer.version} at ${answer.publishedAt}; etag ${answer.etag}; pricing ${answer.pricing.status}${fresh}\n`);
    return 0;
  },
});
