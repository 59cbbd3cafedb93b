import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'services/**/*.test.ts'],
    reporters: ['default', './test/plain-summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
