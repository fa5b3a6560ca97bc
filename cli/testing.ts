// Test helpers for CLI commands: run the dispatcher in-process with stdout and stderr captured, write inputs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import { main } from './index.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `edgewise <argv>` in-process; what it prints is captured, not shown (tests fail on console output).
 * @example const { code, stdout } = await runCli(['stats', '--in', file])
 */
export async function runCli(argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/**
 * A writer of input files in a fresh temporary folder: objects are written as JSON, strings as they are.
 * @example const file = inputFiles('edgewise-stats'); const f = file({ arms: [] })
 */
export function inputFiles(prefix: string): (content: unknown) => string {
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  let n = 0;
  return (content) => {
    const f = path.join(dir, `input-${n++}.json`);
    writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
    return f;
  };
}
