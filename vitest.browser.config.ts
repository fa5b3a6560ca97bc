// Browser tests: a real Chromium (playwright-core) against `wrangler dev` on a free loopback port.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    globalSetup: ['tests/setup/local-edge.ts'],
    // One Chromium and one workerd already use both cores; files run one after another.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
