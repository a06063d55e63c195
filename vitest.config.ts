import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // In CI a missing ../shared/models fails the run instead of skipping the tests that need it.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Engines use both cores; running files one at a time keeps timings and memory sane on 2-core CI.
    fileParallelism: false,
    pool: 'forks',
  },
});
