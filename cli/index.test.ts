// The CLI's front door: the command list with what each does (read from the registry, so a new command appears by
// itself), "did you mean" for a mistyped command or option, every command's own --help, and an edge error with
// several problems listed in full.
import { describe, expect, it } from 'vitest';
import { AdminApiError } from './admin-client.ts';
import { toCliError } from './admin-command.ts';
import { CliError } from './command.ts';
import { runCli } from './testing.ts';

/** The registered command names, as the help prints them. */
async function listed(): Promise<Map<string, string>> {
  const { stdout } = await runCli(['--help']);
  const lines = stdout.split('commands:\n')[1]!.split('\n\n')[0]!.split('\n');
  return new Map(lines.map((line) => /^ {2}(\S+)\s+(.+)$/.exec(line)!.slice(1) as [string, string]));
}

describe('edgewise --help', () => {
  it('lists every registered command with its own summary', async () => {
    const commands = await listed();
    expect(commands.size).toBeGreaterThanOrEqual(15);
    for (const name of ['pull', 'push', 'publish', 'rollback', 'versions', 'results', 'stats', 'simulate']) expect(commands.has(name)).toBe(true);
    for (const [name, summary] of commands) {
      const { command } = await import(`./commands/${name}.ts`);
      expect(summary, name).toBe(command.summary);
    }
    const { stdout, code } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--url URL --token TOKEN --site SITE, or read EDGEWISE_URL, EDGEWISE_TOKEN and\nEDGEWISE_SITE/);
  });

  it('gives every command a --help that starts with what it does, and "help <command>" the same', async () => {
    for (const [name, summary] of await listed()) {
      const result = await runCli([name, '--help']);
      expect(result.code, `${name} --help: ${result.stderr}`).toBe(0);
      expect(result.stdout.startsWith(`edgewise ${name}: ${summary}\n\nusage: edgewise ${name}`), `${name}:\n${result.stdout}`).toBe(true);
      expect((await runCli(['help', name])).stdout).toBe(result.stdout);
      expect((await runCli([name, '-h'])).stdout).toBe(result.stdout);
    }
  });
});

describe('mistakes on the command line', () => {
  it('suggests the command meant', async () => {
    expect(await runCli(['pusb'])).toEqual({ code: 2, stdout: '', stderr: 'edgewise: unknown command "pusb". Did you mean "push"? Run "edgewise --help" for the list.\n' });
    expect((await runCli(['rolback'])).stderr).toContain('Did you mean "rollback"?');
    expect((await runCli(['deploy'])).stderr).toBe('edgewise: unknown command "deploy". Run "edgewise --help" for the list.\n');
  });

  it('suggests the option meant and lists the options; names a stray argument and a missing value', async () => {
    expect(await runCli(['push', '--sitee', 'demo'])).toEqual({
      code: 2, stdout: '',
      stderr: 'edgewise push: unknown option --sitee. Did you mean --site? Options: --in --publish --if-match --site --url --token --help\n',
    });
    expect((await runCli(['stats', 'counts.json'])).stderr).toBe('edgewise stats: unexpected argument "counts.json": options are written --name value.\n');
    expect((await runCli(['stats', '--in'])).stderr).toBe('edgewise stats: option --in needs a value\n');
  });

  it('says how to reach the local edge when --url or --token is missing', async () => {
    const saved = { ...process.env };
    delete process.env.EDGEWISE_URL;
    delete process.env.EDGEWISE_TOKEN;
    try {
      expect((await runCli(['versions', '--site', 'demo'])).stderr).toBe(
        'edgewise versions: missing --url (or EDGEWISE_URL); for the local edge of `npm start`: --url http://127.0.0.1:8787 --token dev-admin-token-change-me (ADMIN_TOKEN in .dev.vars)\n',
      );
    } finally {
      Object.assign(process.env, saved);
    }
  });
});

describe('an edge error with several problems', () => {
  it('lists every problem with its field, not only the first', () => {
    const error = new AdminApiError(400, 'invalid_config', 'offers[3].cost: Invalid input (and 2 more)', ['offers', 3, 'cost'], [
      { path: ['offers', 3, 'cost'], message: 'Invalid input: expected number, received string' },
      { path: ['offers', 5, 'upliftPrior', 'shoe-fans'], message: 'unknown segment "shoe-fans"' },
      { path: [], message: 'Unrecognized key: "colour"' },
    ]);
    const cli = toCliError(error) as CliError;
    expect(cli.message).toBe(
      'invalid_config (HTTP 400): 3 problems; nothing was changed:\n' +
        '  offers[3].cost: Invalid input: expected number, received string\n' +
        '  offers[5].upliftPrior.shoe-fans: unknown segment "shoe-fans"\n' +
        '  Unrecognized key: "colour"',
    );
    const single = toCliError(new AdminApiError(404, 'not_found', 'no site "x"')) as CliError;
    expect(single.message).toBe('not_found (HTTP 404): no site "x"');
  });
});
