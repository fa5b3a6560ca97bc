// The admin CLI against the local edge, as a retailer's CI would run it: push a config file (a rejected one
// names the field and exits 1), publish, pull, list versions, read results, roll back. Uses its own site so the
// demo site the browser tests read is left alone.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { main } from '../../cli/index.ts';

const SITE = 'cli-ci';

describe('edgewise admin commands', () => {
  const edgeUrl = inject('edgeUrl');
  const token = inject('adminToken');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edgewise-cli-'));
  const file = (name: string, value: unknown) => {
    const p = path.join(dir, name);
    writeFileSync(p, JSON.stringify(value));
    return p;
  };
  const config = () => ({ ...JSON.parse(readFileSync('demo/site-config.json', 'utf8')), site: SITE });

  /** Runs the CLI and captures what it prints. */
  async function run(...argv: string[]) {
    let out = '';
    let err = '';
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
    try {
      const code = await main(argv);
      return { code, out, err };
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  }
  const target = ['--site', SITE, '--url', edgeUrl, '--token', token];
  const liveTitle = async () => {
    const device = await (await fetch(`${edgeUrl}/v1/sites/${SITE}/config`)).json();
    return { version: device.version as number, title: device.offers[0].content.title as string };
  };

  beforeAll(() => {
    delete process.env.EDGEWISE_URL;
    delete process.env.EDGEWISE_TOKEN;
    delete process.env.EDGEWISE_SITE;
  });
  afterEach(() => {
    delete process.env.EDGEWISE_URL;
    delete process.env.EDGEWISE_TOKEN;
  });

  it('refuses an invalid file with the API message and field path, storing nothing', async () => {
    const bad = config();
    bad.offers[3].redemptionCost = 'cheap';
    const result = await run('push', '--in', file('bad.json', bad), ...target);
    expect(result.code).toBe(1);
    expect(result.err).toBe('edgewise push: invalid_config (HTTP 400) at offers[3].redemptionCost: offers[3].redemptionCost: Invalid input: expected number, received string\n');
    const versions = await run('versions', ...target);
    expect(versions.code).toBe(1);
    expect(versions.err).toContain('not_found (HTTP 404)');
  });

  it('lists every problem of a config with several, storing nothing', async () => {
    const bad = config();
    bad.offers[3].margin = 'high';
    bad.globalHoldout = 2;
    bad.attributionDays = 200;
    const result = await run('push', '--in', file('bad3.json', bad), ...target);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^edgewise push: invalid_config \(HTTP 400\): 3 problems; nothing was changed:\n/);
    for (const line of ['  offers[3].margin: Invalid input: expected number, received string', '  globalHoldout: Too big: expected number to be <=0.5', '  attributionDays: Too big: expected number to be <=90'])
      expect(result.err).toContain(line);
  });

  it('pushes and publishes, pulls the same config back, lists versions', async () => {
    const pushed = await run('push', '--in', file('good.json', config()), '--publish', ...target);
    expect(pushed).toMatchObject({ code: 0, err: '' });
    expect(pushed.out).toMatch(/^stored cli-ci version 1\npublished cli-ci version 1; etag "[0-9a-f]{64}"; pricing optimal\n$/);
    const out = path.join(dir, 'pulled.json');
    expect((await run('pull', '--out', out, ...target)).code).toBe(0);
    const pulled = JSON.parse(readFileSync(out, 'utf8'));
    // What was pushed comes back, with the defaults the edge filled in.
    expect(pulled).toMatchObject(config());
    const versions = await run('versions', ...target);
    expect(versions.out).toMatch(/^ {3}1 \* \S+ +admin +created: 9 segments, 12 offers, 1 experiments\n$/);
  });

  it('takes URL and token from the environment, publishes the latest version and rolls back', async () => {
    process.env.EDGEWISE_URL = edgeUrl;
    process.env.EDGEWISE_TOKEN = token;
    const changed = config();
    changed.offers[0].content.title = 'Pushed from CI';
    expect((await run('push', '--in', file('changed.json', changed), '--if-match', '1', '--site', SITE)).out).toBe('stored cli-ci version 2\n');
    const stale = await run('push', '--in', file('changed.json', changed), '--if-match', '1', '--site', SITE);
    expect(stale.code).toBe(1);
    expect(stale.err).toContain('conflict (HTTP 409)');
    expect((await run('publish', '--site', SITE)).out).toMatch(/^published cli-ci version 2 /);
    expect(await liveTitle()).toEqual({ version: 2, title: 'Pushed from CI' });
    expect((await run('rollback', '--site', SITE)).out).toMatch(/^rolled cli-ci back to version 1 /);
    expect(await liveTitle()).toEqual({ version: 1, title: config().offers[0].content.title });
    const results = await run('results', '--site', SITE);
    expect(results.code).toBe(0);
    expect(results.out).toContain('hero-personalisation (slot hero, running; control control)');
    expect(results.out).toContain('hidden (fewer than k=20 reports)');
  });

  it('names a missing option and exits 2', async () => {
    const result = await run('publish', '--site', SITE, '--url', edgeUrl);
    expect(result).toEqual({ code: 2, out: '', err: 'edgewise publish: missing --token (or EDGEWISE_TOKEN); for the local edge of `npm start`: --url http://127.0.0.1:8787 --token dev-admin-token-change-me (ADMIN_TOKEN in .dev.vars)\n' });
  });
});
