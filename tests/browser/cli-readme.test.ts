// The CLI as the READMEs show it: the README's admin block runs as written against a local edge (its URL and token
// swapped for the test edge's), and every other `npx edgewise` line names a command and options that exist.
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../cli/testing.ts';
import { seedSite } from './sdk-helpers.ts';

const SITE = 'readme-cli';

/** A shell line's words (quotes and `$VARS` kept simple: the READMEs use neither inside arguments). */
const words = (line: string) => line.replace(/\s+#.*$/, '').trim().split(/\s+/);

/** Every `npx edgewise ...` line of the READMEs, with its file; continued lines (`\`) joined. */
function readmeLines(): { file: string; line: string }[] {
  const files = ['README.md', ...readdirSync('.').map((d) => path.join(d, 'README.md')).filter((f) => f !== 'README.md' && existsSync(f))];
  const out: { file: string; line: string }[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8').replace(/\\\n\s*/g, ' ');
    for (const m of text.matchAll(/^npx edgewise (.+)$/gm)) out.push({ file, line: m[1]! });
  }
  return out;
}

describe('the CLI as the READMEs show it', () => {
  const edgeUrl = inject('edgeUrl');
  const token = inject('adminToken');
  const saved = { ...process.env };
  const cwd = process.cwd();
  beforeAll(() => {
    delete process.env.EDGEWISE_SITE;
  });
  afterAll(() => {
    process.chdir(cwd);
    for (const key of ['EDGEWISE_URL', 'EDGEWISE_TOKEN']) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it('runs the README\'s admin block against a local edge, line by line', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /```sh\n(export EDGEWISE_URL=[\s\S]*?)```/.exec(readme)![1]!.trim().split('\n');
    const [exportLine, ...commands] = block;
    // The export line names npm start's local edge and token; the test edge has its own port and token.
    expect(exportLine).toBe('export EDGEWISE_URL=http://127.0.0.1:8787 EDGEWISE_TOKEN=dev-admin-token-change-me');
    process.env.EDGEWISE_URL = edgeUrl;
    process.env.EDGEWISE_TOKEN = token;
    // A copy of the demo site: the other browser tests read the demo site's versions.
    await seedSite(edgeUrl, token, SITE, {});
    process.chdir(mkdtempSync(path.join(os.tmpdir(), 'edgewise-readme-')));
    const outputs: string[] = [];
    try {
      for (const line of commands) {
        expect(line.startsWith('npx edgewise ')).toBe(true);
        const argv = words(line).slice(2).map((w) => (w === 'demo' ? SITE : w));
        const result = await runCli(argv);
        expect(result.code, `${line}\n${result.stderr}`).toBe(0);
        outputs.push(result.stdout + result.stderr);
      }
    } finally {
      process.chdir(cwd);
    }
    // pull wrote the file push read; publish and rollback name live versions; the help lists commands.
    expect(outputs.join('\n')).toMatch(/pulled readme-cli version \d+ into rules\.json/);
    expect(outputs.join('\n')).toMatch(/published readme-cli version \d+/);
    expect(outputs.at(-1)).toMatch(/^usage: edgewise <command>/);
  });

  it('every other `npx edgewise` line names a command and options that exist (checked with --help)', async () => {
    const lines = readmeLines();
    expect(lines.length).toBeGreaterThan(20);
    for (const { file, line } of lines) {
      // A synopsis's optional parts (`[--x y]`), alternatives (`a | b`) and `...` are left out; what is left must parse.
      const argv = words(line.replace(/\[[^\]]*\]/g, ' ').split(' | ')[0]!).filter((w) => w !== '...' && !w.includes('|'));
      const result = await runCli([...argv, '--help']);
      expect(result.stderr, `${file}: npx edgewise ${line}`).not.toMatch(/unknown (command|option)|unexpected argument/);
    }
  });
});
