/**
 * Changes: the same sequence of commands through pure-ip (namespace A) and ip (namespace B)
 * gives the same output and exit code for each command, and the same state afterwards.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { IP_DIFF_SKIP, pureIp, realIp, uniqueNs } from './helpers.js';
import { normalizeJson } from './normalize.js';
import { skipping } from '../support/probe.js';


const RANDOM_KEYS = new Set(['address', 'broadcast', 'permaddr', 'bridge_id', 'root_id', 'local']);
/** State without what is random per namespace (MACs, IPv6 link-local addresses, bridge ids). */
function stable(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => stable(x)).filter((x) => x !== undefined);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o.scope === 'link' && o.family === 'inet6') return undefined;
    if (typeof o.dst === 'string' && /^fe80::[0-9a-f:]+$/.test(o.dst)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) {
      if (RANDOM_KEYS.has(k) && typeof x === 'string' && (/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(x) || /^[0-9a-f]{4}\./.test(x))) continue;
      if (k === 'link_netnsid') continue;
      out[k] = stable(x, k);
    }
    return out;
  }
  void key;
  return v;
}

describe.skipIf(skipping(IP_DIFF_SKIP))('changes through pure-ip = changes through ip', () => {
  const A = uniqueNs('ma');
  const B = uniqueNs('mb');
  const PA = uniqueNs('mpa');
  const PB = uniqueNs('mpb');
  afterAll(() => {
    for (const ns of [A, B, PA, PB]) realIp(['netns', 'del', ns]);
  });

  const COMMANDS: string[] = [
    'link set lo up',
    'link add v0 type veth peer name v1',
    'link add v2 mtu 9000 address 02:00:00:00:02:00 type veth peer name v3 mtu 9000 address 02:00:00:00:03:00',
    'link add v4 type veth peer name v5 netns PEER',
    'link add br0 type bridge',
    'link add br1 type bridge stp_state 1 forward_delay 1500 hello_time 200 ageing_time 30000 priority 4096 mcast_snooping 0',
    'link add vx42 type vxlan id 42 local 192.0.2.1 dstport 4789 dev v0',
    'link add vx43 type vxlan id 43 group 239.1.1.43 dev v0 dstport 4789 ttl 10 nolearning',
    'link add mv0 link v1 type macvlan mode bridge',
    'link add mvt0 link v1 type macvtap mode vepa',
    'link add ifb0 type ifb',
    'link add d0 type dummy',
    'link add link v0 name v0.10 type vlan id 10',
    'link add bond0 type bond mode active-backup miimon 100',
    'link add vrf-blue type vrf table 10',
    'link add br2 type bridge vlan_filtering 1',
    'link add v0 type veth peer name v9',
    'link add v7 type veth peer name ..',
    'tuntap add dev tap0 mode tap',
    'tuntap add dev tun0 mode tun',
    'tuntap add dev tap1 mode tap multi_queue vnet_hdr',
    'link set dev v0 mtu 1400',
    'link set dev v1 address 02:00:00:00:00:01',
    'link set dev v3 name uplink0',
    'link set dev uplink0 alias "uplink port"',
    'link set dev uplink0 txqueuelen 500',
    'link set dev uplink0 promisc on',
    'link set dev v1 arp off',
    'link set dev v1 multicast off',
    'link set dev v1 allmulticast on',
    'link set v2 master br0',
    'link set mv0 up',
    'link set v0 up',
    'link set v1 up',
    'link set v2 up',
    'link set br0 up',
    'link set v2 nomaster',
    'link set v2 master br0',
    'link set dev v0 mtu 100000',
    'link set dev v0 mtu 10',
    'link set dev nonexist0 up',
    'link set v4 netns PEER',
    // `index N`: ifi_index of the new link (and of a veth peer); IFLA_NEW_IFINDEX when moving.
    'link add v10 index 77 type veth peer name v11 index 78',
    'link add v12 index 77 type veth peer name v13',
    'link add v14 index 0 type dummy',
    'link set v11 netns PEER index 99',
    'link set v10 index 5',
    'link set dev v10 netns -ns',
    'link set dev v10 mtu -1',
    // changelink requests as ip builds them: the kernel's answers must be the same.
    'link set dev vx42 type vxlan vni 43',
    'link set dev vx42 type vxlan ttl inherit',
    'link set dev vx42 type vxlan ttl 7',
    'link set dev vx42 type vxlan nolearning',
    'link set dev vx42 type vxlan ageing 100',
    'link set dev vx42 type vxlan dstport 4790',
    'link set dev br1 type bridge stp_state 0 priority 8192',
    'link set dev mv0 type macvlan mode private',
    'link del ifb0',
    'link delete dev vx43',
    'tuntap del dev tun0 mode tun',
    'addr add 192.0.2.1/24 broadcast 192.0.2.255 label v0:web dev v0',
    'addr add 198.51.100.7/24 brd + dev v0',
    'addr add 203.0.113.9 peer 203.0.113.10/32 dev v0',
    'addr add 192.0.2.50/24 dev v0 valid_lft 3600 preferred_lft 1800',
    'addr change 192.0.2.50/24 dev v0 valid_lft 600 preferred_lft 0',
    'addr replace 192.0.2.60/24 dev v0',
    'addr add 192.0.2.1/24 dev v0',
    'addr add 127.0.0.2/8 dev lo',
    'addr add 198.18.0.1/24 dev v1 metric 77',
    '-6 addr add 2001:db8:1::1/64 dev v0 nodad',
    '-6 addr add 2001:db8:2::1/64 dev v0 nodad noprefixroute',
    '-6 addr add 2001:db8:3::1/64 dev v0 nodad valid_lft 7200 preferred_lft 3600',
    '-6 addr add 2001:db8:ffff::1/64 dev v1 nodad',
    'addr del 192.0.2.60/24 dev v0',
    'addr del 192.0.2.99/24 dev v0',
    '-6 addr del 2001:db8::99/64 dev v0',
    'route add default via 192.0.2.254',
    'route add 198.51.100.0/24 via 192.0.2.254 table 100 metric 50',
    'route add 198.51.100.0/24 via 192.0.2.254 table 1000',
    'route add 10.20.0.0/16 via 192.0.2.253 metric 100 proto static',
    'route add 10.21.0.0/16 via 192.0.2.252 mtu lock 1300 hoplimit 32 advmss 1360',
    'route add 10.22.0.0/16 dev v0 scope link src 192.0.2.1',
    'route add 203.0.113.0/24 nexthop via 192.0.2.2 dev v0 weight 1 nexthop via 198.18.0.2 dev v1 weight 3',
    'route add blackhole 203.0.113.128/25',
    'route add unreachable 198.51.100.128/25',
    'route add prohibit 198.51.100.64/26',
    'route add 172.16.0.0/16 via 198.18.5.1 dev v0 onlink',
    'route add 198.51.100.0/24 via 192.0.2.254 table 100 metric 50',
    'route add 198.51.100.0/24 via 203.0.113.1',
    'route replace 10.20.0.0/16 via 192.0.2.250 metric 100 proto static',
    'route change 10.22.0.0/16 dev v0 scope link src 192.0.2.50',
    'route append 10.23.0.0/16 via 192.0.2.5',
    'route del 10.21.0.0/16',
    'route del 10.99.0.0/16',
    '-6 route add 2001:db8:99::/64 nexthop via 2001:db8:1::2 dev v0 nexthop via 2001:db8:ffff::2 dev v1',
    '-6 route add 2001:db8:100::/48 via 2001:db8:1::fe table 100 metric 1024',
    '-6 route add default via 2001:db8:1::fe',
    '-6 route add 2001:db8:1::/64 via 2001:db8:ffff::1',
    '-6 route add blackhole 2001:db8:dead::/48',
    // prepend (NLM_F_CREATE) / append (NLM_F_CREATE|NLM_F_APPEND): the order of same-key routes.
    'route add 10.30.0.0/24 via 192.0.2.254',
    'route prepend 10.30.0.0/24 via 192.0.2.253',
    'route append 10.30.0.0/24 via 192.0.2.252',
    'route prepend 10.30.0.0/24 via 192.0.2.253',
    '-6 route prepend 2001:db8:30::/64 via 2001:db8:1::fe dev v0',
    '-6 route append 2001:db8:30::/64 via 2001:db8:1::fd dev v0',
    // lightweight tunnel metadata (encap ip / ip6), attributes in command-line order.
    'route add 10.31.0.0/24 encap ip id 5 dst 192.0.2.9 src 192.0.2.1 ttl 3 tos 4 seq key csum dev v0',
    'route add 10.32.0.0/24 encap ip6 dst 2001:db8::9 id 0x10 hoplimit 3 tc 2 key dev v0',
    '-6 route add 2001:db8:31::/64 encap ip6 dst 2001:db8::9 src 2001:db8::1 dev v0',
    '-6 route add 2001:db8:32::/64 encap ip dst 192.0.2.9 id 7 dev v0',
    'route add 10.33.0.0/24 encap ip id x dev v0',
    'route add 10.34.0.0/24 encap ip ttl 3 ttl 4 dev v0',
    'route add 10.35.0.0/24 encap ip dst 2001:db8::1 dev v0',
    'route add 10.36.0.0/24 encap xfrm if_id 5',
    'route add 10.37.0.0/24 encap xfrm link_dev v0',
    'route add 10.38.0.0/24 nexthop via 192.0.2.254 encap ip id 9 dst 192.0.2.8 dev v0 nexthop via 192.0.2.253 dev v0',
    'neigh add 192.0.2.77 lladdr 02:00:00:00:00:77 dev v0',
    'neigh add 192.0.2.78 lladdr 02:00:00:00:00:78 dev v0 nud reachable',
    'neigh replace 192.0.2.77 lladdr 02:00:00:00:00:70 dev v0',
    'neigh change 192.0.2.78 lladdr 02:00:00:00:00:79 dev v0 nud stale',
    '-6 neigh add 2001:db8:1::77 lladdr 02:00:00:00:00:79 dev v0 router',
    'neigh del 192.0.2.99 dev v0',
    'neigh add 192.0.2.80 dev v0 nud noarp',
    'rule add from 10.0.0.0/8 table 100 pref 100',
    'rule add to 172.16.0.0/12 fwmark 0x10/0xff lookup 1000 pref 200',
    'rule add iif v0 blackhole pref 300',
    'rule add not from 192.0.2.0/24 prohibit pref 400',
    'rule add from 198.51.100.0/24 goto 500 pref 450',
    'rule add from all ipproto tcp dport 80-90 table 100 pref 460',
    '-6 rule add from 2001:db8::/32 table 100 pref 500',
    'rule del pref 400',
    'neigh flush dev v0',
    '-6 addr flush dev v0 scope global',
    'route flush table 1000',
    'route flush 10.23.0.0/16',
  ];

  test('one command at a time', async () => {
    for (const ns of [A, B, PA, PB]) expect(realIp(['netns', 'add', ns]).code).toBe(0);
    for (const ns of [A, B]) realIp(['netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv6.conf.default.accept_dad=0']);
    for (const c of COMMANDS) {
      const words = (c.match(/"[^"]*"|\S+/g) ?? []).map((w) => w.replace(/^"(.*)"$/, '$1'));
      const ours = await pureIp(['-n', A, ...words.map((w) => (w === 'PEER' ? PA : w))]);
      const theirs = realIp(['-n', B, ...words.map((w) => (w === 'PEER' ? PB : w))]);
      expect({ c, code: ours.code, stderr: ours.stderr, stdout: ours.stdout }).toEqual({ c, code: theirs.code, stderr: theirs.stderr, stdout: theirs.stdout });
    }
    await new Promise((r) => setTimeout(r, 200));
    for (const show of ['-d link show', 'addr show', 'route show table all', '-6 route show table all', 'neigh show', 'rule show', '-6 rule show', 'tuntap show']) {
      const args = show.split(' ');
      const sa = JSON.parse(realIp(['-n', A, '-j', ...args]).stdout || 'null');
      const sb = JSON.parse(realIp(['-n', B, '-j', ...args]).stdout || 'null');
      expect(stable(normalizeJson(sa)), show).toEqual(stable(normalizeJson(sb)));
    }
    const pa = JSON.parse(realIp(['-n', PA, '-j', 'link']).stdout);
    const pb = JSON.parse(realIp(['-n', PB, '-j', 'link']).stdout);
    expect(stable(pa)).toEqual(stable(pb));
  }, 300000);
});

describe.skipIf(skipping(IP_DIFF_SKIP))('address corner cases like ip', () => {
  const A = uniqueNs('ca');
  const B = uniqueNs('cb');
  afterAll(() => {
    for (const ns of [A, B]) realIp(['netns', 'del', ns]);
  });
  test('wildcard deletion, brd -, scope host for 127/8, readonly flags', async () => {
    for (const ns of [A, B]) {
      expect(realIp(['netns', 'add', ns]).code).toBe(0);
      expect(realIp(['-n', ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']).code).toBe(0);
    }
    const cmds = [
      'addr add 192.0.2.1/24 dev v0', 'addr add 192.0.2.2/25 brd - dev v0', 'addr del 192.0.2.1 dev v0',
      'addr add 127.0.0.9/8 dev lo', 'addr add 10.0.0.1/8 dev v0 permanent', 'addr add 10.0.0.2/8 dev v0 nodad',
      '-6 addr add 2001:db8::1/64 dev v0 tentative nodad', 'addr del 10.9.9.9 dev v0',
    ];
    for (const c of cmds) {
      const ours = await pureIp(['-n', A, ...c.split(' ')]);
      const theirs = realIp(['-n', B, ...c.split(' ')]);
      expect({ c, ...ours }).toEqual({ c, ...theirs });
    }
    const sa = realIp(['-n', A, '-4', 'addr', 'show', 'dev', 'v0']).stdout.split('\n').slice(2).join('\n');
    const sb = realIp(['-n', B, '-4', 'addr', 'show', 'dev', 'v0']).stdout.split('\n').slice(2).join('\n');
    expect(sa).toBe(sb);
  }, 30000);
});
