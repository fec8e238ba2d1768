import { defineConfig } from 'vitest/config';

// One config for the whole workspace: tests sit beside the code as *.test.ts.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'tools/**/*.test.ts', 'benchmarks/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: keep at most two test files running so worker-pool tests get a core.
    maxWorkers: 2,
    // Fixtures live under one temporary directory that is removed after the run.
    globalSetup: ['tools/vitest/tempRoot.ts'],
  },
});
