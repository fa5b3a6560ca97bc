// `edgewise rollback`: republishes the previously published version (or a given one).
import { adminCommand, intOption } from '../admin-command.ts';

export const command = adminCommand({
  summary: 'republish the previous published version of a site (or --version N)',
  usage: `edgewise rollback [--version N]
Without --version, republishes the version published before the current one. Exit 1 when there is none.`,
  options: { version: { type: 'string' } },
  async run(api, values) {
    const answer = await api.rollback(intOption(values.version, 'version'));
    process.stdout.write(`rolled ${api.target.site} back to version ${answer.version} at ${answer.publishedAt}; etag ${answer.etag}\n`);
    return 0;
  },
});
