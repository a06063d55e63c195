import { defineConfig } from 'vitest/config';

// The fast, in-process tests that StrykerJS runs against each mutant (npm run test:mutation).
// Tests that drive the CLI in a child process cannot see a mutant, and the heavy ones would take hours.
export default defineConfig({
  test: {
    include: [
      'test/api/checks.test.ts',
      'test/options/options.test.ts',
      'test/pipeline/checkpoint.test.ts',
      'test/pipeline/output-lock.test.ts',
      'test/pipeline/checkpoint-identity.test.ts',
      'test/farm/payload.test.ts',
      'test/farm/plan.test.ts',
      // Option, schedule and mask parsing, as they land:
      'test/options/**/*.test.ts',
      'test/schedule/parse.test.ts',
      'test/schedule/tokens.test.ts',
      'test/schedule/pipeline.test.ts',
      'test/flow/mask.test.ts',
    ],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
