/**
 * Neighbours against the real kernel (root only): permanent / noarp / stale IPv4 and IPv6
 * entries, router and proxy entries, and bridge FDB entries (AF_BRIDGE), added with our builders,
 * dumped and decoded, compared with `ip -j -d neigh show` and `bridge -j fdb show`, changed and
 * deleted.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REQUEST } from '../../src/netlink/constants.js';
import type { Request } from '../../src/netlink/message.js';
import {
  AF_BRIDGE, AF_INET, AF_INET6, RTM_DELNEIGH, RTM_NEWNEIGH, addrAdd, linkAdd, linkGet, linkSet, neighAdd, neighChange, neighDelete,
  neighDump, neighReplace, neighTableDump, type LinkMessageBody, type NeighMessage,
} from '../../src/rtnl/index.js';
import { isRoot, useKernelNamespaces, type KernelNs } from '../support/kernel.js';
import { NOT_ROOT, skipping } from '../support/probe.js';

interface IpNeigh {
  dst: string;
  dev: string;
  lladdr?: string;
  state: string[];
  router?: null;
  proxy?: null;
  [key: string]: unknown;
}

/** Compare our neighbour dump (IPv4 and IPv6, proxy or not) with `ip -j -d neigh show nud all` / `... show proxy`. */
async function compareWithIp(k: KernelNs, names: Map<number, string>, proxy = false): Promise<NeighMessage[]> {
  // The kernel adds IPv6 multicast / link-local entries by itself while links come up (MLD):
  // they may appear between our dump and ip's, so only the test's own entries are compared.
  const own = (dst: string | undefined) => dst !== undefined && !dst.startsWith('ff') && !dst.startsWith('fe80:');
  const ours = (await k.dump(neighDump({ proxy }))).filter((n) => (n.header.family === AF_INET || n.header.family === AF_INET6) && own(n.attrs.dst));
  // `nud all`: by default ip hides NOARP entries.
  const ip = k.ip<IpNeigh[]>('neigh', 'show', ...(proxy ? ['proxy'] : ['nud', 'all'])).filter((n) => own(n.dst));
  const key = (dst: string, dev: string) => `${dst}%${dev}`;
  expect(ours.map((n) => key(n.attrs.dst!, names.get(n.header.ifindex)!)).sort()).toEqual(ip.map((n) => key(n.dst, n.dev)).sort());
  for (const n of ip) {
    const mine = ours.find((o) => o.attrs.dst === n.dst && names.get(o.header.ifindex) === n.dev)!;
    expect(mine.attrs.lladdr, n.dst).toBe(n.lladdr);
    if (!proxy) expect([...mine.header.state].sort(), n.dst).toEqual([...n.state].sort());
    expect(mine.header.flags.includes('router'), `${n.dst}: router`).toBe('router' in n);
    expect(mine.header.flags.includes('proxy'), `${n.dst}: proxy`).toBe(proxy);
    if (n.protocol !== undefined) expect(mine.attrs.protocol).toBe(n.protocol);
  }
  return ours;
}

/** `bridge fdb add LLADDR dev PORT master static [vlan V]`, as iproute2 builds it (the neigh builder needs an IP dst). */
function fdbAdd(ifindex: number, lladdr: string, state: 'NOARP' | 'PERMANENT', vlan?: number): Request<NeighMessage> {
  return {
    type: RTM_NEWNEIGH,
    flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
    body: { header: { family: AF_BRIDGE, ifindex, state: [state], flags: ['master'], type: 'unspec' }, attrs: { lladdr, ...(vlan ? { vlan } : {}) } },
  };
}
function fdbDelete(ifindex: number, lladdr: string): Request<NeighMessage> {
  return {
    type: RTM_DELNEIGH,
    flags: NLM_F_REQUEST | NLM_F_ACK,
    body: { header: { family: AF_BRIDGE, ifindex, state: [], flags: ['master'], type: 'unspec' }, attrs: { lladdr } },
  };
}

