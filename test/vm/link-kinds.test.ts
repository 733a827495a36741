/**
 * Every link kind the schemas know, against Debian's kernel in the VM lane (npm run test:vm):
 * created through the API with typed options, read back and compared with `ip -d -j` field by
 * field, `pure-ip -d` text and `-d -j` JSON compared with `ip`'s for the whole namespace
 * (links and addresses), changed where the kernel has changelink, compared again, deleted.
 * Kinds this kernel cannot make are listed in test/vm/state.ts (UNAVAILABLE) with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Netlink, type Handle } from '../../src/api/index.js';
import type { LinkAddOptions } from '../../src/api/link.js';
import { linkDump, type LinkMessageBody } from '../../src/rtnl/index.js';
import { useKernelNamespaces } from '../support/kernel.js';
import { compareInfoData } from './compare.js';
import { IN_VM, ipDiffs } from './vm.js';

interface KindCase {
  /** What the API is given. */
  add: LinkAddOptions;
  /** Decoded IFLA_INFO_DATA must contain these (what was asked for, as the kernel keeps it). */
  expect?: Record<string, unknown>;
  /**
   * A changelink (`ip link set NAME type KIND ...`) and what the data holds after it. IP tunnels
   * rebuild their whole configuration from the attributes sent (iproute2 reads the link first and
   * sends everything), so their changes repeat the addresses.
   */
  change?: { data: Record<string, unknown>; expect: Record<string, unknown> };
}

const V4 = '192.0.2.1';
const V6 = '2001:db8::1';

