import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'services/**/*.test.ts'],
    reporters: ['default', './test/plain-summary-reporter.ts'],
    // One PostgreSQL server for the run (or TEST_DATABASE_URL); each test file makes its own DB.
    globalSetup: ['./services/kit/testing/postgres-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
