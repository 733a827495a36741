import { defineConfig } from 'vitest/config';

/**
 * The VM lane (`npm run test:vm`): test/vm/*.test.ts, run by scripts/vm/run.sh inside a VM with
 * Debian's kernel, whose modules have every link kind this machine's kernel lacks. Software
 * emulation is 5-10× slower than the host, hence the longer timeouts.
 *
 * Kernel tests elsewhere that need one of those modules run here too (on the host they skip and
 * say why): test/api/wireguard.kernel.test.ts (the wireguard module, `wg` as the oracle).
 * test/vm/bridge.test.ts and test/api/bridge.kernel.test.ts's VLAN part need the VLAN filtering this
 * machine's bridge lacks.
 * test/cli/requests.kernel.test.ts (ip and pure-ip under strace) is not in the lane: each of its
 * ~85 commands takes 10-60 s under TCG, far past the lane's budget. Run its tunnel changes in the
 * VM by hand: scripts/vm/run.sh "... vitest run --config vitest.config.ts -t 'link set' test/cli/requests.kernel.test.ts".
 */
export default defineConfig({
  test: {
    include: ['test/vm/**/*.test.ts', 'test/api/wireguard.kernel.test.ts', 'test/api/bridge.kernel.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
