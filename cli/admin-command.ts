// What the admin commands (publish, rollback, versions, results, pull, push, books, ...) share: the --site/--url/--token
// options with their environment fallbacks, and API errors turned into one-line CLI errors naming the field.
import { formatPath } from '../protocol/errors.ts';
import { AdminApiError, adminClient, resolveTarget, type AdminClient } from './admin-client.ts';
import { CliError, parseOptions, type Command } from './command.ts';

const TARGET_HELP = `--site S --url URL --token T   (or EDGEWISE_SITE, EDGEWISE_URL, EDGEWISE_TOKEN)`;

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

export interface AdminCommandSpec<O extends OptionSpec> {
  summary: string;
  /** Usage line after "edgewise <name>", and the text below it. */
  usage: string;
  options: O;
  run(api: AdminClient, values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string }): Promise<number>;
}

/**
 * The API's error as a CLI error: `invalid_config (HTTP 400) at offers[3].cost: ...`, or, when the edge listed
 * several problems, every one on its own line under `N problems; nothing was changed:`.
 */
export function toCliError(error: unknown): unknown {
  if (!(error instanceof AdminApiError)) return error;
  const status = error.status ? ` (HTTP ${error.status})` : '';
  if (error.issues.length > 1) {
    const lines = error.issues.map((issue) => `  ${issue.path.length ? `${formatPath(issue.path)}: ` : ''}${issue.message}`);
    return new CliError(`${error.code}${status}: ${error.issues.length} problems; nothing was changed:\n${lines.join('\n')}`, 1);
  }
  const where = error.path.length ? ` at ${formatPath(error.path)}` : '';
  return new CliError(`${error.code}${status}${where}: ${error.message}`, 1);
}

/**
 * Builds a Command that resolves its target, creates the admin client and reports API errors clearly.
 * @example export const command = adminCommand({ summary, usage, options: {}, run: async (api) => 0 })
 */
export function adminCommand<O extends OptionSpec>(spec: AdminCommandSpec<O>): Command {
  return {
    summary: spec.summary,
    async run(argv) {
      const { values } = parseOptions(argv, {
        ...spec.options,
        site: { type: 'string' },
        url: { type: 'string' },
        token: { type: 'string' },
        help: { type: 'boolean' },
      }) as { values: Record<string, string | boolean | undefined> };
      if (values.help) {
        process.stdout.write(`usage: ${spec.usage.replace('\n', `\n  ${TARGET_HELP}\n`)}\n`);
        return 0;
      }
      const target = resolveTarget(values as { url?: string; token?: string; site?: string }, process.env);
      if ('missing' in target)
        throw new CliError(`missing ${target.missing}; for the local edge of \`npm start\`: --url http://127.0.0.1:8787 --token dev-admin-token-change-me (ADMIN_TOKEN in .dev.vars)`, 2);
      try {
        return await spec.run(adminClient(target), values as never);
      } catch (error) {
        throw toCliError(error);
      }
    },
  };
}

/** An integer option such as --version, or a CliError naming it. */
export function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--${name}: expected a positive integer, received "${value}"`, 2);
  return n;
}
