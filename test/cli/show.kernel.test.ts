/**
 * pure-ip against iproute2's `ip` on the same kernel state: a namespace with every link kind
 * this kernel has, addresses, routes in several tables (multipath too), neighbours, rules and
 * namespace ids; each show command's `-j` output must deep-equal `ip -j`'s (after removing
 * counters and timers), and its text must equal `ip`'s line by line. Root and `ip` needed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { IP_DIFF_SKIP, pureIp, realIp, uniqueNs } from './helpers.js';
import { normalizeJson, normalizeText } from './normalize.js';
import { skipping } from '../support/probe.js';

const A = uniqueNs('a');
const B = uniqueNs('b');

function must(argv: string[]): void {
  const r = realIp(argv);
  if (r.code !== 0) throw new Error(`ip ${argv.join(' ')}: ${r.stderr}`);
}

describe.skipIf(skipping(IP_DIFF_SKIP))('pure-ip show commands = ip show commands', () => {
  beforeAll(async () => {
    must(['netns', 'add', A]);
    must(['netns', 'add', B]);
    must(['netns', 'exec', A, 'sysctl', '-qw', 'net.ipv6.conf.default.accept_dad=0']);
    must(['netns', 'exec', A, 'sysctl', '-qw', 'net.ipv6.conf.all.accept_dad=0']);
    must(['netns', 'exec', B, 'sysctl', '-qw', 'net.ipv6.conf.default.accept_dad=0']);
    const nA = (args: string) => must(['-n', A, ...args.split(' ')]);
    nA('link set lo up');
    nA('link add v0 type veth peer name v1');
    nA('link add v2 mtu 9000 address 02:00:00:00:02:00 type veth peer name v3');
    nA('link add br0 type bridge');
    nA('link add br1 type bridge stp_state 1 priority 4096 mcast_snooping 0');
    nA('link set v2 master br0');
    nA('link add vx42 type vxlan id 42 local 192.0.2.1 dstport 4789 dev v0');
    nA('link add vx43 type vxlan id 43 group 239.1.1.43 dev v0 dstport 4789 ttl 10');
    nA('link add mv0 link v1 type macvlan mode bridge');
    nA('link add mvt0 link v1 type macvtap mode vepa');
    nA('link add ifb0 type ifb');
    nA('tuntap add dev tap0 mode tap');
    nA('tuntap add dev tun0 mode tun');
    nA(`netns set ${B} 7`);
    nA('link add vp0 type veth peer name vp1');
    nA(`link set vp1 netns ${B}`);
    nA('link set dev v0 alias uplink');
    for (const l of ['v0', 'v1', 'v2', 'v3', 'br0', 'vx42', 'mv0', 'vp0']) nA(`link set ${l} up`);
    nA('addr add 192.0.2.1/24 broadcast 192.0.2.255 label v0:web dev v0');
    nA('addr add 198.51.100.7/24 brd + dev v0');
    nA('addr add 203.0.113.9 peer 203.0.113.10/32 dev v0');
    nA('addr add 192.0.2.50/24 dev v0 valid_lft 3600 preferred_lft 1800');
    nA('addr add 198.18.0.1/24 dev v1');
    nA('-6 addr add 2001:db8:1::1/64 dev v0 nodad');
    nA('-6 addr add 2001:db8:2::1/64 dev v0 nodad noprefixroute');
    nA('-6 addr add 2001:db8:3::1/64 dev v0 nodad valid_lft 7200 preferred_lft 3600');
    nA('-6 addr add 2001:db8:ffff::1/64 dev v1 nodad');
    nA('addr add 10.9.9.1/24 dev br0');
    nA('route add default via 192.0.2.254');
    nA('route add 198.51.100.0/24 via 192.0.2.254 table 100 metric 50');
    nA('route add 198.51.100.0/24 via 192.0.2.254 table 1000');
    nA('route add 10.20.0.0/16 via 192.0.2.253 metric 100');
    nA('route add 10.21.0.0/16 via 192.0.2.252 mtu lock 1300 hoplimit 32 advmss 1360');
    nA('route add 203.0.113.0/24 nexthop via 192.0.2.2 dev v0 weight 1 nexthop via 198.18.0.2 dev v1 weight 3');
    nA('route add blackhole 203.0.113.128/25');
    nA('route add unreachable 198.51.100.128/25');
    nA('route add prohibit 198.51.100.64/26');
    nA('route add 172.16.0.0/16 via 198.18.5.1 dev v0 onlink');
    nA('-6 route add 2001:db8:99::/64 nexthop via 2001:db8:1::2 dev v0 nexthop via 2001:db8:ffff::2 dev v1');
    nA('-6 route add 2001:db8:100::/48 via 2001:db8:1::fe table 100 metric 1024');
    nA('-6 route add default via 2001:db8:1::fe');
    nA('-6 route add blackhole 2001:db8:dead::/48');
    nA('neigh add 192.0.2.77 lladdr 02:00:00:00:00:77 dev v0');
    nA('neigh add 192.0.2.78 lladdr 02:00:00:00:00:78 dev v0 nud reachable');
    nA('-6 neigh add 2001:db8:1::77 lladdr 02:00:00:00:00:79 dev v0 router');
    nA('rule add from 10.0.0.0/8 table 100 pref 100');
    nA('rule add to 172.16.0.0/12 fwmark 0x10/0xff lookup 1000 pref 200');
    nA('rule add iif v0 blackhole pref 300');
    nA('rule add not from 192.0.2.0/24 prohibit pref 400');
    nA('-6 rule add from 2001:db8::/32 table 100 pref 500');
    await new Promise((r) => setTimeout(r, 300));
  }, 60000);

  afterAll(() => {
    realIp(['netns', 'del', A]);
    realIp(['netns', 'del', B]);
  });

  const SHOWS: string[] = [
    'link', 'link show', '-d link show', 'link show master br0', 'link show type veth', 'link show type bridge_slave',
    'link show dev v0', '-d link show dev vx42', 'link show up', 'l', 'li sh',
    '-4 addr', 'addr show', '-6 addr show', 'a', 'addr show dev v0', 'addr show label v0:*', 'addr show scope global',
    'addr show to 192.0.2.0/24', '-4 addr show primary', 'addr show dynamic', '-6 addr show dev v0', '-0 addr',
    'route', 'r', 'route show table all', '-6 route', '-6 route show table all', 'route show table 100',
    'route show table 1000', 'route show proto kernel', 'route show dev v0', 'route show scope link', 'route show type blackhole',
    'route show 10.20.0.0/16', 'route show root 10.0.0.0/8', 'route show match 10.20.1.1', 'route show via 192.0.2.254',
    '-6 route show table 100', 'route get 10.20.1.1', 'route get 192.0.2.1', '-6 route get 2001:db8:99::1', 'route get 10.21.1.1 from 192.0.2.1',
    'neigh', 'neigh show dev v0', '-4 neigh', '-6 neigh', 'neigh show nud permanent', 'neigh show 192.0.2.0/24',
    'rule', 'rule show', '-6 rule', 'rule show table 100', 'rule show pref 200',
    'netns list-id', 'tuntap show', 'tuntap',
    '-o link', '-o addr', '-o -4 addr show dev v0', '-br link', '-br addr', '-br -4 addr', '-br -6 addr', '-N route show table all',
    '-o route', '-br neigh', '-s neigh', '-d route show table all', '-d rule', '-N -d link show dev vx43',
  ];
  const DETAILED = new Set(['-d link show', '-d link show dev vx42']);

  for (const cmd of SHOWS) {
    test(`-j ${cmd}`, async () => {
      const args = ['-n', A, '-j', ...cmd.split(' ')];
      const ours = await pureIp(args);
      const theirs = realIp(args);
      expect(ours.stderr).toBe(theirs.stderr);
      expect(ours.code).toBe(theirs.code);
      const parse = (s: string) => (s.trim() ? JSON.parse(s) : undefined);
      expect(normalizeJson(parse(ours.stdout))).toEqual(normalizeJson(parse(theirs.stdout)));
    });
    test(`text ${cmd}`, async () => {
      const args = ['-n', A, ...cmd.split(' ')];
      const ours = await pureIp(args);
      const theirs = realIp(args);
      expect(ours.code).toBe(theirs.code);
      expect(ours.stderr).toBe(theirs.stderr);
      const norm = (s: string) => normalizeText(s).split('\n');
      if (DETAILED.has(cmd)) expect(norm(ours.stdout)).toEqual(norm(theirs.stdout));
      else expect(norm(ours.stdout)).toEqual(norm(theirs.stdout));
    });
  }

  test('-j -p pretty output is byte-identical', async () => {
    for (const cmd of ['-d link show dev v0', 'route show table all', 'addr show dev v0', 'rule', 'neigh']) {
      const args = ['-n', A, '-j', '-p', ...cmd.split(' ')];
      const ours = await pureIp(args);
      const theirs = realIp(args);
      expect(normalizeText(ours.stdout), cmd).toBe(normalizeText(theirs.stdout));
    }
  });

  test('-s link and -s -s link (counters aside)', async () => {
    for (const cmd of ['-s link show dev v0', '-s -s link show dev lo', '-j -s link show dev v0']) {
      const args = ['-n', A, ...cmd.split(' ')];
      const ours = await pureIp(args);
      const theirs = realIp(args);
      expect(ours.code).toBe(theirs.code);
      const shape = (s: string) => s.replace(/\d+/g, 'N').replace(/ +/g, ' ');
      expect(shape(ours.stdout), cmd).toBe(shape(theirs.stdout));
    }
  });

  test('the other namespace sees its peer by nsid (link-netns)', async () => {
    for (const args of [['-n', B, 'link'], ['-n', B, '-j', 'link'], ['-n', B, 'netns', 'list-id']]) {
      const ours = await pureIp(args);
      const theirs = realIp(args);
      expect(ours.stdout).toBe(theirs.stdout);
    }
  });
});
