/**
 * Errors: every command of the error captures (error-*.json, and the unsupported link
 * kinds) must give iproute2's message and exit code; usage errors are compared with `ip` itself.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { loadFixtures } from '../support/fixtures.js';
import { IP_DIFF_SKIP, pureIp, realIp, uniqueNs } from './helpers.js';
import { skipping } from '../support/probe.js';

const fixtures = loadFixtures().filter((f) => f.name.startsWith('error-') || f.name === 'link-kinds-unsupported');
const created: string[] = [];

/** `ip ...` command text → argv with the fixture's namespace names replaced by unique ones. */
function rename(cmd: string, names: Map<string, string>): string[] {
  return cmd
    .trim()
    .split(/\s+/)
    .slice(1)
    .map((w) => names.get(w) ?? w);
}

describe.skipIf(skipping(IP_DIFF_SKIP))('error fixtures', () => {
  afterAll(() => {
    for (const ns of created) realIp(['netns', 'del', ns]);
  });
  for (const fx of fixtures) {
    test(fx.name, async () => {
      const names = new Map<string, string>();
      const all = [...((fx as { setupCommands?: string[] }).setupCommands ?? []), ...fx.commands];
      for (const c of all) {
        for (const m of c.matchAll(/\b(fx-[A-Za-z0-9-]+)/g)) if (!names.has(m[1]!)) names.set(m[1]!, uniqueNs(m[1]!.slice(3, 12)));
      }
      for (const c of (fx as { setupCommands?: string[] }).setupCommands ?? []) {
        const argv = rename(c, names);
        const r = realIp(argv);
        if (argv[0] === 'netns' && argv[1] === 'add') created.push(argv[2]!);
        expect(r.code, `setup: ip ${argv.join(' ')}: ${r.stderr}`).toBe(0);
      }
      for (const res of fx.commandResults) {
        const argv = rename(res.command, names);
        const ours = await pureIp(argv);
        expect({ cmd: res.command, code: ours.code, stderr: ours.stderr }).toEqual({ cmd: res.command, code: res.exitCode, stderr: res.stderr });
      }
    }, 30000);
  }
});

