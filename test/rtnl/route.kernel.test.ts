/**
 * Routes against the real kernel (root only): IPv4 and IPv6 routes in several tables (ids below
 * and above 255), with metric, gateway, prefsrc, multipath, blackhole / unreachable / prohibit,
 * onlink and RTA_METRICS are added with our builders, dumped and decoded, compared route by
 * route with `ip -j -d route show table all`, looked up (route get), replaced and deleted.
 */
import { describe, expect, it } from 'vitest';
import {
  addrAdd, linkAdd, linkGet, linkSet, routeAdd, routeAppend, routeChange, routeDelete, routeDump, routeGet, routeReplace,
  routeTable, type LinkMessageBody, type RouteMessage,
} from '../../src/rtnl/index.js';
import { isRoot, useKernelNamespaces, type KernelNs } from '../support/kernel.js';
import { NOT_ROOT, skipping } from '../support/probe.js';

const TABLE_NAMES: Record<number, string> = { 253: 'default', 254: 'main', 255: 'local' };

interface IpRoute {
  type: string;
  dst: string;
  [key: string]: unknown;
}

/** What `ip -j -d route show` prints for one of our decoded routes. */
function asIpPrints(r: RouteMessage, names: Map<number, string>): Record<string, unknown> {
  const h = r.header;
  const a = r.attrs;
  const full = h.family === 2 ? 32 : 128;
  const out: Record<string, unknown> = { type: h.type };
  out.dst = h.dstLen === 0 ? 'default' : h.dstLen === full ? a.dst : `${a.dst}/${h.dstLen}`;
  if (a.gateway !== undefined) out.gateway = a.gateway;
  if (a.oif !== undefined) out.dev = names.get(a.oif);
  const table = routeTable(r);
  out.table = TABLE_NAMES[table] ?? String(table);
  out.protocol = h.protocol;
  out.scope = h.scope;
  if (a.prefsrc !== undefined) out.prefsrc = a.prefsrc;
  if (a.priority !== undefined) out.metric = a.priority;
  out.flags = h.flags;
  if (a.pref !== undefined) out.pref = a.pref;
  if (a.metrics) {
    const { lock: _lock, ...m } = a.metrics;
    out.metrics = [m];
  }
  if (a.multipath) {
    out.nexthops = a.multipath.map((nh) => ({
      ...(nh.attrs.gateway !== undefined ? { gateway: nh.attrs.gateway } : {}),
      dev: names.get(nh.ifindex),
      weight: nh.hops + 1,
      flags: nh.flags,
    }));
  }
  return out;
}

