// What every CLI command implements, and the argument parser they share.
import { parseArgs, type ParseArgsConfig } from 'node:util';

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
 * Parses `--name value` options strictly: an unknown option or a missing value is a CliError naming it.
 * @example const { values } = parseOptions(argv, { in: { type: 'string' } })
 */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
}

/** The value of a required option, or a CliError naming it. */
export function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new CliError(`missing required option --${name}`, 2);
  return value;
}
