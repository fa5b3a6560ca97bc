// `edgewise pull`: writes the latest source config of a site to a file (or stdout), to keep rules in git.
import { writeFileSync } from 'node:fs';
import { adminCommand } from '../admin-command.ts';
import { CliError } from '../command.ts';

export const command = adminCommand({
  summary: 'write the latest source config of a site to --out F.json (or stdout)',
  usage: `edgewise pull [--out F.json]
Writes the newest stored version as indented JSON; "edgewise push --in F.json" stores it back.`,
  options: { out: { type: 'string' } },
  async run(api, values) {
    const { config, version } = await api.getConfig();
    const text = `${JSON.stringify(config, null, 2)}\n`;
    if (!values.out) process.stdout.write(text);
    else {
      try {
        writeFileSync(values.out, text);
      } catch (error) {
        throw new CliError(`--out: cannot write ${values.out}: ${(error as Error).message}`);
      }
      process.stderr.write(`pulled ${api.target.site} version ${version} into ${values.out}\n`);
    }
    return 0;
  },
});
