// `edgewise versions`: the stored config versions of a site, newest first, with the published one marked.
import { adminCommand } from '../admin-command.ts';

export const command = adminCommand({
  summary: 'list the stored config versions of a site, marking the published one',
  usage: `edgewise versions [--json]
One line per version: number, * when published, when, by whom, what changed. --json prints the API answer.`,
  options: { json: { type: 'boolean' } },
  async run(api, values) {
    const answer = await api.versions();
    if (values.json) {
      process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
      return 0;
    }
    const lines = answer.versions.map(
      (v) => `${String(v.version).padStart(4)} ${v.published ? '*' : ' '} ${v.createdAt}  ${v.createdBy.padEnd(12)} ${v.summary}`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
});