/** In creation order: parents first. */
const CASES: KindCase[] = [
  { add: { kind: 'veth', name: 'u0', peer: { name: 'u1' }, up: true } },
  { add: { kind: 'dummy', name: 'd0', address: '02:00:00:00:00:d0', mtu: 1400 } },
  { add: { kind: 'dummy', name: 'd1' } },
  { add: { kind: 'dummy', name: 'd2' } },
  { add: { kind: 'dummy', name: 'd3' } },
  { add: { kind: 'dummy', name: 'd4' } },
  { add: { kind: 'dummy', name: 'd5' } },
  { add: { kind: 'dummy', name: 'd6' } },
  { add: { kind: 'dummy', name: 'd7' } },
  { add: { kind: 'dummy', name: 'd8' } },
  {
    add: { kind: 'vlan', name: 'vl100', link: 'u0', id: 100, data: { flags: { flags: ['gvrp', 'loose_binding'], mask: 0x1f }, egressQos: { mapping: [{ from: 0, to: 3 }, { from: 1, to: 4 }] }, ingressQos: { mapping: [{ from: 2, to: 5 }] } } },
    expect: { id: 100, protocol: '802.1Q' },
    change: { data: { egressQos: { mapping: [{ from: 2, to: 6 }] }, flags: { flags: ['reorder_hdr'], mask: 1 } }, expect: { id: 100 } },
  },
  { add: { kind: 'vlan', name: 'vlad', link: 'u0', id: 200, protocol: '802.1ad', data: { flags: { flags: ['mvrp'], mask: 0x8 } } }, expect: { id: 200, protocol: '802.1ad' } },
  { add: { kind: 'vlan', name: 'vlq', link: 'vlad', id: 300 }, expect: { id: 300, protocol: '802.1Q' } },
  {
    add: { kind: 'bond', name: 'bd0', mode: 'active-backup', miimon: 100, data: { updelay: 200, downdelay: 200, primaryReselect: 'better', failOverMac: 'active', numPeerNotif: 3, resendIgmp: 2, allSlavesActive: 1, minLinks: 1, peerNotifDelay: 200 } },
    expect: { mode: 'active-backup', miimon: 100, updelay: 200, downdelay: 200, numPeerNotif: 3, minLinks: 1 },
    change: { data: { miimon: 200, updelay: 400, downdelay: 400 }, expect: { miimon: 200, updelay: 400 } },
  },
  {
    add: { kind: 'bond', name: 'bd1', mode: '802.3ad', miimon: 50, data: { adLacpRate: 'fast', xmitHashPolicy: 'layer3+4', adSelect: 'bandwidth', adActorSysPrio: 100, adUserPortKey: 5, adActorSystem: '02:00:00:00:00:aa', adLacpActive: 1 } },
    expect: { mode: '802.3ad', adActorSysPrio: 100, adUserPortKey: 5, adActorSystem: '02:00:00:00:00:aa' },
  },
  {
    add: { kind: 'bond', name: 'bd2', mode: 'balance-xor', data: { arpInterval: 100, arpIpTarget: ['192.0.2.10', '192.0.2.11'], nsIp6Target: ['2001:db8::10'], arpValidate: 'all', arpAllTargets: 'all', missedMax: 3 } },
    expect: { arpInterval: 100, arpIpTarget: ['192.0.2.10', '192.0.2.11'] },
  },
  { add: { kind: 'vrf', name: 'vrf0', table: 1001 }, expect: { table: 1001 } },
  { add: { kind: 'team', name: 'tm0' } },
  {
    add: { kind: 'gre', name: 'gre1', local: V4, remote: '198.51.100.1', ttl: 64, tos: 0x10, key: 42 },
    expect: { local: V4, remote: '198.51.100.1', ttl: 64, tos: 0x10, ikey: 42, okey: 42 },
    change: { data: { local: V4, remote: '198.51.100.1', ttl: 32, ikey: 42, okey: 42, iflags: 0x2000, oflags: 0x2000 }, expect: { ttl: 32, ikey: 42 } },
  },
  { add: { kind: 'gretap', name: 'gtap1', local: V4, remote: '198.51.100.2', dev: 'u0', data: { ikey: 1, okey: 2, iflags: 0x2000, oflags: 0x2000, fwmark: 5 } }, expect: { ikey: 1, okey: 2, fwmark: 5 } },
  { add: { kind: 'erspan', name: 'ers1', data: { local: V4, remote: '198.51.100.3', ikey: 10, okey: 10, iflags: 0x3000, oflags: 0x3000, erspanVer: 1, erspanIndex: 123 } }, expect: { erspanVer: 1, erspanIndex: 123 } },
  { add: { kind: 'erspan', name: 'ers2', data: { local: V4, remote: '198.51.100.4', ikey: 11, okey: 11, iflags: 0x3000, oflags: 0x3000, erspanVer: 2, erspanDir: 1, erspanHwid: 7 } }, expect: { erspanVer: 2, erspanDir: 1, erspanHwid: 7 } },
  { add: { kind: 'ip6gre', name: 'g6', local: V6, remote: '2001:db8::2', ttl: 32, data: { encapLimit: 4, flowinfo: 0x12345 } }, expect: { local: V6, remote: '2001:db8::2', ttl: 32, encapLimit: 4 } },
  { add: { kind: 'ip6gretap', name: 'g6tap', local: V6, remote: '2001:db8::3', key: 7 }, expect: { ikey: 7 } },
  { add: { kind: 'ip6erspan', name: 'e6', data: { local: V6, remote: '2001:db8::4', ikey: 12, okey: 12, iflags: 0x3000, oflags: 0x3000, erspanVer: 2, erspanDir: 0, erspanHwid: 3 } }, expect: { erspanHwid: 3 } },
  { add: { kind: 'ipip', name: 'ipip1', local: V4, remote: '198.51.100.5', ttl: 32, tos: 8, dev: 'u0' }, expect: { ttl: 32, tos: 8 }, change: { data: { local: V4, remote: '198.51.100.5', ttl: 16, tos: 8 }, expect: { ttl: 16, remote: '198.51.100.5' } } },
  { add: { kind: 'sit', name: 'sit1', local: V4, remote: '198.51.100.6', ttl: 64, data: { proto: 0 } }, expect: { ttl: 64, proto: 0 } },
  { add: { kind: 'sit', name: 'sit2', local: '192.0.2.7', data: { '6rdPrefix': '2001:db8:100::', '6rdPrefixlen': 40, '6rdRelayPrefix': '10.0.0.0', '6rdRelayPrefixlen': 8 } }, expect: { '6rdPrefixlen': 40 } },
  {
    add: { kind: 'ip6tnl', name: 't6', local: V6, remote: '2001:db8::5', ttl: 20, data: { proto: 41, encapLimit: 4 } },
    expect: { ttl: 20, proto: 41 },
    change: { data: { local: V6, remote: '2001:db8::5', ttl: 30, proto: 41, encapLimit: 4 }, expect: { ttl: 30, remote: '2001:db8::5' } },
  },
  { add: { kind: 'ip6tnl', name: 't6b', local: V6, remote: '2001:db8::6', data: { proto: 4 } }, expect: { proto: 4 } },
  // the typed tunnel options: mode, external, isatap, fwmark, ikey/okey
  { add: { kind: 'ipip', name: 'ipip3', local: V4, remote: '198.51.100.15', mode: 'any', fwmark: 3 }, expect: { proto: 0, fwmark: 3 } },
  { add: { kind: 'ipip', name: 'ipipx', external: true }, expect: { collectMetadata: true } },
  { add: { kind: 'sit', name: 'sit4', local: '192.0.2.8', mode: 'ip6ip', isatap: true }, expect: { proto: 41, flags: 1 } },
  { add: { kind: 'ip6tnl', name: 't6c', local: V6, remote: '2001:db8::7', mode: 'any', fwmark: 4 }, expect: { proto: 0, fwmark: 4 } },
  { add: { kind: 'geneve', name: 'gnv0', data: { id: 10, remote: '198.51.100.7', ttl: 32, tos: 0x10, port: 6082, df: 'set', udpCsum: 1 } }, expect: { id: 10, remote: '198.51.100.7', port: 6082 } },
  { add: { kind: 'geneve', name: 'gnvx', data: { collectMetadata: true, port: 6083, innerProtoInherit: true } }, expect: { collectMetadata: true } },
  { add: { kind: 'ip6tnl', name: 't6x', external: true }, expect: { collectMetadata: true } },
  { add: { kind: 'geneve', name: 'gnv6', data: { id: 11, remote6: '2001:db8::7', ttlInherit: 1, label: 1, udpZeroCsum6Tx: 1, udpZeroCsum6Rx: 1 } }, expect: { id: 11, remote6: '2001:db8::7' } },
  {
    add: { kind: 'vxlan', name: 'vx1', id: 100, local: V4, remote: '198.51.100.8', dev: 'u0', dstport: 4789, ttl: 10, tos: 0x20, learning: false, data: { portRange: { low: 1000, high: 2000 }, ageing: 100, limit: 10, proxy: 1, rsc: 1, l2miss: 1, l3miss: 1, udpCsum: 0, gbp: true, df: 'set' } },
    expect: { id: 100, local: V4, group: '198.51.100.8', port: 4789, ttl: 10, learning: 0, ageing: 100 },
    change: { data: { ageing: 300 }, expect: { ageing: 300 } },
  },
  { add: { kind: 'vxlan', name: 'vx6', id: 101, local: V6, group: 'ff05::100', dev: 'u0', dstport: 4790, data: { udpZeroCsum6Tx: 1, udpZeroCsum6Rx: 1, label: 5, ttlInherit: true } }, expect: { id: 101, group6: 'ff05::100' } },
  { add: { kind: 'vxlan', name: 'vxx', id: 0, dstport: 4791, data: { collectMetadata: 1 } }, expect: { collectMetadata: 1 } },
  { add: { kind: 'macvlan', name: 'mvpriv', link: 'u0', mode: 'private' }, expect: { mode: 'private' }, change: { data: { mode: 'vepa' }, expect: { mode: 'vepa' } } },
  { add: { kind: 'macvlan', name: 'mvbr', link: 'u0', mode: 'bridge', data: { bcQueueLen: 2000 } }, expect: { mode: 'bridge', bcQueueLen: 2000 } },
  { add: { kind: 'macvlan', name: 'mvsrc', link: 'u0', mode: 'source', data: { macaddrMode: 'add', macaddr: '02:00:00:00:01:01' } }, expect: { mode: 'source', macaddrCount: 1 } },
  { add: { kind: 'macvlan', name: 'mvpt', link: 'd0', mode: 'passthru', data: { flags: ['nopromisc'] } }, expect: { mode: 'passthru' } },
  { add: { kind: 'macvtap', name: 'mvt', link: 'u0', mode: 'bridge' }, expect: { mode: 'bridge' } },
  { add: { kind: 'ipvlan', name: 'ipv0', link: 'u1', data: { mode: 'l2', flags: [] } }, expect: { mode: 'l2' }, change: { data: { mode: 'l3' }, expect: { mode: 'l3' } } },
  { add: { kind: 'ipvlan', name: 'ipv1', link: 'd7', data: { mode: 'l3s', flags: ['private'] } }, expect: { mode: 'l3s' } },
  { add: { kind: 'ipvtap', name: 'ipt0', link: 'd8', data: { mode: 'l2', flags: ['vepa'] } }, expect: { mode: 'l2' } },
  { add: { kind: 'wireguard', name: 'wg0' } },
  { add: { kind: 'nlmon', name: 'nlmon0' } },
  {
    add: { kind: 'macsec', name: 'ms0', link: 'd6', data: { port: 11, encrypt: 1, incSci: 1, es: 0, scb: 0, protect: 1, replayProtect: 1, window: 32, validation: 'strict', encodingSa: 1, icvLen: 16 } },
    expect: { encrypt: 1, window: 32, validation: 'strict', encodingSa: 1 },
    change: { data: { encrypt: 0 }, expect: { encrypt: 0 } },
  },
  { add: { kind: 'xfrm', name: 'xfrm0', link: 'u0', data: { ifId: 7 } }, expect: { ifId: 7 } },
  { add: { kind: 'vti', name: 'vti1', local: V4, remote: '198.51.100.9', data: { ikey: 5, okey: 6 } }, expect: { ikey: 5, okey: 6 } },
  { add: { kind: 'vti6', name: 'vti6a', local: V6, remote: '2001:db8::9', key: 8 }, expect: { ikey: 8 } },
  { add: { kind: 'vti', name: 'vti2', local: V4, remote: '198.51.100.19', ikey: 7, okey: 8, fwmark: 2 }, expect: { ikey: 7, okey: 8, fwmark: 2 } },
  { add: { kind: 'vcan', name: 'vcan0' } },
  { add: { kind: 'vxcan', name: 'vxc0', peer: { name: 'vxc1' } } as LinkAddOptions },
  { add: { kind: 'bridge', name: 'br0', stp: false } },
  { add: { kind: 'ifb', name: 'ifb0' } },
];

