/**
 * pure-bridge on the real kernel (root only), in namespaces the test creates: the same commands
 * run by `bridge` in one namespace and by pure-bridge in another must answer alike (exit status,
 * stderr) and leave states that `bridge` reads back identically; on one state, pure-bridge must
 * print exactly what `bridge` prints (text, -d, -j, -p, -o, -s). Links have fixed MAC addresses
 * and no IPv6 link-local address (addrgenmode none), so the two namespaces' fdbs hold the same
 * entries.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Netlink, type Handle } from '../../src/api/index.js';
import { main } from '../../src/cli/bridge/main.js';
import { NOT_ROOT, missingTool, skipTest, skipping } from '../support/probe.js';

const unique = () => `pnb-${randomBytes(4).toString('hex')}`;

interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

function bridge(ns: string, ...args: string[]): Run {
  const r = spawnSync('bridge', ['-n', ns, ...args], { encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}
async function pureBridge(ns: string, ...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['-n', ns, ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { stdout, stderr, code };
}

/**
 * `-s` prints entry ages and timers in seconds (`used 3/3`, "used":3, ` 259.80`): the two programs
 * read them a moment apart, so they are compared within 3 seconds and then masked.
 */
function sameAges(ours: string, theirs: string): [string, string] {
  // fdb ages in seconds (`used 3/3`), mdb timers in seconds with two decimals (` 259.80`).
  const re = /used (\d+)\/(\d+)|"(used|updated)":(\d+)| +(\d+\.\d\d)\b/g;
  const values = (s: string) => [...s.matchAll(re)].flatMap((m) => [m[1] ?? m[4] ?? m[5], m[2]].filter((x) => x !== undefined).map(Number));
  const a = values(ours);
  const b = values(theirs);
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThanOrEqual(3));
  const mask = (s: string) => s.replace(/used \d+\/\d+/g, 'used N/N').replace(/"(used|updated)":\d+/g, '"$1":N').replace(/ +\d+\.\d\d\b/g, ' T');
  return [mask(ours), mask(theirs)];
}

