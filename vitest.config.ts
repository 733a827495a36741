import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Kernel tests create namespaces; keep file-level parallelism modest on a 2-core machine.
    maxWorkers: 2,
  },
});
