import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'bench/**/*.test.js', 'examples/**/*.test.ts'],
    globalSetup: ['test/setup/build.ts', 'test/setup/chromium.ts'],
    // Tests spawn real processes and watch real files: the machine has 2 cores.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