/** The links of each namespace, with fixed addresses. */
const SETUP: string[][] = [
  ['link', 'add', 'br0', 'address', '02:00:00:00:01:00', 'type', 'bridge', 'mcast_snooping', '1', 'mcast_igmp_version', '3', 'mcast_mld_version', '2'],
  ['link', 'add', 'br1', 'address', '02:00:00:00:01:01', 'type', 'bridge', 'mcast_snooping', '1'],
  ['link', 'add', 'v4', 'address', '02:00:00:00:00:14', 'type', 'veth', 'peer', 'name', 'v5', 'address', '02:00:00:00:00:15'],
  ['link', 'add', 'v0', 'address', '02:00:00:00:00:10', 'type', 'veth', 'peer', 'name', 'v1', 'address', '02:00:00:00:00:11'],
  ['link', 'add', 'v2', 'address', '02:00:00:00:00:12', 'type', 'veth', 'peer', 'name', 'v3', 'address', '02:00:00:00:00:13'],
  ['link', 'add', 'vx0', 'address', '02:00:00:00:00:20', 'type', 'vxlan', 'id', '42', 'dstport', '4789', 'local', '10.0.0.1', 'nolearning'],
  ...['br0', 'br1', 'v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'vx0'].map((d) => ['link', 'set', 'dev', d, 'addrgenmode', 'none']),
  ['link', 'set', 'v0', 'master', 'br0'],
  ['link', 'set', 'v2', 'master', 'br0'],
  ['link', 'set', 'v4', 'master', 'br1'],
  ...['br0', 'br1', 'v0', 'v1', 'v4', 'v5', 'vx0'].map((d) => ['link', 'set', d, 'up']),
];

const LINK_CMDS: string[][] = [
  ['link', 'set', 'dev', 'v0', 'cost', '7', 'priority', '3', 'hairpin', 'on', 'guard', 'on', 'learning', 'off'],
  ['link', 'set', 'dev', 'v2', 'cost', '9', 'priority', '5', 'state', '2', 'flood', 'off', 'mcast_flood', 'off', 'neigh_suppress', 'on',
    'isolated', 'on', 'mcast_router', '2', 'bcast_flood', 'off', 'mcast_to_unicast', 'on', 'vlan_tunnel', 'off'],
  ['link', 'change', 'dev', 'v2', 'learning_sync', 'off', 'fastleave', 'on', 'root_block', 'on', 'locked', 'on', 'nobackup_port'],
  ['link', 'set', 'dev', 'v0', 'state', 'learning', 'master'],
  ['link', 'set', 'dev', 'v0', 'state', 'bogus'],
  ['link', 'set', 'dev', 'v1', 'cost', '5'],
  ['link', 'set', 'dev', 'nope', 'cost', '5'],
  ['link', 'set', 'cost', '5'],
  ['link', 'set', 'dev', 'v0', 'foo'],
  ['link', 'set', 'dev', 'v0', 'mcast_flood', 'maybe'],
  ['link', 'set', 'dev', 'v0', 'backup_port', 'nope'],
  ['link', 'set', 'dev', 'v0', 'backup_port', 'v2'],
  ['link', 'set', 'dev', 'v0', 'hwmode', 'foo'],
  ['link', 'set', 'dev', 'v0', 'hwmode', 'vepa'],
  ['link', 'set', 'dev', 'v0', 'self', 'cost', '3'],
  ['link', 'set', 'dev'],
  ['link', 'frob'],
  ['link', 'show', 'dev', 'nope'],
];

const FDB_CMDS: string[][] = [
  ['fdb', 'add', '02:00:00:00:00:02', 'dev', 'v0', 'master', 'dynamic'],
  ['fdb', 'add', '02:00:00:00:00:03', 'dev', 'v0', 'self', 'permanent'],
  ['fdb', 'add', '02:00:00:00:00:04', 'dev', 'v0', 'master', 'static'],
  ['fdb', 'add', '2:0:0:0:0:5', 'dev', 'v2', 'master', 'sticky'],
  ['fdb', 'add', '02:00:00:00:00:06', 'dev', 'v2', 'master', 'extern_learn'],
  ['fdb', 'add', '00:00:00:00:00:00', 'dev', 'vx0', 'dst', '10.0.0.2'],
  ['fdb', 'append', '00:00:00:00:00:00', 'dev', 'vx0', 'dst', '10.0.0.3', 'port', '4790', 'vni', '7', 'via', 'v1'],
  ['fdb', 'append', '00:00:00:00:00:00', 'dev', 'vx0', 'dst', '10.0.0.4', 'port', '0x12b6', 'vni', '0x8', 'src_vni', '8'],
  ['fdb', 'add', '02:00:00:00:00:0a', 'dev', 'vx0', 'dst', '10.0.0.5', 'self', 'permanent'],
  ['fdb', 'add', '02:00:00:00:00:09', 'dev', 'vx0', 'dst', '2001:db8::1', 'src_vni', '9', 'sticky'],
  ['fdb', 'add', '02:00:00:00:00:01', 'dev', 'v0', 'master', 'static', 'vlan', '5'],
  ['fdb', 'add', '02:00:00:00:00:03', 'dev', 'v0', 'self', 'permanent'],
  ['fdb', 'replace', '02:00:00:00:00:04', 'dev', 'v0', 'master', 'dynamic'],
  ['fdb', 'replace', '02:00:00:00:00:0a', 'dev', 'vx0', 'dst', '10.0.0.6'],
  ['fdb', 'del', '02:00:00:00:00:07', 'dev', 'v0', 'master'],
  ['fdb', 'add', 'zz', 'dev', 'v0'],
  ['fdb', 'add', '02:00:00:00:00:07'],
  ['fdb', 'add', '02:00:00:00:00:07', 'dev', 'nope'],
  ['fdb', 'add', '02:00:00:00:00:07', 'dev', 'v0', 'via', 'nope'],
  ['fdb', 'add', '02:00:00:00:00:07', 'dev', 'v0', 'port', 'nosuchservice'],
  ['fdb', 'add', '02:00:00:00:00:07', 'dev', 'v0', 'port', '70000'],
  ['fdb', 'add', '02:00:00:00:00:07', 'dev', 'v0', 'vni', '99999999'],
  ['fdb', 'add', '02:00:00:00:00:07', 'dev', 'v0', 'nhid', '5', 'dst', '1.2.3.4'],
  ['fdb', 'add', '02:00:00:00:00:07', 'dev', 'v0', 'dst', 'bogus'],
  ['fdb', 'add', '02:00:00:00:00:07', '02:00:00:00:00:08', 'dev', 'v0'],
  ['fdb', 'del', '02:00:00:00:00:02', 'dev', 'v0', 'master'],
  ['fdb', 'get', '02:00:00:00:00:04', 'br', 'br0'],
  ['fdb', 'get', '02:00:00:00:00:01', 'br', 'br0', 'vlan', '5'],
  ['fdb', 'get', '02:00:00:00:00:04'],
  ['fdb', 'get', '02:00:00:00:00:04', 'br', 'nope'],
  ['fdb', 'show', 'state', 'bogus'],
  ['fdb', 'show', 'br', 'nope'],
  ['fdb', 'show', 'dev', 'nope'],
  ['fdb', 'flush', 'dev', 'br0', 'brport', 'v2', 'master', 'nostatic'],
  ['fdb', 'add', '02:00:00:00:00:0b', 'dev', 'v2', 'master', 'dynamic'],
  ['fdb', 'flush', 'dev', 'br0', 'brport', 'v2', 'dynamic'],
  ['fdb', 'flush', 'dev', 'br0', 'vlan', '5000'],
  ['fdb', 'flush', 'dev', 'nope'],
  ['fdb', 'flush', 'dev', 'br0', 'brport', 'nope'],
  ['fdb', 'flush'],
  ['fdb', 'frob'],
  ['frob'],
];

const MDB_CMDS: string[][] = [
  ['mdb', 'add', 'dev', 'br0', 'port', 'v0', 'grp', '239.1.1.1', 'permanent'],
  ['mdb', 'add', 'dev', 'br0', 'port', 'v0', 'grp', '239.1.1.2'],
  ['mdb', 'add', 'dev', 'br0', 'port', 'v0', 'grp', '239.1.1.3', 'permanent', 'vid', '0'],
  ['mdb', 'add', 'dev', 'br0', 'port', 'v0', 'grp', 'ff0e::5', 'permanent'],
  ['mdb', 'add', 'dev', 'br0', 'port', 'v0', 'grp', '239.1.1.4', 'src', '10.0.0.1', 'permanent'],
  ['mdb', 'add', 'dev', 'br0', 'port', 'v0', 'grp', 'ff0e::6', 'src', '2001:db8::1', 'temp'],
  ['mdb', 'add', 'dev', 'br1', 'port', 'v4', 'grp', '01:00:5e:01:02:03', 'permanent'],
  ['mdb', 'add', 'dev', 'br0', 'port', 'br0', 'grp', '239.1.1.9', 'permanent'],
  ['mdb', 'add', 'dev', 'br0', 'port', 'v0', 'grp', '239.1.1.1', 'permanent'],
  ['mdb', 'add', 'dev', 'br0', 'port', 'v0', 'grp', 'bogus'],
  ['mdb', 'add', 'dev', 'br0', 'port', 'v0', 'grp', '239.1.1.7', 'src', 'bogus'],
  ['mdb', 'add', 'dev', 'br0', 'port', 'nope', 'grp', '239.1.1.7'],
  ['mdb', 'add', 'dev', 'nope', 'port', 'v0', 'grp', '239.1.1.7'],
  ['mdb', 'add', 'dev', 'br0', 'grp', '239.1.1.7'],
  ['mdb', 'add', 'dev', 'br0', 'port', 'v2', 'grp', '239.1.1.8', 'permanent', 'vid', '5'],
  ['mdb', 'del', 'dev', 'br0', 'port', 'v0', 'grp', '239.1.1.8'],
  ['mdb', 'del', 'dev', 'br0', 'port', 'v0', 'grp', '239.1.1.3', 'permanent'],
  ['mdb', 'show', 'dev', 'nope'],
  ['mdb', 'frob'],
  ['link', 'set', 'dev', 'v0', 'mcast_router', '2'],
];

const SHOW_OPTS = [[], ['-d'], ['-j'], ['-j', '-p', '-d'], ['-o', '-d'], ['-s']];
const SHOWS: string[][] = [];
for (const o of SHOW_OPTS) {
  SHOWS.push(
    [...o, 'link', 'show'], [...o, 'link'], [...o, 'link', 'show', 'dev', 'v2'],
    [...o, 'fdb', 'show'], [...o, 'fdb', 'show', 'br', 'br0'], [...o, 'fdb', 'show', 'dev', 'vx0'], [...o, 'fdb', 'show', 'brport', 'v0'],
    [...o, 'fdb', 'show', 'state', 'static'], [...o, 'fdb', 'show', 'state', 'permanent', 'dynamic'], [...o, 'fdb', 'show', 'vlan', '5'],
    [...o, 'fdb', 'get', '02:00:00:00:00:04', 'dev', 'v0', 'master'],
    [...o, 'mdb', 'show'], [...o, 'mdb'], [...o, 'mdb', 'show', 'dev', 'br1'], [...o, 'mdb', 'show', 'vid', '0'],
  );
  if (!o.includes('-d') && !o.includes('-s')) SHOWS.push([...o, 'vlan', 'show'], [...o, 'vlan', 'tunnelshow', 'dev', 'v0'], [...o, '-com', 'vlan']);
}
SHOWS.push(['-s', '-j', 'fdb', 'show'], ['-j', '-p', 'fdb', 'show', 'dev', 'vx0'], ['-d', '-s', 'mdb', 'show'], ['-d', '-s', '-j', 'mdb', 'show']);

const SLOW = 240_000;

describe.skipIf(skipping(NOT_ROOT, missingTool('bridge', ['-V'], 'iproute2')))('pure-bridge against bridge on the kernel', () => {
  let root: Handle;
  const byBridge = unique();
  const byUs = unique();
  beforeAll(async () => {
    root = await Netlink.open();
    for (const ns of [byBridge, byUs]) {
      await root.netns.add(ns);
      for (const cmd of SETUP) execFileSync('ip', ['-n', ns, ...cmd]);
    }
  });
  afterAll(async () => {
    for (const ns of [byBridge, byUs]) await root?.netns.delete(ns).catch(() => {});
    await root?.close();
  });

  it('changes ports as bridge does, and fails alike (stderr, exit status)', async () => {
    for (const cmd of LINK_CMDS) {
      const a = bridge(byBridge, ...cmd);
      const b = await pureBridge(byUs, ...cmd);
      expect({ cmd, code: b.code, stderr: b.stderr, stdout: b.stdout }).toEqual({ cmd, code: a.code, stderr: a.stderr, stdout: a.stdout });
    }
    for (const show of [['-d', 'link', 'show'], ['-d', '-j', 'link', 'show']]) {
      expect(bridge(byUs, ...show).stdout, show.join(' ')).toBe(bridge(byBridge, ...show).stdout);
    }
    // The settings did change (a pure-bridge that sent nothing would fail here).
    expect(bridge(byUs, '-d', 'link', 'show', 'dev', 'v2').stdout).toMatch(/priority 5 cost 9 \n.*fastleave on .*neigh_suppress on .*isolated on locked on/s);
  }, SLOW);

  it('adds, appends, replaces, gets, deletes and flushes fdb entries as bridge does', async () => {
    for (const cmd of FDB_CMDS) {
      const a = bridge(byBridge, ...cmd);
      const b = await pureBridge(byUs, ...cmd);
      expect({ cmd, code: b.code, stderr: b.stderr, stdout: b.stdout }).toEqual({ cmd, code: a.code, stderr: a.stderr, stdout: a.stdout });
    }
    for (const show of [['fdb', 'show'], ['-j', 'fdb', 'show']]) {
      expect(bridge(byUs, ...show).stdout, show.join(' ')).toBe(bridge(byBridge, ...show).stdout);
    }
    const fdb = bridge(byUs, 'fdb', 'show', 'dev', 'vx0').stdout;
    expect(fdb).toContain('00:00:00:00:00:00 dst 10.0.0.3 port 4790 vni 7 via v1 self permanent');
    expect(fdb).toContain('02:00:00:00:00:0a dst 10.0.0.6 self permanent');
  }, SLOW);

  it('adds and deletes mdb entries as bridge does', async () => {
    for (const cmd of MDB_CMDS) {
      const a = bridge(byBridge, ...cmd);
      const b = await pureBridge(byUs, ...cmd);
      expect({ cmd, code: b.code, stderr: b.stderr, stdout: b.stdout }).toEqual({ cmd, code: a.code, stderr: a.stderr, stdout: a.stdout });
    }
    for (const show of [['-d', 'mdb', 'show'], ['-d', '-j', 'mdb', 'show']]) {
      expect(bridge(byUs, ...show).stdout, show.join(' ')).toBe(bridge(byBridge, ...show).stdout);
    }
    const mdb = bridge(byUs, '-d', 'mdb', 'show').stdout;
    expect(mdb).toContain('dev br0 port v0 grp 239.1.1.4 src 10.0.0.1 permanent filter_mode include proto static');
    expect(mdb).toContain('dev br1 port v4 grp 01:00:5e:01:02:03 permanent');
    expect(mdb).not.toContain('239.1.1.3');
    expect(mdb).toContain('router ports on br0: v0 ');
  }, SLOW);

  it('adds and deletes VLANs as bridge does (where the bridge has VLAN filtering)', async (ctx) => {
    // The commands' own errors need no VLAN filtering: bridge checks them before asking the kernel.
    const checks: string[][] = [
      ['vlan', 'add', 'dev', 'v0', 'vid', '20-10'], ['vlan', 'add', 'dev', 'v0', 'vid', '5000'], ['vlan', 'add', 'dev', 'v0'],
      ['vlan', 'add', 'dev', 'nope', 'vid', '3'], ['vlan', 'add', 'dev', 'v0', 'vid', '10-20', 'pvid'],
      ['vlan', 'del', 'dev', 'v0', 'vid', '10', 'tunnel_info', 'id', '99999999'], ['vlan', 'del', 'dev', 'v0', 'vid', '10', 'tunnel_info', 'foo'],
      ['vlan', 'frob'], ['vlan', 'show', 'dev', 'nope'],
    ];
    for (const cmd of checks) {
      const a = bridge(byBridge, ...cmd);
      const b = await pureBridge(byUs, ...cmd);
      expect({ cmd, code: b.code, stderr: b.stderr }).toEqual({ cmd, code: a.code, stderr: a.stderr });
    }
    const probe = spawnSync('ip', ['-n', byUs, 'link', 'add', 'brv', 'type', 'bridge', 'vlan_filtering', '1'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      // The kernel's refusal reaches both programs alike.
      const cmd = ['vlan', 'add', 'dev', 'v0', 'vid', '10'];
      const b = await pureBridge(byUs, ...cmd);
      expect({ code: b.code, stderr: b.stderr }).toEqual({ code: bridge(byBridge, ...cmd).code, stderr: bridge(byBridge, ...cmd).stderr });
      skipTest(ctx, `this kernel's bridge has no VLAN filtering (${probe.stderr.trim()}): bridge vlan add/del/show are compared in the VM lane (test/vm/bridge.test.ts)`);
    }
    execFileSync('ip', ['-n', byBridge, 'link', 'add', 'brv', 'type', 'bridge', 'vlan_filtering', '1']);
    for (const ns of [byBridge, byUs]) execFileSync('ip', ['-n', ns, 'link', 'set', 'v4', 'nomaster']);
    for (const ns of [byBridge, byUs]) execFileSync('ip', ['-n', ns, 'link', 'set', 'v4', 'master', 'brv']);
    for (const cmd of [['vlan', 'add', 'dev', 'v4', 'vid', '10-12', 'untagged'], ['vlan', 'add', 'dev', 'v4', 'vid', '30', 'pvid'], ['vlan', 'del', 'dev', 'v4', 'vid', '11']]) {
      const a = bridge(byBridge, ...cmd);
      const b = await pureBridge(byUs, ...cmd);
      expect({ cmd, code: b.code, stderr: b.stderr }).toEqual({ cmd, code: a.code, stderr: a.stderr });
    }
    for (const show of [['vlan', 'show'], ['-j', 'vlan', 'show'], ['-com', 'vlan', 'show']]) {
      expect(bridge(byUs, ...show).stdout, show.join(' ')).toBe(bridge(byBridge, ...show).stdout);
      expect((await pureBridge(byUs, ...show)).stdout, show.join(' ')).toBe(bridge(byUs, ...show).stdout);
    }
  }, SLOW);

  it('prints what bridge prints on the same state (text, -d, -j, -p, -o, -s)', async () => {
    for (const show of SHOWS) {
      const ours = await pureBridge(byUs, ...show);
      const theirs = bridge(byUs, ...show);
      const [o, t] = sameAges(ours.stdout, theirs.stdout);
      expect({ show, out: o, err: ours.stderr, code: ours.code }).toEqual({ show, out: t, err: theirs.stderr, code: theirs.code });
    }
  }, SLOW);

  it('the built program (dist/bundle/pure-bridge.js) prints what bridge prints', () => {
    const bin = new URL('../../dist/bundle/pure-bridge.js', import.meta.url).pathname;
    for (const show of [['-d', 'link', 'show'], ['-j', 'fdb', 'show', 'br', 'br0']]) {
      const r = spawnSync(process.execPath, [bin, '-n', byUs, ...show], { encoding: 'utf8' });
      expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }, show.join(' ')).toEqual({ code: 0, stdout: bridge(byUs, ...show).stdout, stderr: '' });
    }
  }, SLOW);
});