describe.skipIf(skipping(NOT_ROOT))('neighbours against the kernel (rtnl + session, compared with ip -j -d)', () => {
  const env = useKernelNamespaces(1, import.meta.url);
  const names = new Map<number, string>([[1, 'lo']]);
  const idx = (n: string) => [...names].find(([, m]) => m === n)![0];

  it('adds permanent, noarp, stale, router and proxy entries (IPv4 and IPv6) and decodes them as ip prints them', async () => {
    const k = env.ns[0]!;
    await k.batch([
      linkAdd({ ifname: 'pn0', kind: 'veth', peer: { ifname: 'pn1' } }),
      linkAdd({ ifname: 'pn2', kind: 'veth', peer: { ifname: 'pn3' } }),
      linkAdd({ ifname: 'pnbr0', kind: 'bridge' }),
    ]);
    for (const n of ['pn0', 'pn1', 'pn2', 'pn3', 'pnbr0']) {
      const [l] = await k.request<LinkMessageBody>(linkGet(n));
      names.set(l!.header.index, n);
    }
    const d0 = idx('pn0');
    await k.batch([
      linkSet(d0, { up: true }), linkSet(idx('pn1'), { up: true }),
      addrAdd({ address: '192.0.2.1/24', dev: d0 }),
      addrAdd({ address: '2001:db8::1/64', dev: d0, flags: ['nodad'] }),
      neighAdd({ dst: '192.0.2.2', lladdr: '02:00:00:00:01:02', dev: d0 }),
      neighAdd({ dst: '192.0.2.3', lladdr: '02:00:00:00:01:03', dev: d0, state: ['NOARP'] }),
      neighAdd({ dst: '192.0.2.4', lladdr: '02:00:00:00:01:04', dev: d0, state: ['STALE'], protocol: 'static' }),
      neighAdd({ dst: '2001:db8::2', lladdr: '02:00:00:00:01:05', dev: d0, router: true }),
      neighAdd({ dst: '2001:db8::3', lladdr: '02:00:00:00:01:06', dev: d0, state: ['STALE'] }),
      neighAdd({ dst: '192.0.2.50', dev: d0, proxy: true }),
      neighAdd({ dst: '2001:db8::50', dev: d0, proxy: true }),
    ]);
    const ours = await compareWithIp(k, names);
    const find = (dst: string) => ours.find((n) => n.attrs.dst === dst)!;
    expect(find('192.0.2.2').header).toMatchObject({ family: AF_INET, ifindex: d0, state: ['PERMANENT'] });
    expect(find('192.0.2.2').attrs.lladdr).toBe('02:00:00:00:01:02');
    expect(find('192.0.2.3').header.state).toEqual(['NOARP']);
    expect(find('192.0.2.4').attrs.protocol).toBe('static');
    expect(find('2001:db8::2').header.flags).toContain('router');
    expect(find('192.0.2.4').attrs.cacheinfo).toBeDefined();
    const proxies = await compareWithIp(k, names, true);
    expect(proxies.map((p) => p.attrs.dst).sort()).toEqual(['192.0.2.50', '2001:db8::50']);
    // Kernel-side filter by device and family.
    const v6 = await k.dump(neighDump({ family: AF_INET6, dev: d0 }));
    expect(v6.every((n) => n.header.family === AF_INET6 && n.header.ifindex === d0)).toBe(true);
    expect(v6.map((n) => n.attrs.dst)).toEqual(expect.arrayContaining(['2001:db8::2', '2001:db8::3']));
  });

  it('changes and replaces entries', async () => {
    const k = env.ns[0]!;
    const d0 = idx('pn0');
    await k.batch([
      neighChange({ dst: '192.0.2.2', lladdr: '02:00:00:00:02:02', dev: d0 }),
      neighReplace({ dst: '192.0.2.4', lladdr: '02:00:00:00:02:04', dev: d0 }),
      neighReplace({ dst: '192.0.2.5', lladdr: '02:00:00:00:02:05', dev: d0, state: ['REACHABLE'] }),
    ]);
    const ours = await compareWithIp(k, names);
    const find = (dst: string) => ours.find((n) => n.attrs.dst === dst)!;
    expect(find('192.0.2.2').attrs.lladdr).toBe('02:00:00:00:02:02');
    expect(find('192.0.2.4').header.state).toEqual(['PERMANENT']);
    expect(find('192.0.2.5').attrs.lladdr).toBe('02:00:00:00:02:05');
    await expect(k.request(neighAdd({ dst: '192.0.2.2', lladdr: '02:00:00:00:09:09', dev: d0 }))).rejects.toMatchObject({ code: 'EEXIST' });
  });

  it('bridge FDB entries (AF_BRIDGE): added, dumped and compared with bridge -j fdb show, deleted', async () => {
    const k = env.ns[0]!;
    const port = idx('pn2');
    await k.batch([linkSet(port, { master: idx('pnbr0') })]);
    await k.batch([
      fdbAdd(port, '02:00:00:00:03:01', 'NOARP'),
      fdbAdd(port, '02:00:00:00:03:02', 'PERMANENT'),
    ]);
    // The whole FDB: the bridge's entries (master) and the devices' own ones (self: 33:33:00:00:00:01...).
    const fdb = (await k.dump(neighDump({ family: AF_BRIDGE }))).filter((n) => n.header.family === AF_BRIDGE);
    const bridgeJson = JSON.parse(execFileSync('bridge', ['-n', k.name, '-j', 'fdb', 'show'], { encoding: 'utf8' })) as Array<Record<string, any>>;
    const key = (mac: string, dev: string) => `${mac}%${dev}`;
    expect(fdb.map((n) => key(n.attrs.lladdr!, names.get(n.header.ifindex)!)).sort()).toEqual(bridgeJson.map((e) => key(e.mac, e.ifname)).sort());
    for (const e of bridgeJson) {
      const mine = fdb.find((n) => n.attrs.lladdr === e.mac && names.get(n.header.ifindex) === e.ifname)!;
      // bridge prints NUD_NOARP as "static", NUD_PERMANENT as "permanent", else nothing.
      const state = mine.header.state.includes('NOARP') ? 'static' : mine.header.state.includes('PERMANENT') ? 'permanent' : '';
      expect(state, e.mac).toBe(e.state);
      for (const flag of ['self', 'master', 'extern_learn', 'offload', 'sticky'] as const) {
        expect(mine.header.flags.includes(flag), `${e.mac}: ${flag}`).toBe((e.flags as string[] | undefined)?.includes(flag) ?? false);
      }
      if (e.master) expect(names.get(mine.attrs.master!), e.mac).toBe(e.master);
      if (e.vlan !== undefined) expect(mine.attrs.vlan).toBe(e.vlan);
    }
    const mine = fdb.find((n) => n.attrs.lladdr === '02:00:00:00:03:01')!;
    expect(mine.header).toMatchObject({ ifindex: port, state: ['NOARP'] });
    expect(mine.attrs.master).toBe(idx('pnbr0'));
    await k.batch([fdbDelete(port, '02:00:00:00:03:01'), fdbDelete(port, '02:00:00:00:03:02')]);
    // Kernel-side NDA_MASTER filter: only the bridge's entries.
    const after = (await k.dump(neighDump({ family: AF_BRIDGE, master: idx('pnbr0') }))).filter((n) => n.header.family === AF_BRIDGE);
    expect(after.every((n) => n.attrs.master === idx('pnbr0'))).toBe(true);
    expect(after.some((n) => n.attrs.lladdr?.startsWith('02:00:00:00:03:'))).toBe(false);
  });

  it('VXLAN FDB entries (dst, port, vni, via, src_vni, nexthop group) decode as bridge added them', async () => {
    const k = env.ns[0]!;
    const sh = (cmd: string, ...args: string[]) => execFileSync(cmd, ['-n', k.name, ...args]);
    sh('ip', 'link', 'add', 'pnvx', 'type', 'vxlan', 'id', '100', 'dstport', '4789', 'nolearning');
    sh('ip', 'link', 'add', 'pnvxx', 'type', 'vxlan', 'external', 'dstport', '4790', 'nolearning');
    sh('bridge', 'fdb', 'add', '02:00:00:00:04:01', 'dev', 'pnvx', 'dst', '198.51.100.1', 'port', '4800', 'vni', '200', 'via', 'pn0', 'self', 'permanent');
    sh('bridge', 'fdb', 'add', '02:00:00:00:04:02', 'dev', 'pnvxx', 'dst', '198.51.100.2', 'vni', '400', 'src_vni', '300', 'self', 'permanent');
    sh('ip', 'nexthop', 'add', 'id', '41', 'via', '198.51.100.3', 'fdb');
    sh('ip', 'nexthop', 'add', 'id', '42', 'group', '41', 'fdb');
    sh('bridge', 'fdb', 'add', '02:00:00:00:04:03', 'dev', 'pnvx', 'nhid', '42', 'self');
    const fdb = (await k.dump(neighDump({ family: AF_BRIDGE }))).filter((n) => n.attrs.lladdr?.startsWith('02:00:00:00:04:'));
    const by = (mac: string) => fdb.find((n) => n.attrs.lladdr === mac)?.attrs;
    expect(by('02:00:00:00:04:01')).toMatchObject({ dst: '198.51.100.1', port: 4800, vni: 200, ifindex: idx('pn0') });
    expect(by('02:00:00:00:04:02')).toMatchObject({ dst: '198.51.100.2', vni: 400, srcVni: 300 });
    expect(by('02:00:00:00:04:03')).toMatchObject({ nhId: 42 });
    // bridge -j fdb show agrees on the tunnel fields it prints
    const bridgeJson = JSON.parse(execFileSync('bridge', ['-n', k.name, '-j', 'fdb', 'show', 'dev', 'pnvx'], { encoding: 'utf8' })) as Array<Record<string, unknown>>;
    expect(bridgeJson.find((e) => e.mac === '02:00:00:00:04:01')).toMatchObject({ dst: '198.51.100.1', port: 4800, vni: 200, viaIf: 'pn0' });
    expect(bridgeJson.find((e) => e.mac === '02:00:00:00:04:03')).toMatchObject({ nhid: 42 });
    sh('ip', 'link', 'del', 'pnvx');
    sh('ip', 'link', 'del', 'pnvxx');
    sh('ip', 'nexthop', 'flush');
  });

  it('dumps the neighbour tables (ip ntable)', async () => {
    const k = env.ns[0]!;
    const tables = await k.dump(neighTableDump());
    const arp = tables.find((t) => t.attrs.name === 'arp_cache' && t.attrs.parms?.ifindex === undefined)!;
    expect(arp.attrs).toMatchObject({ thresh1: expect.any(Number), config: { keyLen: 4 } });
    expect(tables.some((t) => t.attrs.name === 'ndisc_cache')).toBe(true);
    expect(tables.some((t) => t.attrs.parms?.ifindex === idx('pn0'))).toBe(true);
  });

  it('deletes entries', async () => {
    const k = env.ns[0]!;
    const d0 = idx('pn0');
    await k.batch([
      neighDelete({ dst: '192.0.2.2', dev: d0 }),
      neighDelete({ dst: '2001:db8::2', dev: d0 }),
      neighDelete({ dst: '192.0.2.50', dev: d0, proxy: true }),
    ]);
    const ours = await compareWithIp(k, names);
    expect(ours.map((n) => n.attrs.dst)).not.toContain('192.0.2.2');
    expect(ours.map((n) => n.attrs.dst)).not.toContain('2001:db8::2');
    const proxies = await compareWithIp(k, names, true);
    expect(proxies.map((p) => p.attrs.dst)).toEqual(['2001:db8::50']);
    await expect(k.request(neighDelete({ dst: '192.0.2.2', dev: d0 }))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
