import { spawnSync } from 'node:child_process';
import { configDefaults, defineConfig } from 'vitest/config';

// *.kernel.test.ts talk to the real kernel: as root, or in an unprivileged sandbox (a user +
// network namespace). Where neither is possible they are left out, and the run says why.
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const kernelReachable = isRoot || spawnSync('unshare', ['--user', '--map-root-user', '--net', 'true'], { stdio: 'ignore' }).status === 0;
if (!kernelReachable) console.log('skipped: every *.kernel.test.ts: not root, and unprivileged user namespaces are not available here');

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/vm runs inside the VM lane (npm run test:vm, vitest.vm.config.ts): it needs Debian's kernel modules.
    exclude: [...configDefaults.exclude, 'test/vm/**', ...(kernelReachable ? [] : ['test/**/*.kernel.test.ts'])],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // One test file at a time: kernel tests make and delete namespaces under /run/netns (private
    // to the run: scripts/isolated.mjs), and `ip` (the oracle) scans that directory, so parallel
    // files would disturb each other's comparisons. Tests inside a file still pipeline their own
    // requests.
    fileParallelism: false,
  },
});
