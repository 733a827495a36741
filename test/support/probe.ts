/**
 * Skipping honestly: a test that cannot run on this machine (not root, a tool or a kernel feature
 * missing) skips and prints why, so a green run never hides what was not tested.
 *
 *   describe.skipIf(skipping(NOT_ROOT))('...', ...)            // a whole block, reason printed once
 *   it('...', async (ctx) => { ... skipTest(ctx, 'this kernel has no seg6 lwtunnel'); ... })
 */
import { spawnSync } from 'node:child_process';

/** Why the kernel tests cannot run here, or undefined as root. */
export const NOT_ROOT =
  typeof process.getuid === 'function' && process.getuid() === 0
    ? undefined
    : 'not root: kernel tests create namespaces and links (CAP_SYS_ADMIN, CAP_NET_ADMIN); run npm test as root';

/** The first reason whose condition holds, if any. */
export function skipReason(conditions: Array<[boolean, string]>): string | undefined {
  return conditions.find(([holds]) => holds)?.[1];
}

const printed = new Set<string>();

/**
 * For `describe.skipIf` / `it.skipIf`: the first reason given (a string; `undefined` or `false`
 * mean "no reason"), printed as `skipped: REASON` once per test file, and whether to skip.
 */
export function skipping(...reasons: Array<string | undefined | false>): boolean {
  const reason = reasons.find((r): r is string => typeof r === 'string' && r.length > 0);
  if (reason && !printed.has(reason)) {
    printed.add(reason);
    console.log(`skipped: ${reason}`);
  }
  return reason !== undefined;
}

/** Inside a running test: prints `skipped: REASON` and skips it (vitest's ctx.skip). */
export function skipTest(ctx: { skip: (note?: string) => never | void }, reason: string): never {
  console.log(`skipped: ${reason}`);
  ctx.skip(reason);
  throw new Error('unreachable: ctx.skip returned');
}

/** Why a program is unusable here (`NAME ARGS` does not run), or undefined. */
export function missingTool(name: string, args: string[] = ['-V'], pkg = name): string | undefined {
  const r = spawnSync(name, args, { stdio: 'ignore' });
  return r.error ? `${name} is not installed (Debian: apt-get install ${pkg})` : undefined;
}
