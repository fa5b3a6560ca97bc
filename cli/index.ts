// The `edgewise` command-line tool: one dispatcher, each command in its own module, loaded only when used.
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
  results: () => import('./commands/results.ts'),
  pull: () => import('./commands/pull.ts'),
  push: () => import('./commands/push.ts'),
  stats: () => import('./commands/stats.ts'),
  simulate: () => import('./commands/simulate.ts'),
  'fit-clv': () => import('./commands/fit-clv.ts'),
  clv: () => import('./commands/clv.ts'),
};

function usage(): string {
  const names = Object.keys(commands).sort();
  return `usage: edgewise <command> [options]\n\ncommands:\n${names.map((n) => `  ${n}`).join('\n')}\n\nRun "edgewise <command> --help" for a command's options.`;
}

/**
 * Runs the CLI and returns the process exit code. Errors are printed as one line naming what is wrong.
 * @example await main(['stats', '--in', 'counts.json'])
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`edgewise: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  const { command } = await load();
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
