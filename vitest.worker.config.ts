// Worker tests run inside workerd (vitest-pool-workers) with real KV, D1 and Durable Objects from wrangler.toml.
// Storage is isolated per test file.
import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

const migrations = await readD1Migrations(path.join(import.meta.dirname, 'worker/migrations'));

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: { ADMIN_TOKEN: 'test-admin-token', TEST_MIGRATIONS: migrations },
      },
    }),
  ],
  test: {
    include: ['worker/**/*.test.ts'],
    setupFiles: ['worker/test/apply-migrations.ts'],
    testTimeout: 30_000,
  },
});
