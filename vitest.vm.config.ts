import { defineConfig } from 'vitest/config';

/**
 * The VM lane (`npm run test:vm`): test/vm/*.test.ts, run by scripts/vm/run.sh inside a VM with
 * Debian's kernel, whose modules have every link kind this machine's kernel lacks. Software
 * emulation is 5-10× slower than the host, hence the longer timeouts.
 *
 * Kernel tests elsewhere that need one of those modules run here too (on the host they skip and
 * say why): test/api/wireguard.kernel.test.ts (the wireguard module, `wg` as the oracle), and
 * test/cli/requests.kernel.test.ts (the tunnel changes `link set ... type KIND`: ip and pure-ip
 * must send the same requests and get the same answers from a kernel that has the kinds).
 */
export default defineConfig({
  test: {
    include: ['test/vm/**/*.test.ts', 'test/api/wireguard.kernel.test.ts', 'test/cli/requests.kernel.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