/** Dump all routes of every table and family; compare with ip, route by route in dump order. */
async function compareWithIp(k: KernelNs, names: Map<number, string>): Promise<RouteMessage[]> {
  // The kernel adds some routes asynchronously (IPv6 local routes of new addresses come from
  // addrconf's work queue): compare once the two reads agree or 3 s have passed.
  for (let attempt = 0; ; attempt++) {
    const ours = await k.dump(routeDump());
    const ip = k.ip<IpRoute[]>('route', 'show', 'table', 'all');
    const mine = ours.map((r) => asIpPrints(r, names));
    if (attempt >= 30 || JSON.stringify(mine) === JSON.stringify(ip)) {
      expect(mine).toEqual(ip);
      return ours;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(skipping(NOT_ROOT))('routes against the kernel (rtnl + session, compared with ip -j -d)', () => {
  const env = useKernelNamespaces(1, import.meta.url);
  const names = new Map<number, string>([[1, 'lo']]);
  let d0 = 0;
  let d1 = 0;
  const find = (routes: RouteMessage[], dst: string, table?: number) =>
    routes.find((r) => r.attrs.dst === dst && (table === undefined || routeTable(r) === table));

  it('adds routes of every shape and decodes them as ip prints them', async () => {
    const k = env.ns[0]!;
    await k.request(linkAdd({ ifname: 'pr0', kind: 'veth', peer: { ifname: 'pr1' } }));
    for (const n of ['pr0', 'pr1']) {
      const [l] = await k.request<LinkMessageBody>(linkGet(n));
      names.set(l!.header.index, n);
    }
    d0 = [...names].find(([, n]) => n === 'pr0')![0];
    d1 = [...names].find(([, n]) => n === 'pr1')![0];
    await k.batch([
      linkSet(d0, { up: true }), linkSet(d1, { up: true }),
      addrAdd({ address: '192.0.2.1/24', dev: d0 }), addrAdd({ address: '198.51.100.1/24', dev: d1 }),
      addrAdd({ address: '2001:db8::1/64', dev: d0, flags: ['nodad'] }), addrAdd({ address: '2001:db8:1::1/64', dev: d1, flags: ['nodad'] }),
    ]);
    await k.batch([
      routeAdd({ dst: '10.1.0.0/16', gateway: '192.0.2.2', dev: d0, metric: 100 }),
      routeAdd({ dst: '10.2.0.0/16', dev: d0, table: 100 }),
      routeAdd({ dst: '10.3.0.0/16', gateway: '192.0.2.2', table: 1000 }),
      routeAdd({ dst: '10.3.0.0/16', gateway: '198.51.100.2', table: 70000, metric: 7 }),
      routeAdd({ dst: '10.4.0.0/16', nexthops: [{ gateway: '192.0.2.2', dev: d0 }, { gateway: '198.51.100.2', dev: d1, weight: 3 }] }),
      routeAdd({ dst: '10.5.0.0/16', type: 'blackhole' }),
      routeAdd({ dst: '10.6.0.0/16', type: 'unreachable', table: 200 }),
      routeAdd({ dst: '10.7.0.0/16', type: 'prohibit', table: 200, metric: 5 }),
      routeAdd({ dst: '10.8.0.0/16', gateway: '203.0.113.1', dev: d0, onlink: true }),
      routeAdd({ dst: '10.9.0.0/16', gateway: '192.0.2.2', mtu: 1300, lock: ['mtu'], advmss: 1200, initcwnd: 10, initrwnd: 20, hoplimit: 32, window: 65535 }),
      routeAdd({ dst: '10.10.0.0/16', dev: d0, prefsrc: '192.0.2.1' }),
      routeAdd({ dst: '10.11.12.13/32', dev: d1, scope: 'link', protocol: 'static' }),
      routeAdd({ dst: 'default', gateway: '192.0.2.254', table: 300 }),
      routeAdd({ dst: '2001:db8:100::/48', gateway: '2001:db8::2', dev: d0, metric: 1024, pref: 'high' }),
      routeAdd({ dst: '2001:db8:200::/48', nexthops: [{ gateway: '2001:db8::2', dev: d0 }, { gateway: '2001:db8:1::2', dev: d1, weight: 2 }] }),
      routeAdd({ dst: '2001:db8:300::/48', type: 'blackhole', table: 300 }),
      routeAdd({ dst: '2001:db8:400::/48', type: 'unreachable', metric: 10 }),
      routeAdd({ dst: '2001:db8:500::/64', dev: d1, mtu: 1400, table: 5000 }),
    ]);
    const ours = await compareWithIp(k, names);
    expect(find(ours, '10.1.0.0')!.attrs).toMatchObject({ priority: 100, gateway: '192.0.2.2', oif: d0 });
    expect(find(ours, '10.3.0.0', 1000)!.header.table).toBe(252); // RT_TABLE_COMPAT: the id is in RTA_TABLE
    expect(find(ours, '10.3.0.0', 70000)!.attrs).toMatchObject({ table: 70000, priority: 7 });
    expect(find(ours, '10.4.0.0')!.attrs.multipath).toEqual([
      { flags: [], hops: 0, ifindex: d0, attrs: { gateway: '192.0.2.2' } },
      { flags: [], hops: 2, ifindex: d1, attrs: { gateway: '198.51.100.2' } },
    ]);
    expect(find(ours, '10.5.0.0')!.header.type).toBe('blackhole');
    expect(find(ours, '10.6.0.0')!.header).toMatchObject({ type: 'unreachable', table: 200 });
    expect(find(ours, '10.7.0.0')!.header.type).toBe('prohibit');
    expect(find(ours, '10.8.0.0')!.header.flags).toEqual(['onlink']);
    expect(find(ours, '10.9.0.0')!.attrs.metrics).toEqual({ lock: ['mtu'], mtu: 1300, advmss: 1200, initcwnd: 10, initrwnd: 20, hoplimit: 32, window: 65535 });
    expect(find(ours, '10.11.12.13')!.header).toMatchObject({ dstLen: 32, protocol: 'static', scope: 'link' });
    expect(ours.find((r) => routeTable(r) === 300 && r.header.family === 2)!.header.dstLen).toBe(0);
    expect(find(ours, '2001:db8:100::')!.attrs).toMatchObject({ pref: 'high', priority: 1024 });
    expect(find(ours, '2001:db8:200::')!.attrs.multipath?.map((n) => n.hops)).toEqual([0, 1]);
    expect(find(ours, '2001:db8:500::')!.attrs).toMatchObject({ table: 5000, metrics: { mtu: 1400 } });
  });

  it('filters dumps by table (kernel side with strict checking) and by family', async () => {
    const k = env.ns[0]!;
    const t200 = await k.dump(routeDump({ table: 200 }));
    expect(t200.map((r) => r.attrs.dst).sort()).toEqual(['10.6.0.0', '10.7.0.0']);
    const t70000 = await k.dump(routeDump({ table: 70000 }));
    expect(t70000.map((r) => r.attrs.dst)).toEqual(['10.3.0.0']);
    const v6main = await k.dump(routeDump({ family: 10, table: 254 }));
    expect(v6main.every((r) => r.header.family === 10 && routeTable(r) === 254)).toBe(true);
    const ipV6main = k.ip<IpRoute[]>('-6', 'route', 'show', 'table', 'main');
    // `ip route show table main` leaves the table out.
    expect(v6main.map((r) => ({ ...asIpPrints(r, names), table: undefined }))).toEqual(ipV6main.map((r) => ({ ...r, table: undefined })));
  });

  it('route get resolves like ip route get', async () => {
    const k = env.ns[0]!;
    const [r] = await k.request<RouteMessage>(routeGet({ dst: '10.1.2.3' }));
    const [ip] = k.ip<Array<Record<string, unknown>>>('route', 'get', '10.1.2.3');
    expect(r!.attrs).toMatchObject({ dst: '10.1.2.3', gateway: ip!.gateway, prefsrc: ip!.prefsrc });
    expect(names.get(r!.attrs.oif!)).toBe(ip!.dev);
    const [six] = await k.request<RouteMessage>(routeGet({ dst: '2001:db8:100::9' }));
    expect(six!.attrs).toMatchObject({ gateway: '2001:db8::2', oif: d0 });
    const [fib] = await k.request<RouteMessage>(routeGet({ dst: '10.4.9.9', fibmatch: true }));
    expect(fib!.header.dstLen).toBe(16);
    expect(fib!.attrs.multipath).toHaveLength(2);
    await expect(k.request(routeGet({ dst: '10.6.0.1' }))).rejects.toMatchObject({ code: 'ENETUNREACH' });
  });

  it('changes routes (replace, change, append) and reads them back', async () => {
    const k = env.ns[0]!;
    await k.batch([
      routeReplace({ dst: '10.1.0.0/16', gateway: '198.51.100.2', dev: d1, metric: 100, mtu: 1280 }),
      routeChange({ dst: '10.2.0.0/16', dev: d1, table: 100 }),
      routeAppend({ dst: '2001:db8:100::/48', gateway: '2001:db8:1::2', dev: d1, metric: 1024 }),
    ]);
    const ours = await compareWithIp(k, names);
    expect(find(ours, '10.1.0.0')!.attrs).toMatchObject({ gateway: '198.51.100.2', oif: d1, metrics: { mtu: 1280 } });
    expect(find(ours, '10.2.0.0', 100)!.attrs.oif).toBe(d1);
    // IPv6 append makes the route multipath.
    expect(find(ours, '2001:db8:100::')!.attrs.multipath?.map((n) => n.attrs.gateway)).toEqual(['2001:db8::2', '2001:db8:1::2']);
    await expect(k.request(routeAdd({ dst: '10.5.0.0/16', type: 'blackhole' }))).rejects.toMatchObject({ code: 'EEXIST' });
  });

  it('deletes routes', async () => {
    const k = env.ns[0]!;
    await k.batch([
      routeDelete({ dst: '10.1.0.0/16' }),
      routeDelete({ dst: '10.3.0.0/16', table: 1000 }),
      routeDelete({ dst: '10.3.0.0/16', table: 70000 }),
      routeDelete({ dst: '10.4.0.0/16' }),
      routeDelete({ dst: '10.5.0.0/16', type: 'blackhole' }),
      routeDelete({ dst: '10.6.0.0/16', table: 200 }),
      routeDelete({ dst: '10.7.0.0/16', table: 200 }),
      routeDelete({ dst: 'default', table: 300 }),
      routeDelete({ dst: '2001:db8:100::/48' }),
      routeDelete({ dst: '2001:db8:200::/48' }),
      routeDelete({ dst: '2001:db8:300::/48', table: 300 }),
      routeDelete({ dst: '2001:db8:500::/64', table: 5000 }),
    ]);
    const ours = await compareWithIp(k, names);
    for (const dst of ['10.1.0.0', '10.3.0.0', '10.4.0.0', '10.5.0.0', '10.6.0.0', '10.7.0.0', '2001:db8:100::', '2001:db8:200::', '2001:db8:300::', '2001:db8:500::']) {
      expect(find(ours, dst), dst).toBeUndefined();
    }
    expect(find(ours, '10.9.0.0')).toBeDefined();
    await expect(k.request(routeDelete({ dst: '10.1.0.0/16' }))).rejects.toMatchObject({ code: 'ESRCH' });
  });
});
