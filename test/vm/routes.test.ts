/**
 * What this machine's kernel lacks besides link kinds, against Debian's kernel in the VM lane:
 * seg6 / seg6local / MPLS / ip / ILA lightweight tunnels on routes, MPLS routes (mpls_router),
 * nexthop objects with those encaps and routes using them, and the IPMR / IP6MR rules. Routes
 * and nexthops are made through the API where it has the verb (ip too for some, and otherwise:
 * ILA, MPLS routes, mrules); `pure-ip -d` text and JSON
 * must equal `ip`'s, and our decoding of the multicast rules must match `ip -j mrule show`.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Netlink, type Handle, type RouteOptions } from '../../src/api/index.js';
import { AF_MPLS, RTNL_FAMILY_IP6MR, RTNL_FAMILY_IPMR, routeDump, routeGet, ruleDump } from '../../src/rtnl/index.js';
import { useKernelNamespaces } from '../support/kernel.js';
import { IN_VM, ipDiffs } from './vm.js';

describe.skipIf(!IN_VM)('routes and rules the host kernel lacks (VM lane)', () => {
  const env = useKernelNamespaces(1, import.meta.url);
  let h: Handle;
  const ns = () => env.ns[0]!.name;
  const ip = (...args: string[]) => execFileSync('ip', ['-n', ns(), ...args], { encoding: 'utf8' });
  const sysctl = (kv: string) => execFileSync('ip', ['netns', 'exec', ns(), 'sysctl', '-qw', kv]);

  beforeAll(async () => {
    h = await Netlink.open({ netns: ns() });
    await h.link.add({ kind: 'veth', name: 'u0', peer: { name: 'u1' }, up: true });
    await h.link('u1').up();
    await h.link.add({ kind: 'vxlan', name: 'vxx', id: 0, dstport: 4791, up: true, data: { collectMetadata: 1 } });
    sysctl('net.ipv6.conf.all.accept_dad=0');
    sysctl('net.ipv6.conf.u0.accept_dad=0');
    await h.addr.add({ dev: 'u0', address: '192.0.2.1/24' });
    await h.addr.add({ dev: 'u0', address: '2001:db8::1/64', flags: ['nodad'] });
  });
  afterAll(async () => {
    await h?.context.close();
  });

  it('seg6, seg6local, ILA and ip encaps, print like ip (-d, and -s for seg6local counters)', async () => {
    const u0 = (await h.link('u0').get()).index;
    // SEG6_LOCAL_COUNTERS must carry all three counters, zero (seg6_local.c parse_nla_counters), as ip's `count` sends them
    const routes: RouteOptions[] = [
      { dst: '2001:db8:5::/64', dev: 'u0', encap: { type: 'seg6', mode: 'encap', segs: ['2001:db8::2', '2001:db8::3'] } },
      { dst: '2001:db8:6::/64', dev: 'u0', encap: { type: 'seg6', mode: 'inline', segs: ['2001:db8::2'], hmac: 7 } },
      { dst: '2001:db8:7::/64', dev: 'u0', encap: { type: 'seg6', mode: 'l2encap', segs: ['2001:db8::4'] } },
      { dst: '2001:db8:8::1/128', dev: 'u0', encap: { type: 'seg6local', data: { action: 'end', counters: { packets: 0n, bytes: 0n, errors: 0n } } } },
      { dst: '2001:db8:8::2/128', dev: 'u0', encap: { type: 'seg6local', data: { action: 'end_x', nh6: '2001:db8::2' } } },
      { dst: '2001:db8:8::3/128', dev: 'u0', encap: { type: 'seg6local', data: { action: 'end_dt6', table: 100 } } },
      { dst: '2001:db8:8::4/128', dev: 'u0', encap: { type: 'seg6local', data: { action: 'end_dx4', nh4: '192.0.2.2' } } },
      { dst: '2001:db8:8::5/128', dev: 'u0', encap: { type: 'seg6local', data: { action: 'end_b6', srh: { segments: ['2001:db8::6', '2001:db8::7'] } } } },
      { dst: '2001:db8:8::6/128', dev: 'u0', encap: { type: 'seg6local', data: { action: 'end_dx2', oif: u0 } } },
      { dst: '2001:db8:8::7/128', dev: 'u0', encap: { type: 'seg6local', data: { action: 'end_dt46', vrftable: 1001 } } },
      { dst: '2001:db8:8::8/128', dev: 'u0', encap: { type: 'seg6local', data: { action: 'end', flavors: { operation: ['next_csid'], lcblockBits: 32, lcnodeFnBits: 16 } } } },
      { dst: '10.20.0.0/24', dev: 'vxx', encap: { type: 'ip', data: { id: 10n, dst: '198.51.100.1', ttl: 10, tos: 0 } } },
      { dst: '2001:db8:9::/64', dev: 'vxx', encap: { type: 'ip6', data: { id: 11n, dst: '2001:db8::99', hoplimit: 20 } } },
    ];
    // End.DT46 with a VRF table needs a VRF on it and the strict mode (seg6_local.c, vrftable)
    await h.link.add({ kind: 'vrf', name: 'vrf0', table: 1001, up: true });
    sysctl('net.vrf.strict_mode=1');
    const failures: string[] = [];
    for (const r of routes) {
      try {
        await h.route.add(r);
      } catch (e) {
        failures.push(`${r.dst} (${r.encap?.type}): ${(e as Error).message}`);
      }
    }
    // ILA (ila.ko): ip's `encap ila LOCATOR` is a 64-bit locator in four hex words; the route must be longer than /64
    execFileSync('modprobe', ['ila']);
    ip('-6', 'route', 'add', '2001:db8:10::1/128', 'encap', 'ila', '2001:0:0:1', 'csum-mode', 'neutral-map', 'ident-type', 'luid', 'hook-type', 'output', 'dev', 'u0');
    ip('-6', 'route', 'add', '2001:db8:10::2/128', 'encap', 'ila', '2001:0:0:2', 'csum-mode', 'adj-transport', 'ident-type', 'luid', 'hook-type', 'input', 'dev', 'u0');
    expect(failures).toEqual([]);
    const v6 = await env.ns[0]!.dump(routeDump({ family: 10 }));
    expect(v6.filter((r) => r.attrs.encapType === 'seg6local').length).toBe(8);
    expect(v6.filter((r) => r.attrs.encapType === 'ila').length).toBe(2);
    expect(await ipDiffs(ns(), [['-6', 'route', 'show'], ['-s', '-6', 'route', 'show'], ['-4', 'route', 'show']])).toEqual([]);
  });

  it('every route metric, realms and a route lookup with mark / iif / protocol / ports', async () => {
    await h.route.add({
      dst: '10.50.0.0/24', via: '192.0.2.2', realm: (1 << 16) | 2, mtu: 1400, lock: ['mtu'], window: 1000, rtt: 10, rttvar: 5, ssthresh: 10, cwnd: 10, advmss: 1000,
      reordering: 3, hoplimit: 10, initcwnd: 10, initrwnd: 10, features: ['ecn'], rtoMin: 10, quickack: 1, ccAlgo: 'reno', fastopenNoCookie: 1,
    });
    const v4 = await env.ns[0]!.dump(routeDump({ family: 2 }));
    expect(v4.find((r) => r.attrs.dst === '10.50.0.0')?.attrs.metrics).toMatchObject({ mtu: 1400, window: 1000, ccAlgo: 'reno', fastopenNoCookie: 1 });
    sysctl('net.ipv4.ip_forward=1');
    const got = await env.ns[0]!.request(routeGet({ dst: '10.50.0.1', src: '192.0.2.9', iif: (await h.link('u0').get()).index, mark: 7, ipProto: 6, sport: 1000, dport: 80 }));
    expect(got[0]?.attrs).toMatchObject({ dst: '10.50.0.1', mark: 7 });
    expect(await ipDiffs(ns(), [['-4', 'route', 'show']])).toEqual([]);
  });

  it('MPLS: encap on IP routes through the API, and MPLS routes (mpls_router), print like ip', async () => {
    // sysctl does not load modules: mpls_router makes /proc/sys/net/mpls; mpls_iptunnel the encap.
    execFileSync('modprobe', ['mpls_router']);
    execFileSync('modprobe', ['mpls_iptunnel']);
    sysctl('net.mpls.platform_labels=1000');
    sysctl('net.mpls.conf.u0.input=1');
    await h.route.add({ dst: '10.30.0.0/24', via: '192.0.2.2', encap: { type: 'mpls', labels: [100, 200], ttl: 20 } });
    ip('-f', 'mpls', 'route', 'add', '100', 'as', '200/300', 'via', 'inet', '192.0.2.2', 'dev', 'u0');
    ip('-f', 'mpls', 'route', 'add', '101', 'via', 'inet6', '2001:db8::2', 'dev', 'u0', 'ttl-propagate', 'disabled');
    ip('-f', 'mpls', 'route', 'add', '102', 'nexthop', 'as', '300', 'via', 'inet', '192.0.2.2', 'dev', 'u0', 'nexthop', 'as', '301', 'via', 'inet', '192.0.2.3', 'dev', 'u0');
    const mpls = await env.ns[0]!.dump(routeDump({ family: AF_MPLS }));
    expect(mpls.length).toBe(3);
    expect(mpls.find((r) => r.attrs.ttlPropagate !== undefined)?.attrs.ttlPropagate).toBe(0);
    expect(await ipDiffs(ns(), [['-f', 'mpls', 'route', 'show'], ['-4', 'route', 'show']])).toEqual([]);
  });

  it('nexthop objects (groups, MPLS and seg6 encaps, fdb) and routes using them (nhid) print like ip, -d nh_info too', async () => {
    ip('nexthop', 'add', 'id', '1', 'via', '192.0.2.2', 'dev', 'u0');
    await h.nexthop.add({ id: 2, gateway: '192.0.2.3', dev: 'u0' });
    await h.nexthop.add({ id: 3, encap: { type: 'mpls', labels: [100, 200], ttl: 9 }, gateway: '192.0.2.2', dev: 'u0' });
    await h.nexthop.add({ id: 4, encap: { type: 'seg6', mode: 'encap', segs: ['2001:db8::2', '2001:db8::3'] }, dev: 'u0' });
    // seg6 inline inserts an SRH into IPv6 packets: the kernel takes it on an IPv6 nexthop only.
    ip('-6', 'nexthop', 'add', 'id', '5', 'encap', 'seg6', 'mode', 'inline', 'segs', '2001:db8::4', 'dev', 'u0');
    await h.nexthop.add({ id: 6, gateway: '192.0.2.9', fdb: true });
    await h.nexthop.add({ id: 7, group: [6], fdb: true });
    ip('nexthop', 'add', 'id', '10', 'group', '1/2');
    await h.nexthop.add({ id: 11, group: [1, 3], type: 'resilient', resilient: { buckets: 4 } });
    await h.route.add({ dst: '10.40.0.0/24', nhid: 1 });
    await h.route.add({ dst: '10.41.0.0/24', nhid: 10 });
    await h.route.add({ dst: '10.42.0.0/24', nhid: 3 });
    await h.route.add({ dst: '10.43.0.0/24', nhid: 4 });
    await h.route.add({ dst: '10.44.0.0/24', nhid: 11 });
    await h.route.add({ dst: '2001:db8:20::/64', nhid: 5 });
    const routes = await env.ns[0]!.dump(routeDump({ family: 2 }));
    expect(routes.find((r) => r.attrs.dst === '10.41.0.0')?.attrs.nhId).toBe(10);
    expect((await h.nexthop.get(4)).encap).toMatchObject({ encapType: 'seg6', encap: { srh: { segments: ['2001:db8::3', '2001:db8::2'] } } });
    expect((await h.nexthop.get(3)).encap).toMatchObject({ encapType: 'mpls', encap: { ttl: 9 } });
    const shows = [['-4', 'route', 'show'], ['-6', 'route', 'show'], ['nexthop', 'show'], ['nexthop', 'show', 'fdb']];
    expect(await ipDiffs(ns(), shows, { details: false })).toEqual([]);
    expect(await ipDiffs(ns(), shows)).toEqual([]);
  });

  it('IPMR and IP6MR rules decode as ip mrule shows them', async () => {
    ip('-4', 'mrule', 'add', 'iif', 'u0', 'table', '100', 'pref', '100');
    ip('-6', 'mrule', 'add', 'iif', 'u0', 'table', '101', 'pref', '101');
    for (const [family, flag] of [[RTNL_FAMILY_IPMR, '-4'], [RTNL_FAMILY_IP6MR, '-6']] as const) {
      const ours = await env.ns[0]!.dump(ruleDump({ family }));
      const theirs = JSON.parse(ip('-j', flag, 'mrule', 'show')) as Array<Record<string, unknown>>;
      expect(ours.map((r) => r.attrs.priority ?? 0), `family ${family}`).toEqual(theirs.map((r) => r.priority));
      const added = ours.find((r) => r.attrs.priority === (family === RTNL_FAMILY_IPMR ? 100 : 101))!;
      expect(added.attrs).toMatchObject({ iifname: 'u0', table: family === RTNL_FAMILY_IPMR ? 100 : 101 });
      expect(theirs.find((r) => r.priority === added.attrs.priority)).toMatchObject({ iif: 'u0', table: String(added.attrs.table) });
    }
  });
});
