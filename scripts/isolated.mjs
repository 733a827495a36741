#!/usr/bin/env node
// Runs a command (by default `vitest run`) in a mount + network namespace of its own, with a
// private tmpfs on /run/netns, so that nothing else on the machine can change what the kernel
// and `ip`-diff tests see: namespaces other programs create or delete (`ip netns list`,
// `netns list-id`, nsids and link-netnsid annotations) and the host's links and routes. Whatever
// a killed run leaves behind (namespaces, links) disappears with the namespaces when it ends.
//
//   node scripts/isolated.mjs [COMMAND ARGS...]     (npm test and npm run vitest use it)
//
// As root: `unshare --mount --net --propagation private` re-executes this script, which mounts
// the tmpfs, sets lo up and runs the command. Not root: the command runs as it is (the kernel
// tests skip, each printing why; unit, fixture and sandbox tests run). PURE_NETLINK_ISOLATED=1
// is set inside, so test/support/isolation.ts can tell; PURE_NETLINK_ISOLATE=0 opts out (for
// debugging against the host).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const INSIDE = '--inside-isolation';

/** Runs argv with inherited stdio; exits this process with its status (or its signal). */
function runAndExit(argv, env = process.env) {
  const r = spawnSync(argv[0], argv.slice(1), { stdio: 'inherit', env });
  if (r.error) {
    console.error(`isolated: cannot run ${argv[0]}: ${r.error.message}`);
    process.exit(127);
  }
  if (r.signal) process.kill(process.pid, r.signal);
  process.exit(r.status ?? 1);
}

/** A command with its output, or the reason it failed. */
function run(argv) {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  if (r.error) return r.error.message;
  return r.status === 0 ? undefined : (r.stderr || r.stdout || `exit ${r.status}`).trim();
}

let args = process.argv.slice(2);
const inside = args[0] === INSIDE;
if (inside) args = args.slice(1);
if (args.length === 0) args = ['vitest', 'run'];
// `vitest` (and other package binaries) resolve from node_modules/.bin as under npm run.
const command = args[0] === 'vitest' ? [process.execPath, fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url)), ...args.slice(1)] : args;

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

if (inside) {
  // Fresh tmpfs: `ip netns add` makes it a shared mount of its own, in this mount namespace only.
  mkdirSync('/run/netns', { recursive: true });
  const failed = run(['mount', '-t', 'tmpfs', '-o', 'mode=0755,size=1m', 'pure-netlink-tests', '/run/netns']) ?? run(['ip', 'link', 'set', 'lo', 'up']);
  if (failed) {
    console.error(`isolated: cannot prepare the private namespaces: ${failed}`);
    process.exit(1);
  }
  runAndExit(command, { ...process.env, PURE_NETLINK_ISOLATED: '1' });
} else if (process.env.PURE_NETLINK_ISOLATED === '1' || process.env.PURE_NETLINK_ISOLATE === '0') {
  runAndExit(command);
} else if (!isRoot) {
  console.error('pure-netlink tests: not root, so the kernel and ip-diff tests skip (each says why); unit, fixture and sandbox tests run.');
  runAndExit(command);
} else {
  const probe = run(['unshare', '--mount', '--net', '--propagation', 'private', 'true']);
  if (probe) {
    console.error(`isolated: cannot create a mount + network namespace (${probe}); set PURE_NETLINK_ISOLATE=0 to run the tests against the host's namespaces.`);
    process.exit(1);
  }
  // PURE_NETLINK_OUTSIDE_PID: this process, left outside; test/scripts/isolated.kernel.test.ts
  // compares the run's namespaces with its.
  runAndExit(['unshare', '--mount', '--net', '--propagation', 'private', '--', process.execPath, self, INSIDE, ...command], { ...process.env, PURE_NETLINK_OUTSIDE_PID: String(process.pid) });
}
