/**
 * Commands added after the first release (rule flush and rarer rule words, neigh get and
 * neighbour flags, route options, link groups ...): each sequence runs through pure-ip in one
 * namespace and through `ip` in another; every command's output and exit code, and the state
 * afterwards, must be the same. Root and `ip` needed.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { IP_DIFF_SKIP, pureIp, realIp, uniqueNs } from './helpers.js';
import { skipping } from '../support/probe.js';
import { normalizeJson, normalizeText } from './normalize.js';

const created: string[] = [];

/** Random per namespace: MACs, link-local addresses, bridge ids. */
function stable(v: unknown): unknown {
  // Sorted: neighbours come in hash order, which differs between namespaces.
  if (Array.isArray(v)) return v.map((x) => stable(x)).filter((x) => x !== undefined).sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o.scope === 'link' && o.family === 'inet6') return undefined;
    if (typeof o.dst === 'string' && /^fe80::[0-9a-f:]+$/.test(o.dst)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) {
      if (typeof x === 'string' && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(x) && k !== 'lladdr') continue;
      if (k === 'link_netnsid') continue;
      out[k] = stable(x);
    }
    return out;
  }
  return v;
}

const words = (c: string) => (c.match(/"[^"]*"|\S+/g) ?? []).map((w) => w.replace(/^"(.*)"$/, '$1'));

/**
 * Runs `setup` with ip in both namespaces, then each command through pure-ip (A) and ip (B); then
 * compares `shows`. PEER in a command is a third namespace of each side's own; `macs` hides MAC
 * addresses (random per link) in the outputs.
 */
async function sameAsIp(setup: string[], commands: string[], shows: string[], opts: { macs?: boolean } = {}): Promise<void> {
  const A = uniqueNs('ga');
  const B = uniqueNs('gb');
  const PA = uniqueNs('gpa');
  const PB = uniqueNs('gpb');
  for (const ns of [A, B, PA, PB]) {
    expect(realIp(['netns', 'add', ns]).code).toBe(0);
    created.push(ns);
  }
  for (const ns of [A, B]) {
    for (const c of setup) {
      const r = realIp(['-n', ns, ...words(c)]);
      expect(r.code, `setup ${c}: ${r.stderr}`).toBe(0);
    }
  }
  const hide = (t: string, self: string, peer: string) => {
    let out = normalizeText(t).split(peer).join('PEER').split(self).join('SELF');
    if (opts.macs) out = out.replace(/\b([0-9a-f]{2}:){5}[0-9a-f]{2}\b/g, 'MAC');
    return out;
  };
  for (const c of commands) {
    const ours = await pureIp(['-n', A, ...words(c).map((w) => w.replace('PEER', PA))]);
    const theirs = realIp(['-n', B, ...words(c).map((w) => w.replace('PEER', PB))]);
    const norm = (r: typeof ours, self: string, peer: string) => ({ c, code: r.code, stderr: hide(r.stderr, self, peer), stdout: hide(r.stdout, self, peer) });
    expect(norm(ours, A, PA)).toEqual(norm(theirs, B, PB));
  }
  for (const show of shows) {
    const args = words(show);
    const sa = JSON.parse(realIp(['-n', A, '-j', ...args]).stdout || 'null');
    const sb = JSON.parse(realIp(['-n', B, '-j', ...args]).stdout || 'null');
    const fix = (v: unknown, self: string, peer: string) => JSON.parse(hide(JSON.stringify(v), self, peer));
    expect(stable(normalizeJson(fix(sa, A, PA))), show).toEqual(stable(normalizeJson(fix(sb, B, PB))));
  }
}

describe.skipIf(skipping(IP_DIFF_SKIP))('added commands behave like ip', () => {
  afterAll(() => {
    for (const ns of created) realIp(['netns', 'del', ns]);
  });

  test('rule: realms, tun_id, l3mdev, suppress_ifgroup, nat; flush', async () => {
    await sameAsIp([], [
      'rule add from 10.0.0.0/8 nat 192.0.2.1 pref 10',
      'rule add from 10.0.0.0/8 nat 192.0.2.x pref 10',
      'rule add realms 3/4 from 10.2.0.0/16 table 5 pref 11',
      'rule add realms 0x30004 table 5 pref 17',
      'rule add realms 5/ table 5 pref 18',
      'rule add realms /5 table 5 pref 19',
      'rule add realms zz table 5 pref 19',
      'rule add tun_id 0x1234 table 6 pref 12',
      'rule add tun_id 18446744073709551615 table 6 pref 20',
      'rule add tun_id x table 6 pref 12',
      'rule add l3mdev pref 13',
      'rule add l3mdev table 5',
      'rule add l3mdev table 0 pref 21',
      'rule add suppress_ifgroup 5 table 7 pref 14',
      'rule add suppress_ifgroup default table 7 pref 22',
      'rule add suppress_ifgroup nosuchgroup table 7 pref 23',
      'rule add realms 7 table 8 pref 15',
      'rule add to 10.1.0.0/16 lookup 1000 proto static pref 16',
      '-d rule', '-j rule', 'rule show tun_id 4660', 'rule show l3mdev',
      'rule del tun_id 0x1234',
      'rule del realms 7',
      'rule flush protocol static',
      'rule',
      'rule flush table 5',
      'rule',
      'rule flush pref 22',
      '-j rule',
      'rule flush',
      'rule',
      '-6 rule add from 2001:db8::/32 table 100',
      '-6 rule add to 2001:db8:1::/48 table 101 pref 40',
      '-6 rule flush to 2001:db8:1::/48',
      '-6 rule',
      '-6 rule flush',
      '-6 rule',
      'rule flush',
    ], ['-d rule show', '-6 -d rule show']);
  }, 60000);

  test('neigh: get, use, managed, extern_learn, protocol', async () => {
    await sameAsIp(['link add v0 type veth peer name v1', 'link set v0 up', 'link set v1 up', 'addr add 10.0.0.1/24 dev v0'], [
      'neigh add 10.0.0.5 lladdr 02:00:00:00:00:05 dev v0',
      'neigh add 10.0.0.6 lladdr 02:00:00:00:00:06 dev v0 nud reachable router extern_learn protocol static',
      '-6 neigh add 2001:db8::6 dev v0 managed',
      '-6 neigh add 2001:db8::7 dev v0 managed nud stale lladdr 02:00:00:00:00:07',
      'neigh add proxy 10.0.0.9 dev v0',
      'neigh add 10.0.0.10 lladdr 02:00:00:00:00:10 dev v0 protocol 99',
      'neigh add 10.0.0.11 lladdr 02:00:00:00:00:11 dev v0 protocol bogus',
      'neigh add 10.0.0.12 dev v0 use',
      'neigh replace 10.0.0.13 lladdr 02:00:00:00:00:13 dev v0 nud permanent use',
      'neigh change 10.0.0.6 lladdr 02:00:00:00:00:66 dev v0 extern_learn',
      'neigh get 10.0.0.5 dev v0',
      '-j neigh get 10.0.0.5 dev v0',
      '-j -p neigh get 10.0.0.6 dev v0',
      'neigh get 10.0.0.6 dev v0',
      'neigh get 10.0.0.10 dev v0',
      'neigh get 10.0.0.7 dev v0',
      'neigh get 10.0.0.5',
      'neigh get dev v0',
      'neigh get 10.0.0.5 dev nope',
      'neigh get proxy 10.0.0.9 dev v0',
      'neigh get proxy 10.0.0.8 dev v0',
      'neigh get proxy 10.0.0.9',
      'neigh get 2001:db8::6 dev v0',
      'neigh get 10.0.0.5 10.0.0.6 dev v0',
      'neigh get to 10.0.0.5 dev v0',
      'neigh get 10.0.0.5 dev v1',
      '-6 neigh get 10.0.0.5 dev v0',
      'neigh get 1.2.3.x dev v0',
      'neigh get help',
      'neigh g 10.0.0.13 dev v0',
      '-s neigh get 10.0.0.13 dev v0',
      'neigh show proxy',
      'neigh del 10.0.0.12 dev v0',
      '-6 neigh del 2001:db8::7 dev v0',
      'neigh del proxy 10.0.0.9 dev v0',
    ], ['neigh show nud permanent', 'neigh show proxy']);
  }, 60000);

  test('route: nhid, encap seg6/mpls, via inet6, nexthop realms, ttl-propagate; route get tos/ipproto/sport/dport', async () => {
    await sameAsIp([
      // No IPv6 link-local addresses: their local routes would differ by MAC (order) and by when DAD ends (presence).
      'link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02',
      'link set v0 addrgenmode none', 'link set v1 addrgenmode none', 'link set v0 up', 'link set v1 up', 'link set lo up', 'addr add 10.0.0.1/24 dev v0',
      '-6 addr add 2001:db8::1/64 dev v0 nodad', 'nexthop add id 2 via 10.0.0.2 dev v0', 'rule add ipproto tcp dport 80 table 100 pref 100',
      'route add default via 10.0.0.3 table 100',
    ], [
      'route add 10.5.0.0/16 nhid 2',
      'route add 10.6.0.0/16 nhid 99',
      'route add 10.6.0.0/16 nhid x',
      '-6 route add 2001:db8:5::/64 encap seg6 mode encap segs 2001:db8::2,2001:db8::3 dev v0',
      '-6 route add 2001:db8:6::/64 encap seg6 mode inline segs 2001:db8::2 hmac 7 dev v0',
      '-6 route add 2001:db8:7::/64 encap seg6 mode l2encap segs 2001:db8::9 dev v0',
      '-6 route add 2001:db8:8::/64 encap seg6 mode bogus segs 2001:db8::9 dev v0',
      '-6 route add 2001:db8:8::/64 encap seg6 segs 2001:db8::9 mode encap dev v0',
      '-6 route add 2001:db8:8::/64 encap seg6 mode encap segs 2001:db8::9',
      '-6 route add 2001:db8:8::/64 encap foo mode encap segs 2001:db8::9 dev v0',
      'route add 10.6.0.0/16 encap mpls 100/200 via 10.0.0.2 dev v0',
      'route add 10.6.0.0/16 encap mpls 100/200 ttl 5 via 10.0.0.2 dev v0',
      'route add 10.6.0.0/16 encap mpls x via 10.0.0.2 dev v0',
      'route add 10.6.0.0/16 encap mpls 100',
      'route add 10.8.0.0/16 via inet6 2001:db8::2 dev v0',
      'route add 10.9.0.0/16 nexthop via inet6 2001:db8::2 dev v0 nexthop via 10.0.0.3 dev v0',
      'route add 10.10.0.0/16 via 10.0.0.2 dev v0 realms 3/4',
      'route add 10.11.0.0/16 nexthop via 10.0.0.2 dev v0 realms 5 nexthop via 10.0.0.3 dev v0 realms 2/6',
      'route add 10.13.0.0/16 nexthop via 10.0.0.2 dev v0 realms zz',
      'route add 10.12.0.0/16 via 10.0.0.2 ttl-propagate enabled',
      'route add 10.14.0.0/16 via 10.0.0.2 ttl-propagate disabled',
      'route add 10.15.0.0/16 via 10.0.0.2 ttl-propagate maybe',
      'route add 10.16.0.0/16 realms 0x30004 via 10.0.0.2',
      'route', '-j route', 'route show table all', '-j route show table all', '-6 route', '-j -6 route', '-d -6 route', '-j -d -6 route',
      'route get 10.5.1.1',
      'route get 10.5.1.1 tos 0x10',
      'route get 10.5.1.1 tos bogus',
      'route get 10.99.1.1 ipproto tcp dport 80',
      '-j route get 10.99.1.1 ipproto tcp dport 80',
      'route get 10.99.1.1 ipproto udp dport 80',
      'route get 10.99.1.1 ipproto tcp sport 1234 dport 80',
      'route get 10.99.1.1 ipproto 6 dport 80',
      'route get 10.99.1.1 ipproto bogus dport 80',
      'route get 10.99.1.1 dport 99999',
      'route get 10.99.1.1 sport x',
      'route get 10.99.1.1 mark 5 uid 1000',
      '-6 route get 2001:db8:5::1',
      '-j -6 route get 2001:db8:6::1',
      'route del 10.9.0.0/16',
      'route del 10.5.0.0/16 nhid 2',
    ], ['route show table all', '-6 route show table all']);
  }, 60000);

  test('link: groups (set, delete, show), mode, state, link-netns / link-netnsid, kernel-chosen names', async () => {
    await sameAsIp([], [
      'link add g0 group 5 type bridge',
      'link add g1 group 5 type bridge',
      'link add g2 type bridge',
      'link add type bridge',
      'link add type veth',
      'link add va type veth',
      'link add vb type veth peer mtu 1400',
      'link set group 5 up',
      'link set group 5 mtu 1400',
      'link set group 5 group 6',
      'link show group 5',
      '-j link show group 5',
      'link show group 77',
      'link set group 99 up',
      'link add vd type veth peer name ve',
      'link set ve up',
      'link set vd mode dormant',
      'link set vd up',
      'link set vd mode bogus',
      'link set vd state up',
      'link set vd state DORMANT',
      'link set vd state bogus',
      'link add vm link-netns PEER type veth peer name vm1',
      'link add vn link-netnsid 0 type veth peer name vn1',
      'link add vo link-netns nosuchns type veth peer name vo1',
      'link add vp link-netnsid x type veth peer name vp1',
      'link add vq link-netnsid 0 link-netns PEER type veth peer name vq1',
      'link show',
      '-j link show',
      'link delete group 5',
      'link delete group 42',
      'link delete',
      'link show',
    ], ['-d link show'], { macs: true });
  }, 60000);

  test('address: anycast', async () => {
    await sameAsIp(['link add v0 type veth peer name v1'], [
      'addr add 10.0.0.1/24 anycast 10.0.0.9 dev v0',
      'addr add 10.0.0.2/24 anycast 10.0.0.9 anycast 10.0.0.8 dev v0',
      'addr add 10.0.0.3/24 anycast x dev v0',
      '-6 addr add 2001:db8::5/64 anycast 2001:db8::9 dev v0 nodad',
      'addr show dev v0',
    ], ['addr show dev v0'], { macs: true });
  }, 60000);
});
