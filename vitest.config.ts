import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts', 'reporters/**/*.test.ts', 'tests/**/*.test.ts'],
    // End-to-end tests start Chromium and the CLI; running their files one at a time keeps
    // a two-core machine from timing out while unit tests still run in parallel inside a file.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
