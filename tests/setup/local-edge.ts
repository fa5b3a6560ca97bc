// Global setup for browser tests: a fresh local edge (own port, own storage) with the demo site seeded.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
// @ts-expect-error: plain ESM script shared with `npm start`, typed by JSDoc only.
import { freePort, seedDemo, startLocalEdge } from '../../scripts/local-edge.mjs';

export const BROWSER_ADMIN_TOKEN = 'browser-test-admin-token';

export default async function setup(project: TestProject) {
  const persistTo = mkdtempSync(path.join(os.tmpdir(), 'edgewise-browser-'));
  const port = await freePort();
  const edge = await startLocalEdge({ port, persistTo, adminToken: BROWSER_ADMIN_TOKEN });
  // Browser tests assert what decisions show: the measurement holdback (a random few decisions) would make them
  // flaky, so the seeded demo has none; tests of the holdback set it on sites of their own.
  await seedDemo(edge.url, BROWSER_ADMIN_TOKEN, { holdback: 0 });
  project.provide('edgeUrl', edge.url);
  project.provide('adminToken', BROWSER_ADMIN_TOKEN);
  return async () => {
    await edge.stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    edgeUrl: string;
    adminToken: string;
  }
}
