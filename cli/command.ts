// What every CLI command implements, and the argument parser they share.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from '../protocol/suggest.ts';

export interface Command {
  /** One line for the command list. */
  summary: string;
  /** Runs with the arguments after the command name; returns the exit code. */
  run(argv: string[]): Promise<number>;
}

/** An error the user can fix; printed as one line without a stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/**
 * Parses `--name value` options strictly: an unknown option (with the closest known one), a missing value or a
 * stray argument is a CliError naming it.
 * @example const { values } = parseOptions(argv, { in: { type: 'string' } })
 */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const known = Object.keys(options).map((name) => `--${name}`);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const option = /'(-[^']*)'/.exec(message)?.[1] ?? message;
      throw new CliError(`unknown option ${option}.${didYouMean(option.replace(/=.*/, ''), known, '')} Options: ${known.join(' ')}`, 2);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const word = /'([^']*)'/.exec(message)?.[1] ?? '';
      throw new CliError(`unexpected argument "${word}": options are written --name value.${didYouMean(`--${word}`, known, '')}`, 2);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new CliError(message.replace(/^Option '([^ ']+)[^']*' argument missing$/, 'option $1 needs a value'), 2);
    throw new CliError(message, 2);
  }
}

/** The value of a required option, or a CliError naming it. */
/**
 * A number option, checked: undefined when it is absent, else its value if `ok` holds, else a CliError naming the
 * option, what it expects and what it got.
 * @example numberOption(values, 'margin', (v) => v >= 0 && v <= 1, 'a share from 0 to 1') ?? 1
 */
export function numberOption(values: Record<string, unknown>, name: string, ok: (v: number) => boolean, expected: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!ok(v)) throw new CliError(`--${name}: expected ${expected}, received "${String(raw)}"`, 2);
  return v;
}

export function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new CliError(`missing required option --${name}`, 2);
  return value;
}
