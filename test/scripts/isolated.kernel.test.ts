/**
 * scripts/isolated.mjs: a root run of the suite has a network namespace and a /run/netns of its
 * own, so namespaces that other programs create or delete on the machine cannot change what
 * `ip netns list`, `netns list-id` or link-netnsid annotations show to the tests, and what the
 * tests create never reaches the machine. The machine is seen through the runner's process left
 * outside (PURE_NETLINK_OUTSIDE_PID).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { uniqueNsName } from '../support/kernel.js';
import { NOT_ROOT, skipping } from '../support/probe.js';

const outside = process.env.PURE_NETLINK_OUTSIDE_PID;
const notIsolated = process.env.PURE_NETLINK_ISOLATED === '1' && outside ? undefined : 'not run through scripts/isolated.mjs (npm test, npm run vitest) or PURE_NETLINK_ISOLATE=0';

describe.skipIf(skipping(NOT_ROOT, notIsolated))('the test run is isolated from the machine', () => {
  it('has its own network namespace and its own /run/netns', () => {
    expect(readlinkSync('/proc/self/ns/net')).not.toBe(readlinkSync(`/proc/${outside}/ns/net`));
    expect(readlinkSync('/proc/self/ns/mnt')).not.toBe(readlinkSync(`/proc/${outside}/ns/mnt`));
    // /proc/PID/root/... resolves in that process's mount namespace: the machine's /run/netns.
    expect(statSync('/run/netns').dev).not.toBe(statSync(`/proc/${outside}/root/run`).dev);
  });

  it('a namespace made here is invisible to the machine, and the machine\'s are invisible here', () => {
    const name = uniqueNsName();
    execFileSync('ip', ['netns', 'add', name]);
    try {
      expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).toContain(name);
      const machineDir = `/proc/${outside}/root/run/netns`;
      const machine = existsSync(machineDir) ? readdirSync(machineDir) : [];
      expect(machine).not.toContain(name);
      const ours = readdirSync('/run/netns');
      for (const other of machine) expect(ours).not.toContain(other);
    } finally {
      execFileSync('ip', ['netns', 'del', name]);
    }
  });
});