describe.skipIf(skipping(IP_DIFF_SKIP))('usage errors like ip', () => {
  const NS = uniqueNs('usage');
  afterAll(() => {
    realIp(['netns', 'del', NS]);
  });
  const CASES: string[] = [
    'lonk', 'link frob', 'address frob', 'route frob', 'neigh frob', 'rule frob', 'netns frob', 'tuntap frob',
    'route add 1.2.3.0/24 via 1.2.3.4 via 2.3.4.5', 'route add 10.0.0.0/8 10.1.0.0/16', 'addr add 10.0.0.1/24 10.0.0.2/24 dev lo',
    'addr add 10.0.0.1/24', 'link set', 'link add', 'link add foo', 'link set dev', 'route add', 'addr add 300.1.1.1/24 dev lo',
    'route add 10.0.0.0/33 dev lo', 'route show table foo', 'link set lo mtu abc', 'link set lo txqueuelen x',
    'link set lo name a/b', 'link add dev x name y type dummy', 'link show nonexist0', 'addr show dev nonexist0',
    'route add 10.0.0.0/8 dev nonexist0', 'link set nonexist0 up', 'neigh add 10.0.0.1 lladdr 02:00:00:00:00:01',
    'neigh add 10.0.0.1 dev nonexist0', 'rule add', 'rule del', 'route get', 'route flush', 'addr flush',
    'link set lo promisc maybe', 'route add 10.0.0.0/8 via 1.2.3.4 metric x', 'route show table all proto foo',
    '-Q link', '-family foo link', 'addr add 2001:db8::1/64 dev lo brd +', 'route add unreachable 10.0.0.0/8 table x',
    'netns add', 'netns delete', 'netns exec', 'link xstats', 'r a 10.0.0.0/8 dev', 'tuntap add dev t0',
    // each kind's own usage (its module's), and its own word errors
    'link add x type vxlan help', 'link add x type veth help', 'link add x type veth frob', 'link add x type bridge help',
    'link add x type gretap help', 'link add x type vrf help', 'link add x type macvlan help', 'link add x type vxlan id 5 frob',
    'link add x type bridge frob 1', 'link add x type vrf', 'link add x type ipip help',
    // words ip takes that reach the kernel (which here lacks the module): the kernel's answer, not a usage error
    'link add x type gretap remote 192.0.2.1 seq', 'link add x type gretap external', 'link add x type gretap remote 192.0.2.1 iseq oseq key 5 csum',
    'link add x type erspan remote 192.0.2.1 seq key 10 erspan 12', 'link add x type erspan remote 192.0.2.1 seq key 10 erspan_ver 2 erspan_dir egress erspan_hwid 7',
    'link add x type ip6erspan remote 2001:db8::1 seq key 10 erspan_ver 1 erspan 3', 'link add x type ip6gretap remote 2001:db8::1 seq external',
    // `ip link help TYPE` prints the kind's usage
    'link help', 'link help vxlan', 'link help gretap', 'link help erspan', 'link help veth', 'link help bridge', 'link help frob',
    // argument errors
    'link set dev lo netns -ns', 'link set dev lo netns', 'link add x index 0 type dummy', 'link add x index abc type dummy',
    'link set lo index 5', 'route add 10.0.0.0/24 encap xfrm dev lo', 'route add 10.0.0.0/24 encap ip6 hoplimit 300 dev lo',
    // the argument errors of neigh, rule, addr, route, netns, tuntap and link words (text and exit code)
    'neigh add 10.0.0.1 lladdr zz dev lo', 'neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 dev lo nud frob',
    'neigh add 300.0.0.1 lladdr 02:00:00:00:00:01 dev lo', 'neigh del 10.0.0.1', 'neigh show dev nonexist0',
    'neigh show nud frob', 'neigh flush', 'neigh get 10.0.0.1', 'rule add from 10.0.0.0/33 table 5',
    'rule add from foo table 5', 'rule add table foo', 'rule add priority x table 5',
    'rule add fwmark x table 5', 'rule add ipproto frob table 5', 'rule add sport abc table 5',
    'rule add dport 1-x table 5', 'rule add uidrange 5 table 5', 'rule add frob', 'rule show table frob',
    'rule del priority 12345', 'addr add 10.0.0.1/24 dev lo scope frob',
    'addr add 10.0.0.1/24 dev lo valid_lft x', 'addr add 10.0.0.1/24 dev lo metric x',
    'addr add 10.0.0.1/24 dev lo peer 300.1.1.1', 'addr replace 10.0.0.1/24 dev lo frob',
    'addr show scope frob', 'addr show to 300.0.0.0/8', 'route add 10.0.0.0/8 dev lo table 0x',
    'route add 10.0.0.0/8 dev lo proto frob', 'route add 10.0.0.0/8 dev lo scope frob',
    'route add 10.0.0.0/8 dev lo mtu x', 'route add 10.0.0.0/8 dev lo mtu lock x',
    'route add 10.0.0.0/8 dev lo realm frob', 'route add 10.0.0.0/8 dev lo tos x',
    'route add 10.0.0.0/8 dev lo pref frob', 'route add 10.0.0.0/8 dev lo src 300.0.0.1',
    'route del 10.0.0.0/8', 'route get 300.0.0.1', 'route get 10.0.0.1 from x',
    'route get 10.0.0.1 iif nonexist0', 'route show proto frob', 'route show type frob',
    'route show 10.0.0.0/33', 'route list table 4294967296', 'netns add a/b', 'netns delete nonexistnsxx',
    'netns identify 999999', 'netns pids nonexistnsxx', 'netns set nonexistnsxx 5',
    'tuntap add dev t0 mode frob', 'tuntap add mode tap user nonexistentuserxx', 'tuntap del dev t0',
    'link set lo address zz', 'link set lo group frob', 'link set lo qlen x', 'link set lo addrgenmode frob',
    'link set lo master nonexist0', 'link show group frob', 'link show master nonexist0',
    'link add x numtxqueues 0 type bridge', 'link add x txqlen x type bridge',
  ];
  test('setup', () => {
    expect(realIp(['netns', 'add', NS]).code).toBe(0);
    created.push(NS);
  });
  for (const c of CASES) {
    test(c, async () => {
      const argv = c.startsWith('-') ? [...c.split(' ').slice(0, -1), '-n', NS, c.split(' ').at(-1)!] : ['-n', NS, ...c.split(' ')];
      const ours = await pureIp(argv);
      const theirs = realIp(argv);
      expect({ code: ours.code, stderr: ours.stderr }).toEqual({ code: theirs.code, stderr: theirs.stderr });
      expect(ours.stdout).toBe(theirs.stdout);
    });
  }
});

describe.skipIf(skipping(IP_DIFF_SKIP))('a namespace that cannot be opened', () => {
  for (const c of ['link show', 'route add 10.0.0.0/8 dev lo', 'link frob']) {
    test(`-n NONEXISTENT ${c}`, async () => {
      const argv = ['-n', uniqueNs('none'), ...c.split(' ')];
      const ours = await pureIp(argv);
      const theirs = realIp(argv);
      expect({ code: ours.code, stderr: ours.stderr, stdout: ours.stdout }).toEqual({ code: theirs.code, stderr: theirs.stderr, stdout: theirs.stdout });
    });
  }
});
