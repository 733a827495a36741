/**
 * `pure-ip demo` (in the sandbox), and the built program (`dist/bundle/pure-ip.js`, the package's bin) when it exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../support/fixtures.js';
import { haveIp, IS_ROOT, pureIp, realIp, uniqueNs } from './helpers.js';

function sandboxWorks(): boolean {
  if (IS_ROOT) return true;
  try {
    const r = spawnSync('unshare', ['-Urn', 'true']);
    return r.status === 0;
  } catch {
    return false;
  }
}

describe.skipIf(!sandboxWorks())('pure-ip demo', () => {
  test('walks through the blog post in a sandbox, ping included', async () => {
    const r = await pureIp(['demo']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain('private sandbox');
    for (const cmd of ['$ ip netns add ns1', '$ ip netns exec ns1 ip link', '$ ip link add veth0 type veth peer name veth1', '$ ip link add br0 type bridge', '$ ip netns exec ns1 ping -c 1 -W 2 10.0.1.2']) {
      expect(out).toContain(cmd);
    }
    // the outputs are iproute2 text
    expect(out).toMatch(/^1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000$/m);
    expect(out).toMatch(/^\d+: veth1@if\d+: <[A-Z,_-]+> mtu 1500 /m);
    expect(out).toMatch(/^    link\/ether \S+ brd ff:ff:ff:ff:ff:ff link-netns ns1$/m);
    expect(out).toMatch(/^    inet 10\.0\.0\.1\/24 scope global veth-ns1$/m);
    expect(out.match(/# => reachable/g)?.length).toBe(2);
    // Part 3: a process's namespace, attached by name
    const pid = /^\$ unshare -n sleep 30 &\n\[1\] (\d+)$/m.exec(out)?.[1];
    expect(pid).toBeDefined();
    expect(out).toContain(`$ ip netns attach ns3 ${pid}\n$ ip netns identify ${pid}\nns3\n$ ip netns pids ns3\n${pid}\n`);
    expect(out).toMatch(/\$ ip -n ns3 link\n1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link\/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n\n/);
    expect(out).toContain('$ ip netns del ns3');
    expect(out).toContain('# ping over the veth pair: ok; across the bridge: ok; process namespace attached: ok');
  }, 60000);
});

const DIST = join(REPO_ROOT, 'dist', 'bundle', 'pure-ip.js');
describe.skipIf(!existsSync(DIST))('the built pure-ip', () => {
  test('-V and --version name pure-netlink and the package.json version', () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['-V', '-Version', '--version']) {
      const r = spawnSync(process.execPath, [DIST, flag], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`pure-ip (pure-netlink ${version}), compatible with ip utility, iproute2-6.1.0\n`);
    }
  });
  test.skipIf(!IS_ROOT || !haveIp())('link show in a namespace, and an error', () => {
    const ns = uniqueNs('dist');
    expect(realIp(['netns', 'add', ns]).code).toBe(0);
    try {
      realIp(['-n', ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
      for (const args of [['-n', ns, 'link'], ['-n', ns, '-j', '-d', 'link'], ['-n', ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']]) {
        const ours = spawnSync(process.execPath, [DIST, ...args], { encoding: 'utf8' });
        const theirs = realIp(args);
        expect({ code: ours.status, stdout: ours.stdout, stderr: ours.stderr }).toEqual(theirs);
      }
    } finally {
      realIp(['netns', 'del', ns]);
    }
  });
});
