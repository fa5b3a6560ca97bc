// Unit tests in Node: protocol, SDK (with fake-indexeddb), models, optimiser, statistics, customer value, CLI, simulator.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'protocol/**/*.test.ts',
      'client-sdk/**/*.test.ts',
      'models/**/*.test.ts',
      'cli/**/*.test.ts',
      'console/**/*.test.ts',
      'simulator/**/*.test.ts',
      'optimiser/**/*.test.ts',
      'stats/**/*.test.ts',
      'customer-value/**/*.test.ts',
      'tests/unit/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    setupFiles: ['tests/setup/fail-on-console.ts'],
    testTimeout: 30_000,
  },
});