/** Enslavements after creation: port → master. */
const PORTS: Array<[port: string, master: string]> = [['d1', 'bd0'], ['d2', 'bd0'], ['d3', 'bd1'], ['d4', 'vrf0'], ['d5', 'tm0']];

describe.skipIf(!IN_VM)('every link kind against Debian\'s kernel (VM lane)', () => {
  const env = useKernelNamespaces(1, import.meta.url);
  let h: Handle;
  const ns = () => env.ns[0]!.name;

  beforeAll(async () => {
    h = await Netlink.open({ netns: ns() });
  });
  afterAll(async () => {
    await h?.context.close();
  });

  /** Our dump of the namespace (through the recording session: the coverage table counts it). */
  async function dump(): Promise<Map<string, LinkMessageBody>> {
    const bodies = await env.ns[0]!.dump<LinkMessageBody>(linkDump());
    return new Map(bodies.map((b) => [b.attrs.ifname!, b]));
  }

  it('creates every kind through the API', async () => {
    const failures: string[] = [];
    for (const c of CASES) {
      try {
        await h.link.add(c.add);
      } catch (e) {
        failures.push(`${c.add.kind} ${c.add.name}: ${(e as Error).message}`);
      }
    }
    for (const [port, master] of PORTS) {
      try {
        await h.link(port).master(master);
      } catch (e) {
        failures.push(`${port} master ${master}: ${(e as Error).message}`);
      }
    }
    await h.addr.add({ dev: 'u0', address: `${V4}/24` });
    await h.addr.add({ dev: 'd0', address: '10.1.0.1/24', validLft: 3600, preferredLft: 1800 });
    await h.addr.add({ dev: 'gre1', address: '10.2.0.1/32', peer: '10.2.0.2/32' });
    await h.addr.add({ dev: 'vrf0', address: '10.3.0.1/24' });
    await h.addr.add({ dev: 'bd0', address: '10.4.0.1/24', label: 'bd0:x' });
    expect(failures).toEqual([]);
  });

  it('reads every kind back: what was asked for, and every field ip -d -j prints', async () => {
    const byName = await dump();
    const ip = env.ns[0]!.ip<Array<Record<string, any>>>('link', 'show');
    const names = new Map([...byName.values()].map((b) => [b.header.index, b.attrs.ifname!]));
    const problems: string[] = [];
    for (const c of CASES) {
      const b = byName.get(c.add.name!);
      if (!b) {
        problems.push(`${c.add.name}: not in our dump`);
        continue;
      }
      expect(b.attrs.linkinfo?.kind, c.add.name).toBe(c.add.kind);
      if (c.expect) {
        try {
          expect(b.attrs.linkinfo?.data, `${c.add.name} data`).toMatchObject(c.expect);
        } catch (e) {
          problems.push((e as Error).message);
        }
      }
    }
    for (const l of ip) problems.push(...compareInfoData(l, byName.get(l.ifname)!, names));
    expect(problems).toEqual([]);
  });

  it('pure-ip -d link/addr show, text and JSON, equal ip\'s', async () => {
    expect(await ipDiffs(ns())).toEqual([]);
  });

  it('changes kinds that have changelink, then reads and prints them like ip', async () => {
    for (const c of CASES) if (c.change) await h.link(c.add.name!).set({ kind: c.add.kind, data: c.change.data });
    const byName = await dump();
    for (const c of CASES) if (c.change) expect(byName.get(c.add.name!)!.attrs.linkinfo?.data, `${c.add.name} after change`).toMatchObject(c.change.expect);
    expect(await ipDiffs(ns())).toEqual([]);
  });

  it('running bonds (802.3ad with its aggregator, active-backup with its active and primary slave) and altnames print like ip', async () => {
    const ip = (...args: string[]) => env.ns[0]!.ipText(...args);
    ip('link', 'property', 'add', 'dev', 'd0', 'altname', 'dummy-zero', 'altname', 'd0-second');
    await h.link('bd0').set({ kind: 'bond', data: { primary: (await h.link('d1').get()).index } });
    for (const l of ['d1', 'd2', 'bd0', 'd3', 'bd1']) await h.link(l).up();
    // the 802.3ad port gets its aggregator once the bond runs; its LACP state settles within a few LACPDU periods
    const deadline = Date.now() + 30_000;
    let byName = await dump();
    while (Date.now() < deadline && (byName.get('bd1')?.attrs.linkinfo?.data as { adInfo?: unknown } | undefined)?.adInfo === undefined) {
      await new Promise((r) => setTimeout(r, 500));
      byName = await dump();
    }
    await new Promise((r) => setTimeout(r, 5000));
    byName = await dump();
    expect(byName.get('bd1')!.attrs.linkinfo?.data).toMatchObject({ adInfo: { numPorts: 1 } });
    expect(byName.get('d3')!.attrs.linkinfo?.slaveData).toHaveProperty('adAggregatorId');
    expect(byName.get('bd0')!.attrs.linkinfo?.data).toMatchObject({ activeSlave: (await h.link('d1').get()).index, primary: (await h.link('d1').get()).index });
    expect(byName.get('d0')!.attrs.propList?.altIfname).toEqual(['dummy-zero', 'd0-second']);
    expect(await ipDiffs(ns())).toEqual([]);
  });

  it('deletes every link', async () => {
    for (const c of [...CASES].reverse()) await h.link.deleteIfExists(c.add.name!);
    // The tunnel modules' fallback devices stay (one per namespace; the kernel refuses to delete them).
    const fallback = ['lo', 'gre0', 'gretap0', 'erspan0', 'tunl0', 'sit0', 'ip6tnl0', 'ip6gre0', 'ip_vti0', 'ip6_vti0'];
    expect([...(await dump()).keys()].filter((n) => !fallback.includes(n))).toEqual([]);
  });
});
