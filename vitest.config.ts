import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/vm runs inside the VM lane (npm run test:vm, vitest.vm.config.ts): it needs Debian's kernel modules.
    exclude: ['test/vm/**', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // One test file at a time: kernel tests make and delete namespaces under /run/netns, and
    // `ip` (the oracle) scans that directory, so parallel files would disturb each other's
    // comparisons. Tests inside a file still pipeline their own requests.
    fileParallelism: false,
  },
});
