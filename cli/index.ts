// The `edgewise` command-line tool: one dispatcher, each command in its own module, loaded only when used.
import { didYouMean } from '../protocol/suggest.ts';
import { CliError, type Command } from './command.ts';

/** Command name to its lazily imported module. */
const commands: Record<string, () => Promise<{ command: Command }>> = {
  'train-uplift': () => import('./commands/train-uplift.ts'),
  'train-propensity': () => import('./commands/train-propensity.ts'),
  'import-model': () => import('./commands/import-model.ts'),
  'upload-model': () => import('./commands/upload-model.ts'),
  score: () => import('./commands/score.ts'),
  evaluate: () => import('./commands/evaluate.ts'),
  optimize: () => import('./commands/optimize.ts'),
  publish: () => import('./commands/publish.ts'),
  rollback: () => import('./commands/rollback.ts'),
  versions: () => import('./commands/versions.ts'),
  books: () => import('./commands/books.ts'),
  results: () => import('./commands/results.ts'),
  pull: () => import('./commands/pull.ts'),
  push: () => import('./commands/push.ts'),
  stats: () => import('./commands/stats.ts'),
  simulate: () => import('./commands/simulate.ts'),
  'fit-clv': () => import('./commands/fit-clv.ts'),
  clv: () => import('./commands/clv.ts'),
  'set-clv': () => import('./commands/set-clv.ts'),
};

/** Everything after the registry reads it: the list, the help and the did-you-mean follow what is registered. */
const NAMES = () => Object.keys(commands).sort();

/**
 * The list of commands with what each does (their own `summary`; every module is loaded for it, which takes a
 * moment, so only `--help` does it).
 */
export async function usage(): Promise<string> {
  const names = NAMES();
  const summaries = await Promise.all(names.map(async (name) => (await commands[name]!()).command.summary));
  const width = Math.max(...names.map((n) => n.length)) + 2;
  return [
    'usage: edgewise <command> [options]',
    '',
    'commands:',
    ...names.map((name, i) => `  ${name.padEnd(width)}${summaries[i]}`),
    '',
    'Commands that talk to an edge take --url URL --token TOKEN --site SITE, or read EDGEWISE_URL, EDGEWISE_TOKEN and',
    'EDGEWISE_SITE (locally: EDGEWISE_URL=http://127.0.0.1:8787 EDGEWISE_TOKEN=dev-admin-token-change-me).',
    'Run "edgewise <command> --help" (or "edgewise help <command>") for its options and what it prints.',
  ].join('\n');
}

/**
 * Runs the CLI and returns the process exit code. Errors are printed as one line naming what is wrong (a config
 * the edge refuses lists every problem).
 * @example await main(['stats', '--in', 'counts.json'])
 */
export async function main(argv: string[]): Promise<number> {
  let [name, ...rest] = argv;
  if (name === 'help' && rest[0]) [name, rest] = [rest[0], ['--help']];
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${await usage()}\n`);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`edgewise: unknown command "${name}".${didYouMean(name, NAMES())} Run "edgewise --help" for the list.\n`);
    return 2;
  }
  const { command } = await load();
  rest = rest.map((arg) => (arg === '-h' ? '--help' : arg));
  // A command's help starts with what it does, whoever wrote its usage text.
  if (rest.includes('--help')) process.stdout.write(`edgewise ${name}: ${command.summary}\n\n`);
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`edgewise ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
